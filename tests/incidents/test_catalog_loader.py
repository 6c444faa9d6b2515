"""loadcatalog on the real GCAT files and on small samples written here."""

import datetime
import io

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from incidents.catalog_loader import load_catalog
from incidents.models import (
    Agency,
    FlightPhase,
    Incident,
    LaunchSite,
    Mission,
    Outcome,
    Vehicle,
    VehicleFamily,
)
from tests.catalog_samples import write_sample_catalog
from tests.gcat import GcatTestCase

CATALOG = settings.CATALOG_DIR


@pytest.mark.django_db
def test_a_sample_catalog_creates_rows_and_reports_the_malformed_line(tmp_path):
    report = load_catalog(write_sample_catalog(tmp_path))

    assert Mission.objects.count() == 2
    assert Incident.objects.filter(origin=Incident.Origin.CATALOG).count() == 1
    assert [(p.line, "orbital-launches.csv" in p.path) for p in report.problems] == [(4, True)]
    assert report.tallies["Missions"].created == 2


@pytest.mark.django_db
def test_reloading_unchanged_files_reports_everything_unchanged(tmp_path):
    folder = write_sample_catalog(tmp_path)
    load_catalog(folder)

    report = load_catalog(folder)

    assert {label: (t.created, t.updated) for label, t in report.tallies.items()} == {
        label: (0, 0) for label in report.tallies
    }
    assert report.tallies["Missions"].unchanged == 2


@pytest.mark.django_db
def test_a_changed_catalog_value_updates_the_row(tmp_path):
    load_catalog(write_sample_catalog(tmp_path))

    report = load_catalog(write_sample_catalog(tmp_path, note="Gas generator"))

    assert Mission.objects.get(launch_tag="2016-F02").notes == "Gas generator"
    assert Incident.objects.get(origin=Incident.Origin.CATALOG).catalog_note == "Gas generator"
    assert report.tallies["Missions"].updated == 1


@pytest.mark.django_db
def test_an_editors_change_survives_a_reload_even_when_the_catalog_changes(tmp_path):
    load_catalog(write_sample_catalog(tmp_path))
    incident = Incident.objects.get(origin=Incident.Origin.CATALOG)
    incident.title = "Progress MS-04 lost after third-stage failure"
    incident.status = Incident.Status.DRAFT
    incident.save()
    site = LaunchSite.objects.get()
    site.name = "Baikonur Cosmodrome"
    site.save()

    load_catalog(write_sample_catalog(tmp_path, note="Gas generator"))

    incident.refresh_from_db()
    site.refresh_from_db()
    assert incident.title == "Progress MS-04 lost after third-stage failure"
    assert incident.status == Incident.Status.DRAFT
    assert incident.catalog_note == "Gas generator"  # untouched by the editor: follows GCAT
    assert site.name == "Baikonur Cosmodrome"


@pytest.mark.django_db
def test_an_editors_agency_change_on_a_mission_survives_a_reload(tmp_path):
    load_catalog(write_sample_catalog(tmp_path))
    mission = Mission.objects.get(launch_tag="2016-F02")
    other = Agency.objects.get(gcat_code="PROG")
    mission.agencies.set([other])

    load_catalog(write_sample_catalog(tmp_path))

    assert list(mission.agencies.all()) == [other]


@pytest.mark.django_db
def test_an_incident_an_editor_made_for_a_mission_is_left_alone(tmp_path):
    load_catalog(write_sample_catalog(tmp_path))
    Incident.objects.all().delete()
    mission = Mission.objects.get(launch_tag="2016-F02")
    Incident.objects.create(
        title="Editor's entry", slug="editors-entry", date=mission.launch_date, mission=mission
    )

    load_catalog(write_sample_catalog(tmp_path))

    on_missions = Incident.objects.exclude(mission=None).values_list("title", "origin")
    assert list(on_missions) == [("Editor's entry", "editor")]


@pytest.mark.django_db
def test_the_command_says_where_to_get_the_files_when_they_are_missing(tmp_path):
    with pytest.raises(CommandError, match="planet4589.org"):
        call_command("loadcatalog", str(tmp_path))


