"""The database enforces what must hold; names find their rows; dates never say too much."""

import datetime

import pytest

from incidents.models import (
    Agency,
    DatePrecision,
    Incident,
    LaunchSite,
    Mission,
    Outcome,
    Vehicle,
    VehicleFamily,
)
from tests.factories import (
    make_agency,
    make_family,
    make_incident,
    make_mission,
    make_site,
    make_vehicle,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def assert_slug_rejected(assert_rejected):
    def check(model, create) -> None:
        table = model._meta.db_table
        assert_rejected(create, constraint=f"{table}_slug_key", sqlite_unique=f"{table}.slug")

    return check


class TestOutcomeSets:
    def test_failures_are_launch_failures_and_pad_explosions(self):
        assert Outcome.FAILURES == (Outcome.FAILURE, Outcome.PAD_EXPLOSION)

    def test_failures_or_partial_add_the_partial_failures(self):
        assert Outcome.FAILURES_OR_PARTIAL == (
            Outcome.FAILURE,
            Outcome.PAD_EXPLOSION,
            Outcome.PARTIAL_FAILURE,
        )

    def test_the_sets_are_not_outcomes_an_editor_can_choose(self):
        assert Outcome.values == [
            "success",
            "failure",
            "partial_failure",
            "pad_explosion",
            "unknown",
        ]


class TestIncidentConstraints:
    def test_a_mission_has_at_most_one_incident(self, assert_rejected):
        mission = make_mission()
        make_incident(mission=mission)
        assert_rejected(
            lambda: make_incident(mission=mission),
            constraint="incident_one_per_mission",
            sqlite_unique="incidents_incident.mission_id",
        )
        assert Incident.objects.filter(mission=mission).count() == 1

    def test_many_incidents_may_have_no_mission(self):
        make_incident(mission=None)
        make_incident(mission=None)
        assert Incident.objects.filter(mission=None).count() == 2

    def test_an_incident_title_cannot_be_empty(self, assert_rejected):
        assert_rejected(lambda: make_incident(title=""), constraint="incident_title_not_empty")
        assert Incident.objects.count() == 0

    def test_two_incidents_cannot_share_a_slug(self, assert_slug_rejected):
        make_incident(slug="progress-ms-04")
        assert_slug_rejected(Incident, lambda: make_incident(slug="progress-ms-04"))


class TestCatalogConstraints:
    def test_two_vehicles_cannot_share_a_gcat_name_and_variant(self, assert_rejected):
        make_vehicle(gcat_name="Soyuz-U", gcat_variant="")
        assert_rejected(
            lambda: make_vehicle(gcat_name="Soyuz-U", gcat_variant=""),
            constraint="vehicle_unique_gcat_name_variant",
            sqlite_unique="incidents_vehicle.gcat_name, incidents_vehicle.gcat_variant",
        )

    def test_vehicles_with_the_same_gcat_name_and_other_variants_may_coexist(self):
        make_vehicle(gcat_name="Soyuz-2-1A", gcat_variant="Fregat")
        make_vehicle(gcat_name="Soyuz-2-1A", gcat_variant="Volga")
        assert Vehicle.objects.filter(gcat_name="Soyuz-2-1A").count() == 2

    def test_vehicles_without_a_gcat_name_are_not_bound_by_the_gcat_constraint(self):
        make_vehicle(gcat_name="", gcat_variant="")
        make_vehicle(gcat_name="", gcat_variant="")
        assert Vehicle.objects.filter(gcat_name="").count() == 2

    @pytest.mark.parametrize("latitude", [90.5, -90.5, 1000.0])
    def test_a_site_latitude_outside_plus_minus_90_is_rejected(self, latitude, assert_rejected):
        assert_rejected(lambda: make_site(latitude=latitude), constraint="site_latitude_in_range")

    @pytest.mark.parametrize("longitude", [180.5, -180.5, 360.0])
    def test_a_site_longitude_outside_plus_minus_180_is_rejected(self, longitude, assert_rejected):
        assert_rejected(
            lambda: make_site(longitude=longitude), constraint="site_longitude_in_range"
        )

    def test_site_coordinates_at_the_limits_or_unknown_are_accepted(self):
        make_site(latitude=90, longitude=180)
        make_site(latitude=-90, longitude=-180)
        make_site(latitude=None, longitude=None)
        assert LaunchSite.objects.count() == 3

    def test_a_mission_success_fraction_above_100_is_rejected(self, assert_rejected):
        assert_rejected(
            lambda: make_mission(success_fraction=101),
            constraint="mission_success_fraction_max_100",
        )

    def test_a_mission_success_fraction_of_100_or_unknown_is_accepted(self):
        make_mission(success_fraction=100)
        make_mission(success_fraction=None)
        assert Mission.objects.count() == 2

    @pytest.mark.parametrize(
        ("model", "make"),
        [
            (Agency, make_agency),
            (VehicleFamily, make_family),
            (Vehicle, make_vehicle),
            (LaunchSite, make_site),
            (Mission, make_mission),
        ],
    )
    def test_two_catalog_rows_of_a_kind_cannot_share_a_slug(
        self, model, make, assert_slug_rejected
    ):
        make(slug="baikonur")
        assert_slug_rejected(model, lambda: make(slug="baikonur"))
        assert model.objects.filter(slug="baikonur").count() == 1

    def test_rows_of_different_kinds_may_share_a_slug(self):
        make_agency(slug="soyuz")
        make_family(slug="soyuz")
        make_vehicle(slug="soyuz")
        assert Agency.objects.get().slug == VehicleFamily.objects.get().slug == "soyuz"


class TestNamedLookup:
    def test_a_mission_is_found_by_one_of_its_aliases_in_any_case(self):
        mission = make_mission(name="Progress MS-04", aliases="Progress 65\n65P")
        assert list(Mission.objects.named("Progress 65")) == [mission]
        assert list(Mission.objects.named("progress 65")) == [mission]
        assert list(Mission.objects.named("  65p ")) == [mission]

    def test_a_mission_is_found_by_its_name_in_any_case(self):
        mission = make_mission(name="Progress MS-04", aliases="Progress 65")
        assert list(Mission.objects.named("PROGRESS MS-04")) == [mission]

    def test_a_name_that_is_only_part_of_an_alias_does_not_match(self):
        make_mission(name="Progress M-27M", aliases="Progress 650\nNot Progress 65 at all")
        wanted = make_mission(name="Progress MS-04", aliases="Progress 65")
        assert list(Mission.objects.named("Progress 65")) == [wanted]

    def test_a_name_nobody_uses_finds_nothing(self):
        make_mission(name="Progress MS-04", aliases="Progress 65")
        assert list(Mission.objects.named("Progress 6")) == []

    def test_an_agency_is_found_by_its_short_or_native_name(self):
        agency = make_agency(name="Roskosmos", short_name="FKA", native_name="Роскосмос")
        assert list(Agency.objects.named("fka")) == [agency]
        assert list(Agency.objects.named("Роскосмос")) == [agency]


class TestDatePrecision:
    def test_a_day_precise_date_shows_day_month_and_year(self):
        incident = make_incident(date=datetime.date(2016, 12, 1), date_precision=DatePrecision.DAY)
        assert incident.date_display == "1 December 2016"

    def test_a_month_precise_date_shows_only_month_and_year(self):
        incident = make_incident(
            date=datetime.date(2016, 12, 1), date_precision=DatePrecision.MONTH
        )
        assert incident.date_display == "December 2016"

    def test_a_year_precise_date_shows_only_the_year(self):
        incident = make_incident(date=datetime.date(2016, 12, 1), date_precision=DatePrecision.YEAR)
        assert incident.date_display == "2016"

    def test_a_mission_launch_date_follows_its_precision(self):
        mission = make_mission(
            launch_date=datetime.date(1961, 4, 1), launch_date_precision=DatePrecision.MONTH
        )
        assert mission.launch_date_display == "April 1961"

    def test_a_mission_without_a_launch_date_says_so(self):
        assert make_mission(launch_date=None).launch_date_display == "date unknown"


class TestQuerySets:
    def test_published_leaves_out_drafts(self):
        published = make_incident(title="Published")
        make_incident(title="Draft", published=False)
        assert list(Incident.objects.published()) == [published]

    def test_for_family_lists_an_incident_with_two_vehicles_of_the_family_once(self):
        family = make_family()
        incident = make_incident(
            vehicles=[make_vehicle(family=family), make_vehicle(family=family)]
        )
        assert list(Incident.objects.for_family(family)) == [incident]
