"""The read-only API answers what the public pages show: the same rows for the same filters,
no drafts, only the citations the pages cite, JSON errors, and a rate limit."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework import serializers
from rest_framework.throttling import AnonRateThrottle

from api.serializers import IncidentDetailSerializer, IncidentSerializer
from api.views import public_incidents
from articles.models import Citation
from incidents.models import IncidentKind, Outcome
from incidents.services import refresh_search_names
from tests.factories import (
    make_agency,
    make_article,
    make_citation,
    make_family,
    make_incident,
    make_linked_incident,
    make_mission,
    make_site,
    make_vehicle,
)

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def world():
    """Incidents across two families, two agencies, two sites, outcomes, kinds and years."""
    soyuz, falcon = make_family(name="Soyuz", slug="soyuz"), make_family(name="Falcon")
    soyuz_u = make_vehicle(name="Soyuz-U", slug="soyuz-u", family=soyuz)
    falcon_9 = make_vehicle(name="Falcon 9", slug="falcon-9", family=falcon)
    roscosmos, spacex = make_agency(name="Roscosmos", slug="roscosmos"), make_agency(name="SpaceX")
    baikonur, canaveral = make_site(name="Baikonur", slug="baikonur"), make_site(name="Canaveral")
    for n in range(12):
        russian = n % 2 == 0
        make_incident(
            title=f"{'Progress' if russian else 'Dragon'} loss {n}",
            date=D(1990 + 3 * n, 1 + n % 12, 1),
            vehicles=[soyuz_u if russian else falcon_9],
            agencies=[roscosmos if russian else spacex],
            site=baikonur if russian else canaveral,
            outcome=Outcome.FAILURE if n % 3 else Outcome.PARTIAL_FAILURE,
            kind=IncidentKind.LAUNCH if n % 4 else IncidentKind.IN_FLIGHT,
            fatalities=3 if n == 5 else None,
            summary="The third stage shut down early." if n % 5 == 0 else "Lost in flight.",
        )
    make_incident(title="Progress draft", published=False, vehicles=[soyuz_u])
    refresh_search_names()


def page_slugs(client, path, params):
    response = client.get(path, params)
    assert response.status_code == 200
    return [incident.slug for incident in response.context["page"].object_list]


def api_slugs(client, params):
    response = client.get("/api/incidents/", {**params, "page_size": 100})
    assert response.status_code == 200, response.content
    return [row["slug"] for row in response.json()["results"]]


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"family": "soyuz"},
        {"vehicle": "falcon-9"},
        {"agency": "roscosmos"},
        {"site": "baikonur"},
        {"outcome": Outcome.PARTIAL_FAILURE},
        {"kind": IncidentKind.IN_FLIGHT},
        {"fatal": "yes"},
        {"date_from": "2000", "date_to": "2015-06"},
        {"family": "soyuz", "date_from": "2001", "sort": "oldest"},
        {"q": "third stage"},
        {"sort": "deadliest"},
    ],
)
def test_the_api_lists_the_rows_the_incident_list_shows(client, world, params):
    # 12 published incidents: one page of the list at its 25 rows
    assert api_slugs(client, params) == page_slugs(client, "/incidents/", params)


def test_the_filters_select_something_in_the_sample(client, world):
    assert len(api_slugs(client, {"family": "soyuz"})) == 6
    assert len(api_slugs(client, {"fatal": "yes"})) == 1
    assert len(api_slugs(client, {})) == 12


def test_pages_of_the_api_follow_each_other(client, world):
    first = client.get("/api/incidents/", {"page_size": 5}).json()
    assert first["count"] == 12
    second = client.get(first["next"]).json()
    assert [r["slug"] for r in first["results"] + second["results"]] == api_slugs(client, {})[:10]


@pytest.mark.parametrize("query", ["progress", "third stage", "soyuz 1993", "nothing-like-it"])
def test_the_api_search_ranks_as_the_search_page(client, world, query):
    response = client.get("/search/", {"q": query})
    results = response.context["search"].results
    shown = [hit.incident.slug for hit in results.page.object_list] if results else []
    answer = client.get("/api/search/", {"q": query}).json()
    assert [row["slug"] for row in answer["incidents"]] == shown
    assert answer["count"] == (results.total if results else 0)


def test_drafts_are_not_in_the_api(client, world):
    assert "Progress draft" not in [
        r["title"] for r in client.get("/api/incidents/").json()["results"]
    ]
    draft = make_incident(title="Another draft", published=False)
    assert client.get(f"/api/incidents/{draft.slug}/").status_code == 404


def test_an_incident_gives_its_relations_sources_and_shown_citations(client):
    incident = make_linked_incident(title="Kite 7 lost", crew=2, fatalities=0)
    reviewed = make_article(title="Kite lost", needs_review=False)
    unsure = make_article(title="Kite rumour", needs_review=True)
    shown = make_citation(incident=incident, article=reviewed, confidence=0.4)
    make_citation(incident=incident, article=unsure, confidence=0.3)  # not shown on the page
    sure = make_citation(incident=incident, article=unsure, confidence=0.9, start=0, end=5)
    answer = client.get(f"/api/incidents/{incident.slug}/").json()
    assert answer["title"] == "Kite 7 lost"
    assert answer["crew"] == 2 and answer["fatalities"] == 0
    assert answer["vehicles"] == [{"slug": v.slug, "name": v.name} for v in incident.vehicles.all()]
    assert answer["mission"]["slug"] == incident.mission.slug
    assert answer["page"] == incident.get_absolute_url()
    assert answer["sources"] == 2
    assert [c["id"] for c in answer["citations"]] == [shown.pk, sure.pk]
    listed = client.get("/api/citations/").json()["results"]
    assert [c["id"] for c in listed] == [shown.pk, sure.pk]
    assert client.get(listed[0]["passage"]).status_code == 200


def test_citations_of_drafts_are_not_in_the_api(client):
    draft = make_incident(published=False)
    make_citation(incident=draft, article=make_article(needs_review=False))
    assert client.get("/api/citations/").json()["count"] == 0
    assert Citation.objects.count() == 1


def test_catalog_records_by_slug(client):
    family = make_family(name="Kite family", slug="kite")
    vehicle = make_vehicle(name="Kite 1", slug="kite-1", family=family)
    mission = make_mission(name="Kite 1 demo", vehicle=vehicle, launch_date=D(2020, 5, 1))
    assert client.get("/api/families/kite/").json()["name"] == "Kite family"
    assert client.get("/api/vehicles/kite-1/").json()["family"] == {
        "slug": "kite",
        "name": "Kite family",
    }
    assert client.get(f"/api/missions/{mission.slug}/").json()["vehicle"]["slug"] == "kite-1"
    assert client.get("/api/agencies/").json()["count"] == 0
    assert client.get("/api/sites/no-such-site/").status_code == 404


def test_articles_give_the_passages_cited_in_their_sentences_never_the_whole_text(client):
    article = make_article(
        title="Kite lost", body="The Kite rocket was lost. Nobody was hurt. It was windy."
    )
    incident = make_incident(title="Kite lost", slug="kite-lost")
    make_citation(incident=incident, article=article, start=4, end=15)
    listed = client.get("/api/articles/").json()["results"]
    assert listed[0]["title"] == "Kite lost" and "body" not in listed[0]
    detail = client.get(f"/api/articles/{article.pk}/").json()
    assert "body" not in detail
    assert [(p["quote"], p["sentence"]) for p in detail["passages"]] == [
        ("Kite rocket", "The Kite rocket was lost.")
    ]
    assert "Nobody was hurt" not in json.dumps(detail)


def test_a_filter_that_cannot_be_read_is_a_400_saying_which(client, world):
    response = client.get("/api/incidents/", {"family": "no-such-family", "date_from": "soon"})
    assert response.status_code == 400
    assert set(response.json()) == {"family", "date_from"}
    response = client.get("/api/search/", {"q": "progress", "outcome": "exploded"})
    assert response.status_code == 400
    assert "outcome" in response.json()["filters"][0].lower()


@pytest.mark.parametrize("value", ["%", "%s", "%(value)s", "100%", "2016-%d", "%%"])
def test_a_date_holding_a_percent_sign_is_a_400_quoting_it(client, world, value):
    response = client.get("/api/incidents/", {"date_from": value, "date_to": value})
    assert response.status_code == 400
    message = f"“{value}” is not a date; use 2016, 2016-12 or 2016-12-01."
    assert response.json() == {"date_from": [message], "date_to": [message]}


def test_unknown_addresses_under_the_api_answer_json(client):
    response = client.get("/api/no-such-thing/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "/api/docs/" in response.json()["detail"]


@pytest.mark.parametrize(
    "collection",
    ["incidents", "missions", "vehicles", "families", "agencies", "sites", "articles", "citations"],
)
@pytest.mark.parametrize("key", ["%00", "kite%007", "%C3%A9t%C3%A9", "a.b", "%25"])
def test_a_record_address_that_is_no_slug_or_number_is_a_json_404(client, collection, key):
    response = client.get(f"/api/{collection}/{key}/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert list(response.json()) == ["detail"]


def test_the_api_is_read_only(client, world):
    assert client.post("/api/incidents/", {"title": "x"}).status_code == 405
    assert client.delete("/api/incidents/progress-loss-0/").status_code in {404, 405}


def test_the_schema_and_its_docs_page(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    for path in ["/api/incidents/", "/api/incidents/{slug}/", "/api/search/", "/api/citations/"]:
        assert path in paths
    parameters = {p["name"] for p in paths["/api/incidents/"]["get"]["parameters"]}
    assert {"family", "agency", "date_from", "fatal", "page", "page_size"} <= parameters
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"redoc.standalone.js" in docs.content


def test_anonymous_clients_are_limited_then_told_when_to_come_back(client, monkeypatch):
    from django.core.cache import cache

    cache.clear()
    monkeypatch.setitem(AnonRateThrottle.THROTTLE_RATES, "anon", "3/minute")
    codes = [client.get("/api/families/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    limited = client.get("/api/families/")
    assert int(limited["Retry-After"]) > 0
    assert "throttled" in limited.json()["detail"].lower()
    cache.clear()


def test_the_incident_list_takes_the_same_queries_for_5_rows_as_for_50(client):
    def queries(rows):
        family = make_family()
        for _ in range(rows):
            make_linked_incident(family=family)
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/incidents/", {"page_size": 100}).status_code == 200
        return len(captured.captured_queries)

    few = queries(5)
    assert queries(45) == few


def test_the_incident_list_counts_each_rows_articles_as_its_page_does(client):
    kite, lark = make_linked_incident(title="Kite 7 lost"), make_linked_incident(title="Lark")
    reviewed = make_article(needs_review=False)
    make_citation(incident=kite, article=reviewed)
    make_citation(incident=kite, article=make_article(needs_review=True), confidence=0.3)
    make_citation(incident=kite, article=make_article(needs_review=False), supports="context")
    make_citation(incident=lark, article=reviewed, supports="context")
    with CaptureQueriesContext(connection) as captured:
        rows = client.get("/api/incidents/").json()["results"]
    counts = {row["title"]: (row["sources"], row["mentions"]) for row in rows}
    assert counts == {"Kite 7 lost": (1, 1), "Lark": (0, 1)}
    # the count, the page's rows with their articles' counts and their vehicles' and agencies'
    # ids (subqueries of the page's rows only: the ids are picked first), the vehicle and
    # agency menus that name them (the rate limit's cache reads and writes aside)
    assert selects(captured) == 4


def selects(captured) -> int:
    """The queries of the data, not of the cache (the rate limit's, the menus', the count's)."""
    return len([q for q in captured if "site_cache" not in q["sql"] and "SELECT" in q["sql"]])


def test_the_incident_list_made_afresh_reads_its_rows_in_one_query(client, no_page_cache):
    make_linked_incident()
    make_incident(vehicles=[make_vehicle(), make_vehicle()], agencies=[make_agency()])
    client.get("/api/incidents/")  # the menus and the count, cached
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/api/incidents/").status_code == 200
    assert selects(captured) == 1


def test_each_row_is_what_the_serializers_generic_fields_give(client):
    """The incident serializers write their rows themselves, for speed; the fields they
    declare (which the schema describes) would give the same."""
    nasa = make_agency(name="NASA")
    johnson = make_agency(name="Johnson Space Center", umbrella=nasa)
    make_linked_incident(crew=3, fatalities=0, injuries=None, summary="Lost in flight.")
    make_incident(
        vehicles=[make_vehicle(name="Zenit"), make_vehicle(name="Atlas")],
        agencies=[nasa, johnson],
        date=D(1967, 1, 1),
        date_precision="year",
    )
    make_incident(title="Nothing linked")
    rows = client.get("/api/incidents/").json()["results"]
    incidents = public_incidents().order_by("-date", "title")
    generic = serializers.ModelSerializer.to_representation
    assert rows == [generic(IncidentSerializer(), incident) for incident in incidents]
    assert sorted(len(row["agencies"]) for row in rows) == [0, 1, 2]  # the centre as well
    for incident in incidents:
        detail = client.get(f"/api/incidents/{incident.slug}/").json()
        assert detail == json.loads(json.dumps(generic(IncidentDetailSerializer(), incident)))


def test_an_incident_gives_the_facts_its_page_shows(client):
    from articles.models import Fact

    incident = make_linked_incident(title="Kite 7 lost")
    reviewed = make_citation(incident=incident, article=make_article(needs_review=False))
    unsure = make_citation(
        incident=incident, article=make_article(needs_review=True), confidence=0.2
    )
    kinds = Fact.Kind

    def fact(citation, kind, value, **fields):
        return Fact.objects.create(
            incident=incident, citation=citation, kind=kind, value=value, **fields
        )

    shown = fact(reviewed, kinds.TIME_INTO_FLIGHT, "382 seconds", si_value=382.0)
    fact(reviewed, kinds.ALTITUDE, "190 km", status=Fact.Status.REJECTED)
    fact(unsure, kinds.PAYLOAD_MASS, "2.6 tons")  # an unsure, unreviewed passage
    confirmed = fact(unsure, kinds.FAILED_STAGE, "third stage", status=Fact.Status.CONFIRMED)
    facts = client.get(f"/api/incidents/{incident.slug}/").json()["facts"]
    assert [(f["id"], f["value"]) for f in facts] == [
        (confirmed.pk, "third stage"),
        (shown.pk, "382 seconds"),
    ]
    assert facts[1]["si_value"] == 382.0 and facts[1]["citation"] == reviewed.pk


def test_the_api_lists_articles_as_the_articles_page_does(client):
    for n, day in enumerate([D(2016, 12, 2), None, D(2024, 8, 15), D(2016, 12, 2)]):
        make_article(title=f"Report {n}", published_on=day)
    page = client.get("/articles/").context["page"]
    answer = client.get("/api/articles/").json()["results"]
    assert [a["title"] for a in answer] == [a.title for a in page.object_list]
    assert answer[-1]["title"] == "Report 1"  # undated last


def test_the_schema_validates_as_openapi_3_without_warnings(tmp_path):
    from django.core.management import call_command

    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    assert target.read_text().startswith("openapi: 3")
