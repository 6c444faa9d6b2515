"""Choosing the launch an article reports, from a small hand-made catalog."""

import datetime

import pytest

from articles.pipeline.launches import (
    CatalogLaunch,
    Clue,
    ClueKind,
    DateClue,
    Evidence,
    LaunchIndex,
    choose_launch,
    is_specific_name,
)
from incidents.partial_dates import PartialDate

ZEPHYR, ORKA = 1, 2  # vehicles
ZEPHYR_FAMILY = 10
KITE_SERIES = 20  # a spacecraft series
NOVA = 30  # an agency


def launch(key, name, date, *, vehicle=ZEPHYR, failed=False, spacecraft=None):
    return CatalogLaunch(
        key=key,
        name=name,
        date=datetime.date.fromisoformat(date),
        vehicle=vehicle,
        family=ZEPHYR_FAMILY if vehicle == ZEPHYR else None,
        spacecraft=spacecraft,
        site=None,
        agencies=frozenset({NOVA}),
        failed=failed,
    )


INDEX = LaunchIndex(
    [
        launch(100, "Dawn", "2019-03-02"),  # an ordinary word as a payload name
        launch(101, "Zephyr Demo 1", "2019-07-11", failed=True),
        launch(102, "Zephyr Demo 2", "2020-11-17", failed=True),
        launch(103, "Kite 7", "2022-09-21", vehicle=ORKA, spacecraft=KITE_SERIES),
        launch(104, "Kite 8", "2023-02-24", vehicle=ORKA, spacecraft=KITE_SERIES),
        launch(105, "Relay 4", "2019-07-14"),
        launch(106, "Dawn", "2021-08-28", failed=True),
        launch(107, "Zephyr Demo 3", "2024-07-11"),
    ]
)


def choose(*, clues=(), dates=(), published=None, failure=True):
    return choose_launch(
        INDEX, clues=clues, dates=dates, published=published, failure_report=failure
    )


def vehicle(key=ZEPHYR, weight=1.0):
    return Clue(ClueKind.VEHICLE, (key,), "Zephyr", weight=weight)


def named(*keys, text="Kite 7", weight=1.0):
    return Clue(ClueKind.MISSION, keys, text, specific=is_specific_name(text), weight=weight)


def on(date, weight=1.0):
    day = datetime.date.fromisoformat(date)
    return DateClue(day.year, day.month, day.day, weight)


def test_a_vehicle_and_a_date_in_the_text_pick_the_launch_of_that_day():
    choice = choose(clues=[vehicle()], dates=[on("2019-07-11")])
    assert choice.launch.key == 101


def test_more_evidence_gives_more_confidence():
    thin = choose(clues=[vehicle()], dates=[on("2019-07-11")])
    published = PartialDate(datetime.date(2019, 7, 12))
    more = choose(
        clues=[vehicle(), named(101, text="Zephyr Demo 1")],
        dates=[on("2019-07-11")],
        published=published,
    )
    assert more.launch == thin.launch
    assert more.confidence > thin.confidence


def test_a_vehicle_and_the_publication_date_pick_the_launch_days_before():
    choice = choose(clues=[vehicle()], published=PartialDate(datetime.date(2020, 11, 18)))
    assert choice.launch.key == 102


def test_a_day_without_a_year_picks_that_day_in_any_year():
    choice = choose(clues=[vehicle()], dates=[DateClue(None, 8, 28)])
    assert choice.launch.key == 106


def test_a_failure_report_prefers_a_launch_that_failed():
    dates = [DateClue(2019, 7, None)]  # July 2019: Zephyr Demo 1 (failed) and Relay 4
    assert choose(clues=[vehicle()], dates=dates).launch.key == 101
    assert choose(clues=[vehicle()], dates=dates, failure=False).launch.key == 105


def test_an_ordinary_word_as_a_name_never_decides_alone():
    assert choose(clues=[named(100, 106, text="Dawn")]).launch is None


def test_a_specific_name_beats_an_ordinary_one():
    clues = [named(106, text="Dawn"), named(103, text="Kite 7")]
    assert choose(clues=clues, failure=False).launch.key == 103


