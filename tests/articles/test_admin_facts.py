"""Editors confirm, correct or reject the facts the importer found, in the real admin."""

import pytest
from django.urls import reverse

from articles.models import Fact
from tests.factories import make_article, make_citation, make_incident


@pytest.fixture
def facts(db):
    incident = make_incident(title="Kite 7 lost", slug="kite-7-lost")
    article = make_article(body="The stage failed 383 seconds into the flight, Zephyrcorp said.")
    citation = make_citation(incident=incident, article=article)
    seconds = Fact.objects.create(
        incident=incident,
        citation=citation,
        kind=Fact.Kind.TIME_INTO_FLIGHT,
        value="383 seconds",
        si_value=383,
        si_low=382.5,
        si_high=383.5,
        said_by="Zephyrcorp",
    )
    cause = Fact.objects.create(
        incident=incident, citation=citation, kind=Fact.Kind.CAUSE, value="the flight itself"
    )
    return incident, seconds, cause


def shown_values(client, incident) -> set[str]:
    rows = client.get(incident.get_absolute_url()).context["fact_rows"]
    return {statement.value for row in rows for statement in row.statements}


def test_an_editor_rejects_a_fact_and_the_page_stops_showing_it(editor_client, client, facts):
    incident, seconds, cause = facts
    assert shown_values(client, incident) == {"383 seconds", "the flight itself"}
    response = editor_client.post(
        reverse("admin:articles_fact_changelist"),
        {"action": "reject", "_selected_action": [cause.pk]},
        follow=True,
    )
    assert "1 fact rejected." in response.content.decode()
    assert shown_values(client, incident) == {"383 seconds"}


def test_an_editor_confirms_facts(editor_client, facts):
    _, seconds, _ = facts
    editor_client.post(
        reverse("admin:articles_fact_changelist"),
        {"action": "confirm", "_selected_action": [seconds.pk]},
    )
    seconds.refresh_from_db()
    assert seconds.status == Fact.Status.CONFIRMED


def test_an_editor_corrects_a_value(editor_client, client, facts):
    incident, seconds, _ = facts
    url = reverse("admin:articles_fact_change", args=[seconds.pk])
    page = editor_client.get(url)
    assert "The stage failed 383 seconds into the flight" in page.content.decode()
    response = editor_client.post(
        url,
        {
            "incident": incident.pk,
            "citation": seconds.citation_id,
            "kind": seconds.kind,
            "value": "382 seconds",
            "si_value": 382,
            "si_low": 381.5,
            "si_high": 382.5,
            "said_by": "Zephyrcorp",
            "status": Fact.Status.CONFIRMED,
            "version": page.context["adminform"].form["version"].value(),
        },
    )
    assert response.status_code == 302
    assert "382 seconds" in shown_values(client, incident)
