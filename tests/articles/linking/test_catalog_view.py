"""The catalog view read from the database once per batch: the published failures passing
mentions may name, with the makers of their vehicles as agencies."""

import datetime

import pytest

from articles.linking.catalog_view import build_catalog_view
from articles.linking.past_incidents import Who
from incidents.models import Outcome, Vehicle
from tests.factories import (
    make_agency,
    make_family,
    make_incident,
    make_mission,
    make_vehicle,
)

pytestmark = pytest.mark.django_db


def test_published_failures_are_read_with_their_vehicles_families_and_makers():
    maker = make_agency()
    family = make_family()
    rocket = make_vehicle(family=family, manufacturer=maker)
    ship = make_vehicle(name="Kite", kind=Vehicle.Kind.SPACECRAFT)
    mission = make_mission(vehicle=rocket, spacecraft=ship)
    failure = make_incident(
        vehicles=[rocket],
        mission=mission,
        outcome=Outcome.PAD_EXPLOSION,
        date=datetime.date(2020, 5, 1),
    )
    (found,) = build_catalog_view().incidents.of(Who(vehicles=frozenset({rocket.pk})))
    assert (found.key, found.title, found.date, found.on_pad) == (
        failure.pk,
        failure.title,
        datetime.date(2020, 5, 1),
        True,
    )
    assert (found.families, found.agencies) == (frozenset({family.pk}), frozenset({maker.pk}))
    assert (found.mission, found.spacecraft, found.spacecraft_name) == (mission.pk, ship.pk, "Kite")


def test_drafts_and_incidents_that_are_no_failure_are_left_out():
    rocket = make_vehicle()
    make_incident(vehicles=[rocket], published=False)
    make_incident(vehicles=[rocket], outcome=Outcome.SUCCESS)
    kept = make_incident(vehicles=[rocket], outcome=Outcome.PARTIAL_FAILURE)
    found = build_catalog_view().incidents.of(Who(vehicles=frozenset({rocket.pk})))
    assert [item.key for item in found] == [kept.pk]


@pytest.mark.parametrize("count", [1, 4])
def test_the_view_is_read_with_the_same_queries_whatever_the_number_of_incidents(
    django_assert_num_queries, count
):
    rocket = make_vehicle(manufacturer=make_agency())
    for _ in range(count):
        make_incident(vehicles=[rocket], agencies=[make_agency()])
    with django_assert_num_queries(12):  # vehicles, launches, names, failures
        build_catalog_view()
