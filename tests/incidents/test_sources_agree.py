"""An incident's "sources" are the articles that report it: the same number on the list, in
search, on its page, in the API, the exports and its reference files. Articles that mention
it only in passing are counted apart ("also mentioned in 2 articles")."""

import csv
import io
import json
import re

import pytest

from articles.models import Citation
from incidents.services import refresh_search_names
from tests.factories import (
    make_article,
    make_articles,
    make_citation,
    make_citations,
    make_family,
    make_incident,
    make_incidents,
    make_vehicle,
)

pytestmark = pytest.mark.django_db

INCIDENT, CONTEXT, FACT = (
    Citation.Supports.INCIDENT,
    Citation.Supports.CONTEXT,
    Citation.Supports.FACT,
)


@pytest.fixture
def kite():
    """Kite 7: reported by two articles (one through a fact only), mentioned in passing by
    two others, and by one of its reporters in passing too (still one source)."""
    rocket = make_vehicle(name="Kite 1", family=make_family(name="Kite", slug="kite"))
    incident = make_incident(title="Kite 7 lost", slug="kite-7-lost", vehicles=[rocket])
    body = "The Kite 7 rocket failed. Years ago a Kite failed too."
    reporter, fact_only, passing, passing_too = (make_article(body=body) for _ in range(4))
    make_citation(incident=incident, article=reporter, supports=INCIDENT, start=0, end=25)
    make_citation(incident=incident, article=reporter, supports=CONTEXT, start=26, end=54)
    make_citation(incident=incident, article=fact_only, supports=FACT, start=0, end=25)
    make_citation(incident=incident, article=passing, supports=CONTEXT, start=26, end=54)
    make_citation(incident=incident, article=passing_too, supports=CONTEXT, start=26, end=54)
    refresh_search_names()
    return incident


def row_meta(html: str) -> tuple[str, str]:
    found = re.search(r'<a class="title"[^>]*>Kite 7 lost</a>.*?</li>', html, re.S)
    assert found is not None
    row = found[0]
    sources = re.search(r'<span class="sources">([^<]*)</span>', row)
    mentions = re.search(r'<span class="mentions">([^<]*)</span>', row)
    return (sources[1] if sources else "", mentions[1] if mentions else "")


@pytest.mark.parametrize("path", ["/incidents/", "/", "/families/kite/", "/search/?q=kite"])
def test_every_list_counts_the_reporting_articles_and_the_passing_mentions_apart(
    client, kite, path
):
    html = client.get(path).content.decode()
    assert row_meta(html) == ("2 sources", "also mentioned in 2 articles")


def test_the_incident_page_lists_the_same_two_sources_and_two_passing_mentions(client, kite):
    response = client.get("/incidents/kite-7-lost/")
    html = response.content.decode()
    assert len(response.context["citations"]) == 2
    assert {c.supports for c in response.context["citations"]} == {INCIDENT, FACT}
    assert len(response.context["context_citations"]) == 2
    assert "2 articles report this incident." in html
    assert "<h2>Also mentioned in 2 articles</h2>" in html
    assert "No article cited yet" not in html


def test_an_incident_only_mentioned_in_passing_has_no_source_anywhere(client):
    incident = make_incident(title="Kite 7 lost", slug="kite-7-lost")
    for article in make_articles(2):
        make_citation(incident=incident, article=article, supports=CONTEXT)
    assert row_meta(client.get("/incidents/").content.decode()) == ("", "mentioned in 2 articles")
    page = client.get("/incidents/kite-7-lost/").content.decode()
    assert "No article cited yet" in page and "Also mentioned in 2 articles" in page
    (api_row,) = client.get("/api/incidents/").json()["results"]
    assert (api_row["sources"], api_row["mentions"]) == (0, 2)


def test_the_api_and_the_exports_give_the_same_counts(client, kite):
    (api_row,) = client.get("/api/incidents/").json()["results"]
    assert (api_row["sources"], api_row["mentions"]) == (2, 2)
    text = b"".join(client.get("/incidents.csv").streaming_content).decode().lstrip("\ufeff")
    (csv_row,) = csv.DictReader(io.StringIO(text))
    assert (csv_row["sources"], csv_row["mentions"]) == ("2", "2")
    data = json.loads(b"".join(client.get("/search.json", {"q": "kite"}).streaming_content))
    assert (data["incidents"][0]["sources"], data["incidents"][0]["mentions"]) == (2, 2)


def test_the_reference_files_hold_the_sources_only(client, kite):
    bib = client.get("/incidents/kite-7-lost/sources.bib").content.decode()
    assert bib.count("@misc{") == 2


@pytest.mark.usefixtures("no_page_cache")
@pytest.mark.parametrize("size", [1, 200])
def test_counting_costs_no_query_per_row(client, django_assert_num_queries, size):
    incidents = make_incidents(size)
    articles = make_articles(2)
    for incident in incidents:
        make_citations(
            2,
            incident=incident,
            article=lambda n: articles[n],
            supports=lambda n: (INCIDENT, CONTEXT)[n],
        )
    client.get("/incidents/")  # the filter menus and the count are kept from here on
    with django_assert_num_queries(1):  # the page with both counts
        html = client.get("/incidents/").content.decode()
    assert html.count('<span class="sources">1 source</span>') == min(size, 25)
    assert html.count('<span class="mentions">also mentioned in 1 article</span>') == min(size, 25)
