"""catalog_sync: editors win. The sync on one model (missions, their fields and agencies); the
merge of records that are one thing on agencies."""

import pytest

from incidents.catalog_sync import Desired, Tally, absorb, sync, unique_slug
from incidents.models import Agency, Mission, Outcome
from tests.factories import make_agency, make_incident, make_mission

pytestmark = pytest.mark.django_db

TAG = "2016-F02"


def wanted(*, name: str = "Progress MS-04", outcome: str = Outcome.FAILURE, agencies=()) -> Desired:
    return Desired(
        key=TAG,
        slug_source=name,
        values={"name": name, "launch_tag": TAG, "outcome": outcome},
        m2m={"agencies": list(agencies)},
    )


def sync_missions(*desired: Desired, progress=None) -> tuple[dict, Tally]:
    tally = Tally()
    existing = Mission.objects.in_bulk(field_name="launch_tag")
    extra = {"progress": progress} if progress else {}
    return sync(Mission, list(desired), existing=existing, tally=tally, **extra), tally


def counts(tally: Tally) -> tuple[int, int, int]:
    return tally.created, tally.updated, tally.unchanged


class TestSync:
    def test_a_row_the_catalog_adds_is_created_with_a_slug_its_links_and_what_it_said(self):
        roscosmos = make_agency()
        synced, tally = sync_missions(wanted(agencies=[roscosmos]))
        mission = Mission.objects.get(launch_tag=TAG)
        assert synced == {TAG: mission}
        assert (mission.name, mission.slug, mission.outcome) == (
            "Progress MS-04",
            "progress-ms-04",
            "failure",
        )
        assert list(mission.agencies.all()) == [roscosmos]
        assert mission.catalog_values == {
            "name": "Progress MS-04",
            "launch_tag": TAG,
            "outcome": "failure",
            "agencies": [roscosmos.pk],
            "_key": TAG,
        }
        assert counts(tally) == (1, 0, 0)

    def test_syncing_the_same_rows_again_changes_nothing_in_two_queries(
        self, django_assert_num_queries
    ):
        roscosmos = make_agency()
        sync_missions(wanted(agencies=[roscosmos]))
        existing = Mission.objects.in_bulk(field_name="launch_tag")
        tally = Tally()
        with django_assert_num_queries(2):  # the slugs taken, the agencies linked
            sync(Mission, [wanted(agencies=[roscosmos])], existing=existing, tally=tally)
        assert counts(tally) == (0, 0, 1)

    def test_a_value_the_catalog_changed_is_updated(self):
        sync_missions(wanted())
        _, tally = sync_missions(wanted(name="Progress MS-04 (65P)"))
        mission = Mission.objects.get(launch_tag=TAG)
        assert mission.name == "Progress MS-04 (65P)"
        assert mission.catalog_values["name"] == "Progress MS-04 (65P)"
        assert mission.slug == "progress-ms-04"  # a page's address stays
        assert counts(tally) == (0, 1, 0)

    def test_an_editors_change_survives_a_change_in_the_catalog(self):
        sync_missions(wanted())
        Mission.objects.filter(launch_tag=TAG).update(name="Progress 65")
        sync_missions(wanted(name="Progress MS-04 (65P)", outcome=Outcome.PARTIAL_FAILURE))
        mission = Mission.objects.get(launch_tag=TAG)
        assert (mission.name, mission.outcome) == ("Progress 65", "partial_failure")
        assert mission.catalog_values["name"] == "Progress MS-04 (65P)"  # remembered

    def test_links_the_catalog_changed_follow_it(self):
        roscosmos, progress = make_agency(), make_agency()
        sync_missions(wanted(agencies=[roscosmos]))
        sync_missions(wanted(agencies=[roscosmos, progress]))
        mission = Mission.objects.get(launch_tag=TAG)
        assert set(mission.agencies.all()) == {roscosmos, progress}

    def test_links_an_editor_changed_survive_a_change_in_the_catalog(self):
        roscosmos, progress, energia = make_agency(), make_agency(), make_agency()
        sync_missions(wanted(agencies=[roscosmos]))
        Mission.objects.get(launch_tag=TAG).agencies.set([energia])
        sync_missions(wanted(agencies=[roscosmos, progress]))
        assert list(Mission.objects.get(launch_tag=TAG).agencies.all()) == [energia]

    def test_a_new_row_never_takes_the_slug_of_another(self):
        make_mission(name="Progress MS-04", slug="progress-ms-04")
        sync_missions(wanted())
        assert Mission.objects.get(launch_tag=TAG).slug == "progress-ms-04-2016-f02"

    def test_progress_is_reported_when_the_rows_are_done(self):
        calls = []
        sync_missions(wanted(), progress=lambda done, total: calls.append((done, total)))
        assert calls == [(1, 1)]


class TestUniqueSlug:
    def test_a_free_slug_is_the_name_slugified(self):
        taken: set[str] = set()
        assert unique_slug("Soyuz-U", "R7", taken) == "soyuz-u"
        assert taken == {"soyuz-u"}

    def test_a_taken_slug_gets_the_key_then_a_number(self):
        taken = {"soyuz"}
        assert unique_slug("Soyuz", "R7", taken) == "soyuz-r7"
        assert unique_slug("Soyuz", "R7", taken) == "soyuz-2"
        assert unique_slug("Soyuz", "R7", taken) == "soyuz-3"

    def test_a_name_without_letters_takes_the_key(self):
        assert unique_slug("…", "GIK-5", set()) == "gik-5"


class TestAbsorb:
    def test_what_pointed_at_the_absorbed_records_points_at_the_survivor(self):
        survivor, other = make_agency(), make_agency()
        mission = make_mission(agencies=[other])
        incident = make_incident(agencies=[other, survivor])
        child = make_agency(parent=other)
        absorb(Agency, survivor, [other])
        assert not Agency.objects.filter(pk=other.pk).exists()
        assert list(mission.agencies.all()) == [survivor]
        assert list(incident.agencies.all()) == [survivor]  # linked once, not twice
        child.refresh_from_db()
        assert child.parent == survivor

    def test_absorbing_the_survivor_itself_changes_nothing(self):
        survivor = make_agency()
        mission = make_mission(agencies=[survivor])
        absorb(Agency, survivor, [survivor])
        assert list(mission.agencies.all()) == [survivor]