@pytest.mark.django_db
def test_the_command_prints_counts_per_kind(tmp_path):
    out = io.StringIO()
    call_command(
        "loadcatalog", str(write_sample_catalog(tmp_path)), stdout=out, stderr=io.StringIO()
    )
    text = out.getvalue()
    assert "Missions          2 created, 0 updated, 0 unchanged" in text
    assert "Source: GCAT (J. McDowell, planet4589.org)" in text


class RealCatalogTests(GcatTestCase):
    """The real GCAT files in ../shared/catalog, as loaded once for the test session."""

    def test_every_launch_becomes_a_mission_with_no_row_skipped(self):
        assert Mission.objects.count() == 7141
        assert self.catalog_report.problems == []

    def test_failures_pad_events_and_partial_successes_become_published_incidents(self):
        catalog_incidents = Incident.objects.filter(origin=Incident.Origin.CATALOG)
        assert catalog_incidents.count() == 548
        assert catalog_incidents.published().count() == 548
        assert catalog_incidents.filter(outcome=Outcome.FAILURE).count() == 501
        assert catalog_incidents.filter(outcome=Outcome.PAD_EXPLOSION).count() == 15
        assert catalog_incidents.filter(outcome=Outcome.PARTIAL_FAILURE).count() == 32

    def test_progress_ms_04_is_a_third_stage_failure_of_soyuz_u_from_baikonur(self):
        mission = Mission.objects.get(launch_tag="2016-F02")
        incident = mission.incidents.get()
        assert mission.name == "Progress MS-04"
        assert mission.launch_date == datetime.date(2016, 12, 1)
        assert mission.outcome == Outcome.FAILURE
        # GCAT's Soyuz-U-PVB is the Soyuz-U people name, one record with the plain Soyuz-U.
        assert mission.vehicle.name == "Soyuz-U"
        assert {"Soyuz-U-PVB", "Soyuz U"} <= set(mission.vehicle.alias_list())
        assert mission.vehicle.family.name == "Soyuz"
        assert mission.site.name == "Baikonur Cosmodrome"
        assert {"GIK-5", "NIIP-5", "Baykonur"} <= set(mission.site.alias_list())
        agency = mission.agencies.get()
        assert agency.gcat_code == "FKA"
        assert agency.name == "Russian Federal Space Agency (Roskosmos)"
        assert "Roscosmos" in agency.alias_list()
        assert incident.title == "Progress MS-04 launch failure, Soyuz-U, 1 December 2016"
        assert incident.flight_phase == FlightPhase.THIRD_STAGE
        assert incident.failed_system == "propulsion"
        assert incident.catalog_note == "Turbopump?"
        assert incident.is_published

    def test_progress_ms_26_is_a_success_with_no_incident(self):
        mission = Mission.objects.get(launch_tag="2024-029")
        assert mission.name == "Progress MS-26"
        assert mission.outcome == Outcome.SUCCESS
        assert not mission.incidents.exists()

    def test_amos_6_is_a_pad_explosion_on_falcon_9(self):
        incident = Incident.objects.get(mission__launch_tag="2016-E01")
        assert incident.outcome == Outcome.PAD_EXPLOSION
        assert incident.flight_phase == FlightPhase.PAD
        assert [v.gcat_name for v in incident.vehicles.all()] == ["Falcon 9"]
        assert incident.title.startswith("Amos 6 pad explosion, Falcon 9")

    def test_progress_m_27m_keeps_its_success_fraction(self):
        mission = Mission.objects.get(launch_tag="2015-024")
        assert (mission.success_fraction, mission.outcome) == (30, Outcome.FAILURE)

    def test_the_alias_progress_65_finds_progress_ms_04(self):
        assert [m.launch_tag for m in Mission.objects.named("Progress 65")] == ["2016-F02"]
        assert [m.launch_tag for m in Mission.objects.named("65P")] == ["2016-F02"]

    def test_press_names_find_their_catalog_records(self):
        assert Agency.objects.named("Orbital ATK").filter(gcat_code="OSC").exists()
        assert "Soyuz-U" in {v.name for v in Vehicle.objects.named("Soyuz-U-PVB")}
        assert VehicleFamily.objects.named("Atlas5").get().name == "Atlas"
        assert VehicleFamily.objects.named("Soyuz rocket").get().name == "Soyuz"
        assert "Soyuz" in {f.name for f in VehicleFamily.objects.named("R-7")}
        assert Vehicle.objects.named("HTV").get().kind == Vehicle.Kind.SPACECRAFT
        assert Mission.objects.get(launch_tag="2014-F02").name == "Cygnus Orb-3"
        assert Mission.objects.get(launch_tag="2016-F02").spacecraft.name == "Progress"

    def test_a_second_load_changes_nothing(self):
        report = load_catalog(CATALOG)
        assert all(t.created == 0 and t.updated == 0 for t in report.tallies.values())
        assert report.tallies["Missions"].unchanged == 7141

    def test_the_soyuz_family_filter_for_2016_lists_progress_ms_04(self):
        response = self.client.get(
            "/incidents/", {"family": "soyuz", "date_from": "2016", "date_to": "2016"}
        )
        assert response.status_code == 200
        titles = [i.title for i in response.context["page"].object_list]
        assert "Progress MS-04 launch failure, Soyuz-U, 1 December 2016" in titles
        assert all(i.date.year == 2016 for i in response.context["page"].object_list)

    def test_the_family_and_agency_pages_chart_launches_and_failures_by_year(self):
        response = self.client.get("/families/soyuz/")
        chart = response.context["chart"]
        year_2016 = next(r for r in chart if r.year == 2016)
        assert year_2016.failures == 1
        assert (
            year_2016.launches
            == Mission.objects.filter(vehicle__family__name="Soyuz", launch_date__year=2016).count()
        )
        assert b"<svg" in response.content
        assert b"Source: GCAT (J. McDowell, planet4589.org)" in response.content
        agency_page = self.client.get(Agency.objects.get(gcat_code="FKA").get_absolute_url())
        assert b"<svg" in agency_page.content


