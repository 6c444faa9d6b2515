"""The editors' admin: who may do what, every list page loads and searches, publishing."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from articles.models import Article, Citation, Fact, Feed, ImportedFile, ImportRun, Mention
from incidents import services
from incidents.models import Agency, Incident, LaunchSite, Mission, Vehicle, VehicleFamily
from incidents.versioning import fingerprint
from tests.factories import (
    make_agency,
    make_article,
    make_citation,
    make_family,
    make_import_run,
    make_imported_file,
    make_incident,
    make_mention,
    make_mission,
    make_site,
    make_user,
    make_vehicle,
)

pytestmark = pytest.mark.django_db

EDITOR_MODELS = {
    "incidents": ["agency", "vehiclefamily", "vehicle", "launchsite", "mission", "incident"],
    "articles": ["article", "citation", "mention", "importrun", "importedfile", "feed"],
}


def change_form_data(incident: Incident, **changes) -> dict:
    """What the incident change form posts: its fieldsets, then the citation inline."""
    citations = list(incident.citations.order_by("pk"))
    data: dict[str, object] = {
        "title": incident.title,
        "slug": incident.slug,
        "status": incident.status,
        "origin": incident.origin,
        "date": incident.date.isoformat(),
        "date_precision": incident.date_precision,
        "mission": incident.mission_id or "",
        "vehicles": [v.pk for v in incident.vehicles.all()],
        "agencies": [a.pk for a in incident.agencies.all()],
        "site": incident.site_id or "",
        "outcome": incident.outcome,
        "flight_phase": incident.flight_phase,
        "failed_system": incident.failed_system,
        "kind": incident.kind,
        "crew": "" if incident.crew is None else incident.crew,
        "fatalities": "" if incident.fatalities is None else incident.fatalities,
        "injuries": "" if incident.injuries is None else incident.injuries,
        "sources": incident.sources,
        "summary": incident.summary,
        "catalog_note": incident.catalog_note,
        "version": fingerprint(incident),
        "citations-TOTAL_FORMS": len(citations),
        "citations-INITIAL_FORMS": len(citations),
        "citations-MIN_NUM_FORMS": 0,
        "citations-MAX_NUM_FORMS": 1000,
        "facts-TOTAL_FORMS": 0,
        "facts-INITIAL_FORMS": 0,
        "facts-MIN_NUM_FORMS": 0,
        "facts-MAX_NUM_FORMS": 1000,
        "_save": "Save",
    }
    for n, citation in enumerate(citations):
        data |= {
            f"citations-{n}-id": citation.pk,
            f"citations-{n}-incident": incident.pk,
            f"citations-{n}-article": citation.article_id,
            f"citations-{n}-supports": citation.supports,
            f"citations-{n}-start": citation.start,
            f"citations-{n}-end": citation.end,
            f"citations-{n}-quote": citation.quote,
            f"citations-{n}-confidence": citation.confidence,
            f"citations-{n}-version": fingerprint(citation),
        }
    data.update(changes)
    return data


def mission_form_data(mission, **changes) -> dict:
    """What the mission change form posts for a mission of make_mission, and `changes`."""
    data = {
        "name": mission.name,
        "slug": mission.slug,
        "aliases": mission.aliases,
        "launch_date": mission.launch_date.isoformat(),
        "launch_date_precision": mission.launch_date_precision,
        "spacecraft": mission.spacecraft_id or "",
        "outcome": mission.outcome,
        "version": fingerprint(mission),
    }
    return data | changes


def incident_of_a_progress_mission():
    """A spacecraft series "Progress" and an incident of one of its missions, refreshed for
    search."""
    progress = make_vehicle(name="Progress", slug="progress", kind="spacecraft")
    incident = make_incident(mission=make_mission(spacecraft=progress))
    services.refresh_search_names([incident.pk])
    return progress, incident


class TestAnonymousVisitors:
    @pytest.mark.parametrize(
        "url", ["/admin/", "/admin/incidents/incident/", "/admin/articles/article/"]
    )
    def test_are_sent_to_the_admin_login(self, client, url):
        response = client.get(url)
        assertRedirects(response, f"/admin/login/?next={url}")

    def test_cannot_change_an_incident(self, client):
        incident = make_incident(title="Before")
        response = client.post(
            f"/admin/incidents/incident/{incident.pk}/change/",
            change_form_data(incident, title="Defaced"),
        )
        assert response.status_code == 302
        incident.refresh_from_db()
        assert incident.title == "Before"


class TestEditors:
    def test_the_editors_group_has_exactly_the_curation_permissions(self):
        group = Group.objects.get(name="Editors")
        granted = {
            (p.content_type.app_label, p.codename)
            for p in group.permissions.select_related("content_type")
        }
        models = {**EDITOR_MODELS, "articles": [*EDITOR_MODELS["articles"], "fact"]}
        expected = {
            (app, f"{action}_{model}")
            for app, names in models.items()
            for model in names
            for action in ["add", "change", "delete", "view"]
        }
        assert granted == expected
        assert not group.permissions.filter(content_type__app_label="auth").exists()

    def test_can_open_the_incident_list(self, editor_client):
        make_incident(title="Progress MS-04 lost")
        response = editor_client.get("/admin/incidents/incident/")
        assertContains(response, "Progress MS-04 lost")

    def test_can_change_an_incident_and_its_citations_stay(self, editor_client, editor):
        incident = make_incident(
            title="Progress MS-04", vehicles=[make_vehicle()], agencies=[make_agency()]
        )
        citation = make_citation(incident=incident, article=make_article())
        response = editor_client.post(
            f"/admin/incidents/incident/{incident.pk}/change/",
            change_form_data(
                incident,
                title="Progress MS-04 lost after third-stage failure",
                date="2016-12-01",
                date_precision="month",
                summary="The third stage failed.",
            ),
        )
        assertRedirects(response, "/admin/incidents/incident/")
        incident.refresh_from_db()
        assert incident.title == "Progress MS-04 lost after third-stage failure"
        assert incident.date == datetime.date(2016, 12, 1)
        assert incident.date_precision == "month"
        assert incident.summary == "The third stage failed."
        assert list(incident.citations.all()) == [citation]
        latest = incident.history.latest()
        assert latest.history_user == editor
        assert latest.title == "Progress MS-04 lost after third-stage failure"

    def test_a_vehicle_linked_in_the_admin_is_searchable_by_its_name(self, editor_client):
        incident = make_incident(title="Cargo ship lost")
        vehicle = make_vehicle(name="Zenit-3SL", slug="zenit-3sl")
        assert (
            editor_client.get("/search/", {"q": "Zenit-3SL"}).context["search"].results.total == 0
        )

        response = editor_client.post(
            f"/admin/incidents/incident/{incident.pk}/change/",
            change_form_data(incident, vehicles=[vehicle.pk]),
        )

        assertRedirects(response, "/admin/incidents/incident/")
        incident.refresh_from_db()
        assert incident.vehicle_ids == str(vehicle.pk)
        search = editor_client.get("/search/", {"q": "Zenit-3SL"}).context["search"]
        assert [chip.label for chip in search.understood.entities] == ["Zenit-3SL"]
        assert [hit.incident for hit in search.results.page] == [incident]

    def test_can_edit_a_citation_inline(self, editor_client):
        article = make_article(body="The third stage failed at 382 seconds.")
        incident = make_incident()
        citation = make_citation(incident=incident, article=article, start=0, end=10)
        response = editor_client.post(
            f"/admin/incidents/incident/{incident.pk}/change/",
            change_form_data(
                incident,
                **{"citations-0-end": 38, "citations-0-quote": article.body[0:38]},
            ),
        )
        assert response.status_code == 302
        citation.refresh_from_db()
        assert (citation.start, citation.end) == (0, 38)
        assert citation.quote == "The third stage failed at 382 seconds."

    def test_an_invalid_change_is_shown_back_and_not_saved(self, editor_client):
        incident = make_incident(title="Progress MS-04")
        response = editor_client.post(
            f"/admin/incidents/incident/{incident.pk}/change/",
            change_form_data(incident, title="", date="2016-13-01"),
        )
        assert response.status_code == 200
        assertContains(response, "This field is required.")
        assertContains(response, "Enter a valid date.")
        incident.refresh_from_db()
        assert incident.title == "Progress MS-04"

    def test_can_see_an_incidents_history(self, editor_client, editor):
        incident = make_incident(title="Progress MS-04")
        editor_client.post(
            f"/admin/incidents/incident/{incident.pk}/change/",
            change_form_data(incident, title="Progress MS-04 lost"),
        )
        response = editor_client.get(f"/admin/incidents/incident/{incident.pk}/history/")
        assert response.status_code == 200
        assertContains(response, editor.username)
        assert [r.title for r in incident.history.order_by("history_date")] == [
            "Progress MS-04",
            "Progress MS-04 lost",
        ]

    @pytest.mark.parametrize(
        "url",
        [
            "/admin/auth/user/",
            "/admin/auth/group/",
            "/admin/auth/user/add/",
            "/admin/auth/group/add/",
        ],
    )
    def test_are_refused_the_user_and_group_admin(self, editor_client, url):
        assert editor_client.get(url).status_code == 403

    def test_a_staff_member_outside_the_group_cannot_open_the_incident_list(self, client):
        client.force_login(make_user(is_staff=True))
        assert client.get("/admin/incidents/incident/").status_code == 403


class TestPublishing:
    def test_the_publish_action_publishes_the_selected_drafts(self, editor_client):
        first = make_incident(title="First draft", published=False)
        second = make_incident(title="Second draft", published=False)
        untouched = make_incident(title="Third draft", published=False)
        already = make_incident(title="Already published")
        response = editor_client.post(
            "/admin/incidents/incident/",
            {"action": "publish", "_selected_action": [first.pk, second.pk, already.pk]},
            follow=True,
        )
        assert response.status_code == 200
        assert [str(m) for m in get_messages(response.wsgi_request)] == ["2 incidents published."]
        assertContains(response, "2 incidents published.")
        statuses = dict(Incident.objects.values_list("title", "status"))
        assert statuses == {
            "First draft": "published",
            "Second draft": "published",
            "Third draft": "draft",
            "Already published": "published",
        }
        assert untouched.history.count() == 1
        assert first.history.count() == 2

    def test_a_published_incident_appears_on_the_public_list(self, editor_client, client):
        draft = make_incident(title="Fresh incident", slug="fresh", published=False)
        assert client.get("/incidents/fresh/").status_code == 404
        editor_client.post(
            "/admin/incidents/incident/", {"action": "publish", "_selected_action": [draft.pk]}
        )
        assert client.get("/incidents/fresh/").status_code == 200

    def test_the_unpublish_action_returns_incidents_to_draft(self, editor_client):
        incident = make_incident(title="Published")
        response = editor_client.post(
            "/admin/incidents/incident/",
            {"action": "unpublish", "_selected_action": [incident.pk]},
            follow=True,
        )
        assertContains(response, "1 incident returned to draft.")
        incident.refresh_from_db()
        assert incident.status == Incident.Status.DRAFT


def _fact(value: str) -> Fact:
    incident = make_incident(title="Facts")
    citation = make_citation(incident=incident, article=make_article(title="Facts"))
    return Fact.objects.create(
        incident=incident, citation=citation, kind=Fact.Kind.CAUSE, value=value
    )


def _rows_for_search():
    """For each registered model: a row the search `needle` finds, and one it does not."""
    article = make_article(title="Needle article", publisher="Needle Press")
    other_article = make_article(title="Other article")
    run = make_import_run()
    return {
        Agency: (make_agency(name="Needle Agency"), make_agency(name="Other Agency")),
        VehicleFamily: (make_family(name="Needle family"), make_family(name="Other family")),
        Vehicle: (make_vehicle(name="Needle-1"), make_vehicle(name="Other-1")),
        LaunchSite: (make_site(name="Needle Range"), make_site(name="Other Range")),
        Mission: (make_mission(name="Needle mission"), make_mission(name="Other mission")),
        Incident: (make_incident(title="Needle failure"), make_incident(title="Other failure")),
        Article: (article, other_article),
        Citation: (
            make_citation(incident=make_incident(title="Cited"), article=article),
            make_citation(incident=make_incident(title="Also cited"), article=other_article),
        ),
        Mention: (
            make_mention(article=article, text="Needle"),
            make_mention(article=other_article, text="Other"),
        ),
        Fact: (
            _fact("a needle valve"),
            _fact("a turbopump"),
        ),
        Feed: (
            Feed.objects.create(address="https://needle.example/feed.xml", title="Needle news"),
            Feed.objects.create(address="https://other.example/rss", title="Other news"),
        ),
        ImportRun: (run, None),
        ImportedFile: (make_imported_file(run=run), None),
        get_user_model(): (make_user(username="needle-user"), make_user(username="other-user")),
        Group: (Group.objects.create(name="Needle group"), Group.objects.get(name="Editors")),
    }


class TestEveryAdminPage:
    def test_every_model_the_project_owns_is_registered(self):
        registered = {
            (m._meta.app_label, m._meta.model_name)
            for m in admin.site._registry
            if m._meta.app_label in EDITOR_MODELS
        }
        expected = {(app, model) for app, models in EDITOR_MODELS.items() for model in models}
        expected.add(("articles", "fact"))
        # ImportedFile is edited inline on its import run, not on a page of its own.
        assert registered == expected - {("articles", "importedfile")}

    @pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda m: m._meta.label_lower)
    def test_each_changelist_loads_for_a_superuser(self, admin_client, model):
        _rows_for_search()
        opts = model._meta
        response = admin_client.get(f"/admin/{opts.app_label}/{opts.model_name}/")
        assert response.status_code == 200

    @pytest.mark.parametrize(
        "model",
        [
            m
            for m, model_admin in admin.site._registry.items()
            if model_admin.search_fields and m._meta.app_label in EDITOR_MODELS
        ],
        ids=lambda m: m._meta.label_lower,
    )
    def test_each_searchable_changelist_finds_what_is_searched(self, admin_client, model):
        found, missed = _rows_for_search()[model]
        opts = model._meta
        response = admin_client.get(f"/admin/{opts.app_label}/{opts.model_name}/?q=needle")
        assert response.status_code == 200
        assert list(response.context["cl"].result_list) == [found]
        assertNotContains(response, f"/{missed.pk}/change/")

    def test_an_editor_can_search_incidents_by_mission_name(self, editor_client):
        found = make_incident(title="Cargo ship lost", mission=make_mission(name="Progress MS-04"))
        make_incident(title="Another loss")
        response = editor_client.get("/admin/incidents/incident/?q=progress")
        assert list(response.context["cl"].result_list) == [found]

    @pytest.mark.parametrize(
        "url",
        [
            "/admin/incidents/incident/add/",
            "/admin/incidents/mission/add/",
            "/admin/articles/article/add/",
        ],
    )
    def test_add_pages_load_for_an_editor(self, editor_client, url):
        assert editor_client.get(url).status_code == 200

    def test_an_editor_can_open_every_curated_change_page_and_no_user_or_group(self, editor_client):
        rows = _rows_for_search()
        for model, (row, _) in rows.items():
            if model is ImportedFile:
                continue
            opts = model._meta
            url = f"/admin/{opts.app_label}/{opts.model_name}/{row.pk}/change/"
            expected = 403 if opts.app_label == "auth" else 200
            assert editor_client.get(url).status_code == expected, url


class TestRenamingACatalogRecord:
    @staticmethod
    def change_vehicle(client, vehicle, **changes):
        """Post the vehicle's admin form with its name and slug as they are, and `changes`."""
        form = {
            "name": vehicle.name,
            "slug": vehicle.slug,
            "aliases": "",
            "kind": "launch_vehicle",
            "variant": "",
            "gcat_name": "",
            "gcat_variant": "",
            "version": fingerprint(vehicle),
        }
        return client.post(f"/admin/incidents/vehicle/{vehicle.pk}/change/", {**form, **changes})

    def test_renaming_a_vehicle_refreshes_the_search_names_of_its_incidents(self, editor_client):
        vehicle = make_vehicle(name="Soyuz-U", slug="soyuz-u")
        incident = make_incident(vehicles=[vehicle])
        services.refresh_search_names([incident.pk])
        response = self.change_vehicle(editor_client, vehicle, name="Soyuz-U rocket")
        assert response.status_code == 302
        incident.refresh_from_db()
        assert "Soyuz-U rocket" in incident.search_names

    def test_moving_a_vehicle_to_another_family_refreshes_its_incidents(self, editor_client):
        vehicle = make_vehicle(name="Soyuz-U", slug="soyuz-u", family=make_family(slug="r-7"))
        incident = make_incident(vehicles=[vehicle])
        services.refresh_search_names([incident.pk])
        other = make_family(name="Small launchers", slug="small-launchers")
        response = self.change_vehicle(editor_client, vehicle, family=other.pk)
        assert response.status_code == 302
        incident.refresh_from_db()
        assert incident.family_ids == str(other.pk)
        assert "Small launchers" in incident.search_names

    def test_giving_a_mission_a_spacecraft_series_refreshes_its_incidents(self, editor_client):
        progress = make_vehicle(name="Progress", slug="progress", kind="spacecraft")
        mission = make_mission(name="Progress MS-04", slug="progress-ms-04")
        incident = make_incident(mission=mission)
        services.refresh_search_names([incident.pk])
        response = editor_client.post(
            f"/admin/incidents/mission/{mission.pk}/change/",
            mission_form_data(mission, spacecraft=progress.pk),
        )
        assert response.status_code == 302
        incident.refresh_from_db()
        assert incident.vehicle_ids == str(progress.pk)
        assert "Progress" in incident.search_names.splitlines()

    def test_renaming_a_spacecraft_series_refreshes_the_incidents_of_its_missions(
        self, editor_client
    ):
        progress, incident = incident_of_a_progress_mission()
        response = self.change_vehicle(
            editor_client, progress, name="Progress cargo ship", kind="spacecraft"
        )
        assert response.status_code == 302
        incident.refresh_from_db()
        assert "Progress cargo ship" in incident.search_names.splitlines()

    def test_deleting_a_spacecraft_series_refreshes_the_incidents_of_its_missions(
        self, admin_client
    ):
        progress, incident = incident_of_a_progress_mission()
        response = admin_client.post(
            f"/admin/incidents/vehicle/{progress.pk}/delete/", {"post": "yes"}
        )
        assert response.status_code == 302
        incident.refresh_from_db()
        assert incident.vehicle_ids == ""
        assert "Progress" not in incident.search_names.splitlines()

    def test_deleting_an_agency_refreshes_its_incidents(self, admin_client):
        agency = make_agency(name="Roskosmos", slug="roskosmos")
        incident = make_incident(agencies=[agency])
        services.refresh_search_names([incident.pk])
        incident.refresh_from_db()
        assert incident.agency_ids == str(agency.pk)
        response = admin_client.post(
            f"/admin/incidents/agency/{agency.pk}/delete/", {"post": "yes"}
        )
        assert response.status_code == 302
        incident.refresh_from_db()
        assert incident.agency_ids == ""
        assert "Roskosmos" not in incident.search_names


