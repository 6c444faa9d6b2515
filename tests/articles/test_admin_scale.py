"""The admin opens and saves articles and incidents with many links: the change page lists
the links an editor should check first, and a save never exceeds the form-field limit."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.admin import INLINE_ROWS
from articles.models import Citation, Mention
from tests.admin_forms import change_form_data
from tests.factories import make_article, make_incident, make_vehicle


def add_mentions(article, count: int, vehicle) -> None:
    Mention.objects.bulk_create(
        Mention(
            article=article,
            kind=Mention.Kind.VEHICLE,
            vehicle=vehicle,
            start=index,
            end=index + 4,
            text="Kite",
            confidence=0.5 + (index % 50) / 100,
        )
        for index in range(count)
    )


def add_citations(incident, count: int) -> None:
    articles = [make_article() for _ in range(count)]
    Citation.objects.bulk_create(
        Citation(incident=incident, article=article, start=0, end=10, quote=article.body[:10])
        for article in articles
    )


@pytest.fixture
def article_with_mentions(db):
    article = make_article(title="Kite rocket lost", body="Kite rocket lost. " * 100)
    add_mentions(article, 300, make_vehicle(name="Kite"))
    return article


def test_an_article_with_hundreds_of_mentions_saves_an_edit(editor_client, article_with_mentions):
    url = reverse("admin:articles_article_change", args=[article_with_mentions.pk])
    page = editor_client.get(url)
    data = change_form_data(page)
    data["title"] = "Kite rocket lost on its first flight"
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.content[:500]
    article_with_mentions.refresh_from_db()
    assert article_with_mentions.title == "Kite rocket lost on its first flight"
    assert article_with_mentions.mentions.count() == 300


def test_the_change_page_lists_the_least_certain_mentions_and_links_to_all(
    editor_client, article_with_mentions
):
    url = reverse("admin:articles_article_change", args=[article_with_mentions.pk])
    with CaptureQueriesContext(connection) as queries:
        page = editor_client.get(url)
    (mentions,) = [i for i in page.context["inline_admin_formsets"] if i.opts.model is Mention]
    shown = [form.instance for form in mentions.formset.forms]
    assert len(shown) == INLINE_ROWS
    assert max(m.confidence for m in shown) <= min(
        m.confidence for m in article_with_mentions.mentions.exclude(pk__in=[m.pk for m in shown])
    )
    html = page.content.decode()
    all_url = reverse("admin:articles_mention_changelist") + (
        f"?article__id__exact={article_with_mentions.pk}"
    )
    assert all_url in html and "300 mentions" in html
    assert len(queries) < 20, len(queries)  # not one per row


def test_an_incident_with_many_citations_saves_an_edit(editor_client):
    incident = make_incident(title="Kite 7 lost", slug="kite-7-lost")
    add_citations(incident, 150)
    url = reverse("admin:incidents_incident_change", args=[incident.pk])
    data = change_form_data(editor_client.get(url))
    data["summary"] = "The second stage failed."
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.content[:500]
    incident.refresh_from_db()
    assert incident.summary == "The second stage failed."
    assert incident.citations.count() == 150