@pytest.mark.django_db
def test_loading_gives_the_query_planner_statistics(tmp_path):
    load_catalog(write_sample_catalog(tmp_path))

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT tbl FROM sqlite_stat1")
        else:
            cursor.execute("SELECT DISTINCT tablename FROM pg_stats WHERE schemaname = 'public'")
        analysed = {row[0] for row in cursor.fetchall()}
    assert {"incidents_incident", "incidents_mission", "incidents_incident_vehicles"} <= analysed


class MergingRecordsOfOneThingTests(GcatTestCase):
    """Records an earlier load made for each GCAT code of one place or family are merged into
    one by the next load, and nothing that pointed at them is lost."""

    @classmethod
    def setUpTestData(cls):
        from articles.models import Mention
        from tests.factories import make_article, make_family, make_incident, make_site

        # GIK-5 is Baikonur's later code: fewer launches, so NIIP-5's record is the one kept.
        cls.old_site = make_site(name="Baykonur", slug="baykonur-gik-5", gcat_code="GIK-5")
        cls.old_family = make_family(name="R-7", slug="r-7", catalog_values={"_key": "R-7"})
        cls.incident = make_incident(title="An editor's incident", site=cls.old_site)
        cls.mention = Mention.objects.create(
            article=make_article(),
            kind=Mention.Kind.SITE,
            start=0,
            end=8,
            text="Baykonur",
            site=cls.old_site,
            family=cls.old_family,
        )
        load_catalog(CATALOG)

    def test_the_old_records_are_gone(self):
        assert not LaunchSite.objects.filter(gcat_code="GIK-5").exists()
        assert LaunchSite.objects.named("Baikonur").get().gcat_code == "NIIP-5"
        assert not VehicleFamily.objects.filter(slug="r-7").exists()

    def test_what_pointed_at_them_points_at_the_one_record(self):
        self.incident.refresh_from_db()
        self.mention.refresh_from_db()
        assert self.incident.site.name == "Baikonur Cosmodrome"
        assert self.mention.site == self.incident.site
        assert self.mention.family.name == "Soyuz"

    def test_every_menu_label_is_unique(self):
        for model in (LaunchSite, Agency, Vehicle, VehicleFamily):
            names = list(model.objects.values_list("name", flat=True))
            assert len(names) == len(set(names)), model
