"""What the importer was unsure of stays off the public pages until an editor has looked."""

import pytest
from django.urls import reverse

from articles.models import Citation, Fact, Mention
from tests.factories import make_article, make_citation, make_incident, make_mission


@pytest.fixture
def unsure(db):
    incident = make_incident(title="Kite 7 lost", slug="kite-7-lost")
    article = make_article(
        title="Kite rocket fails", body="The Kite 7 rocket failed 90 seconds into the flight."
    )
    article.needs_review = True
    article.save()
    citation = make_citation(
        incident=incident, article=article, supports=Citation.Supports.CONTEXT, confidence=0.5
    )
    Fact.objects.create(
        incident=incident, citation=citation, kind=Fact.Kind.TIME_INTO_FLIGHT, value="90 seconds"
    )
    return incident, article


def public_view(client, incident):
    page = client.get(incident.get_absolute_url())
    citations = page.context["citations"] + page.context["context_citations"]
    facts = [s.value for row in page.context["fact_rows"] for s in row.statements]
    return citations, facts


def test_an_unsure_citation_and_its_facts_wait_for_review(client, unsure):
    incident, article = unsure
    assert public_view(client, incident) == ([], [])
    assert client.get(article.get_absolute_url()).context["citations"] == []


def test_after_the_review_action_they_are_shown(editor_client, client, unsure):
    incident, article = unsure
    editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "confirm_links", "_selected_action": [article.pk]},
    )
    citations, facts = public_view(client, incident)
    assert [c.article_id for c in citations] == [article.pk] and facts == ["90 seconds"]


def test_a_sure_citation_is_shown_before_any_review(client, unsure):
    incident, article = unsure
    Citation.objects.update(confidence=0.9)
    citations, facts = public_view(client, incident)
    assert len(citations) == 1 and facts == ["90 seconds"]


def test_an_unsure_mention_is_not_listed_on_the_mission_page_until_confirmed(client, db):
    mission = make_mission(name="Kite 7")
    article = make_article(title="Kite news", body="Kite 7 flew.")
    mention = Mention.objects.create(
        article=article, kind="mission", mission=mission, start=0, end=6, text="Kite 7"
    )
    Mention.objects.filter(pk=mention.pk).update(confidence=0.4)
    url = reverse("incidents:mission", args=[mission.slug])
    assert client.get(url).context["mentioned_in"] == []
    mention.refresh_from_db()
    mention.confirmed = True  # as the admin's list of mentions saves it
    mention.save()
    assert [a.pk for a in client.get(url).context["mentioned_in"]] == [article.pk]