class TestRevertingFromHistory:
    """simple_history's revert form saves without the admin's save_related."""

    def test_reverting_an_incident_refreshes_what_search_reads_of_it(self, editor_client):
        incident = make_incident(title="Cargo ship lost")
        vehicle = make_vehicle(name="Zenit-3SL", slug="zenit-3sl")
        version = incident.history.latest().history_id
        response = editor_client.post(
            f"/admin/incidents/incident/{incident.pk}/history/{version}/",
            change_form_data(incident, vehicles=[vehicle.pk]),
        )
        assert response.status_code == 302
        incident.refresh_from_db()
        assert incident.vehicle_ids == str(vehicle.pk)
        search = editor_client.get("/search/", {"q": "Zenit-3SL"}).context["search"]
        assert [hit.incident for hit in search.results.page] == [incident]

    def test_reverting_a_mission_refreshes_its_incidents(self, editor_client):
        progress = make_vehicle(name="Progress", slug="progress", kind="spacecraft")
        mission = make_mission(name="Progress MS-04", slug="progress-ms-04")
        first_version = mission.history.latest().history_id
        mission.spacecraft = progress
        mission.save()
        incident = make_incident(mission=mission)
        services.refresh_search_names([incident.pk])
        assert Incident.objects.get(pk=incident.pk).vehicle_ids == str(progress.pk)
        response = editor_client.post(
            f"/admin/incidents/mission/{mission.pk}/history/{first_version}/",
            mission_form_data(mission, spacecraft=""),
        )
        assert response.status_code == 302
        incident.refresh_from_db()
        assert incident.vehicle_ids == ""
