"""The published failures passing mentions may name, in memory."""

import datetime

from articles.linking.past_incidents import PastIncident, PastIncidents, Who

ROCKET, OTHER_ROCKET, FAMILY, MAKER, SHIP = 1, 2, 10, 20, 30


def incident(key, day, **relations):
    return PastIncident(
        key=key,
        title=f"Incident {key}",
        date=datetime.date.fromisoformat(day),
        on_pad=False,
        **relations,
    )


INDEX = PastIncidents(
    [
        incident(3, "2020-05-01", vehicles=frozenset({ROCKET}), families=frozenset({FAMILY})),
        incident(1, "2018-02-01", vehicles=frozenset({OTHER_ROCKET}), mission=7),
        incident(2, "2019-09-01", spacecraft=SHIP, spacecraft_name="Kite"),
        incident(4, "2021-01-01", agencies=frozenset({MAKER})),
    ]
)


def keys(found):
    return [item.key for item in found]


def test_the_incidents_of_several_records_come_once_each_in_date_order():
    who = Who(vehicles=frozenset({ROCKET, OTHER_ROCKET})) | Who(families=frozenset({FAMILY}))
    assert keys(INDEX.of(who)) == [1, 3]


def test_a_spacecraft_series_is_found_by_its_record_or_its_name_in_any_case():
    assert keys(INDEX.of(Who(spacecraft=frozenset({SHIP})))) == [2]
    assert keys(INDEX.of(Who(series=frozenset({"kite"})))) == [2]


def test_an_empty_who_is_false_and_finds_nothing():
    assert not Who()
    assert Who(agencies=frozenset({MAKER}))
    assert INDEX.of(Who()) == []


def test_the_incidents_of_a_mission_are_known_by_key():
    assert INDEX.of_mission(7) == {1}
    assert INDEX.of_mission(8) == set()