def test_shared_names_are_told_apart_by_the_dates():
    clues = [named(100, 106, text="Dawn")]
    choice = choose(clues=[*clues, vehicle()], dates=[on("2021-08-28")])
    assert choice.launch.key == 106


def test_a_launch_after_the_publication_date_cannot_be_the_one_reported():
    clues = [named(104, text="Kite 8")]
    published = PartialDate(datetime.date(2022, 12, 15))
    choice = choose(clues=clues, published=published)
    assert choice.launch is None
    assert choice.ranked[0].parts[Evidence.PUBLISHED] < 0


def test_a_spacecraft_still_flying_on_the_date_given_is_a_candidate():
    spacecraft = Clue(ClueKind.SPACECRAFT, (KITE_SERIES,), "Kite")
    choice = choose(clues=[spacecraft, named(103)], dates=[on("2022-12-14")])
    assert choice.launch.key == 103
    assert choice.ranked[0].parts[Evidence.DATED] > 0


def test_two_equally_good_launches_give_no_choice():
    clues = [named(101, text="Zephyr Demo 1"), named(102, text="Zephyr Demo 2")]
    published = PartialDate(datetime.date(2021, 1, 1))
    assert choose(clues=clues, published=published).launch is None


def test_without_a_day_of_publication_the_latest_of_close_launches_is_the_news():
    clues = [named(101, text="Zephyr Demo 1"), named(102, text="Zephyr Demo 2")]
    choice = choose(clues=clues)
    assert choice.launch.key == 102
    assert "latest" in choice.ranked[0].parts


def test_a_good_launch_named_only_by_rocket_and_date_is_not_a_failures_subject():
    choice = choose(clues=[vehicle()], dates=[on("2019-07-14")])
    relay = next(s for s in choice.ranked if s.launch.key == 105)
    assert relay.parts[Evidence.FLEW] < 0
    assert choice.launch is None or choice.launch.key != 105


def test_a_day_without_a_year_that_several_launches_share_says_less_to_each():
    choice = choose(clues=[vehicle()], dates=[DateClue(None, 7, 11)], failure=False)
    dated = {
        s.launch.key: s.parts[Evidence.DATED] for s in choice.ranked if s.launch.key in (101, 107)
    }
    assert dated == {101: 0.75, 107: 0.75}


@pytest.mark.parametrize(
    ("text", "specific"),
    [
        ("Soyuz MS-10", True),
        ("STS-107", True),
        ("Starship Flight 2", True),
        ("Nauka", True),
        ("FalconEye", True),
        ("Image", False),
        ("Cluster", False),
        ("Dream", False),
        ("CubeSats", False),
        ("Test", False),
    ],
)
def test_specific_names(text, specific):
    assert is_specific_name(text) is specific


def test_in_a_title_case_line_an_english_word_is_no_specific_name():
    assert is_specific_name("Stardust")
    assert not is_specific_name("Stardust", title_case=True)
    assert is_specific_name("Beresheet", title_case=True)


def test_a_payload_named_outright_may_be_reported_years_after_its_launch():
    late = on("2023-09-21")  # a year after Kite 7 flew
    named_once = choose(clues=[named(103, text="Kite 7")], dates=[late], failure=False)
    assert named_once.ranked[0].parts.get(Evidence.DATED, 0.0) == 0.0
    ordinary = Clue(ClueKind.MISSION, (100,), "Dawn", specific=False)
    vague = choose(clues=[ordinary], dates=[on("2023-09-21")], failure=False)
    assert vague.ranked[0].parts[Evidence.DATED] < 0


def test_an_ordinary_name_told_three_times_names_the_payload_outright():
    dawn = [Clue(ClueKind.MISSION, (100,), "Dawn", specific=False, weight=w) for w in (1, 1.1, 1.2)]
    choice = choose(clues=dawn, dates=[on("2023-09-21")], failure=False)
    assert choice.ranked[0].parts.get(Evidence.DATED, 0.0) == 0.0
