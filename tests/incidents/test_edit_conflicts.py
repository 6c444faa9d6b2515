"""Two editors change the same record: the second save is refused with a clear message and
the first editor's change stays."""

import pytest
from django.test import Client
from django.urls import reverse

from incidents.models import Incident, Mission
from tests.admin_forms import change_form_data
from tests.factories import make_agency, make_article, make_incident, make_mission, make_user


@pytest.fixture
def two_editors():
    alice, bob = Client(), Client()
    alice.force_login(make_user(editor=True, username="alice"))
    bob.force_login(make_user(editor=True, username="bob"))
    return alice, bob


def open_and_edit(client, url, **changes) -> dict:
    data = change_form_data(client.get(url))
    data.update(changes)
    return data


def test_the_second_save_of_an_incident_is_refused_and_the_first_kept(db, two_editors):
    alice, bob = two_editors
    incident = make_incident(title="Kite 7 lost", slug="kite-7-lost")
    url = reverse("admin:incidents_incident_change", args=[incident.pk])
    alice_form = open_and_edit(alice, url, summary="The second stage failed.")
    bob_form = open_and_edit(bob, url, summary="The fairing did not separate.")

    assert alice.post(url, alice_form).status_code == 302
    refused = bob.post(url, bob_form)

    assert refused.status_code == 200
    page = refused.content.decode()
    assert "was changed by alice" in page and "Your changes were not saved" in page
    incident.refresh_from_db()
    assert incident.summary == "The second stage failed."


def test_after_a_reload_the_second_editor_saves(db, two_editors):
    alice, bob = two_editors
    incident = make_incident(title="Kite 7 lost", slug="kite-7-lost")
    url = reverse("admin:incidents_incident_change", args=[incident.pk])
    bob_form = open_and_edit(bob, url, summary="The fairing did not separate.")
    assert alice.post(url, open_and_edit(alice, url, summary="Stage two.")).status_code == 302
    assert bob.post(url, bob_form).status_code == 200
    assert bob.post(url, open_and_edit(bob, url, summary="Stage two, then.")).status_code == 302
    assert Incident.objects.get(pk=incident.pk).summary == "Stage two, then."


def test_a_changed_link_counts_as_a_change(db, two_editors):
    alice, bob = two_editors
    incident = make_incident(title="Kite 7 lost", slug="kite-7-lost")
    url = reverse("admin:incidents_incident_change", args=[incident.pk])
    bob_form = open_and_edit(bob, url, summary="Bob's words.")
    incident.agencies.add(make_agency())  # (another editor links an agency)
    assert bob.post(url, bob_form).status_code == 200


def test_missions_and_articles_are_checked_too(db, two_editors):
    alice, bob = two_editors
    mission = make_mission(name="Kite 7")
    article = make_article(title="Kite lost")
    for url, field, first, second in [
        (reverse("admin:incidents_mission_change", args=[mission.pk]), "name", "Kite-7", "K7"),
        (reverse("admin:articles_article_change", args=[article.pk]), "title", "A", "B"),
    ]:
        bob_form = open_and_edit(bob, url, **{field: second})
        assert alice.post(url, open_and_edit(alice, url, **{field: first})).status_code == 302
        assert bob.post(url, bob_form).status_code == 200
    assert Mission.objects.get(pk=mission.pk).name == "Kite-7"
    article.refresh_from_db()
    assert article.title == "A"


def test_a_single_editor_saves_as_before(db, two_editors):
    alice, _ = two_editors
    incident = make_incident(title="Kite 7 lost", slug="kite-7-lost")
    url = reverse("admin:incidents_incident_change", args=[incident.pk])
    assert alice.post(url, open_and_edit(alice, url, summary="One.")).status_code == 302
    assert alice.post(url, open_and_edit(alice, url, summary="Two.")).status_code == 302
    assert Incident.objects.get(pk=incident.pk).summary == "Two."
