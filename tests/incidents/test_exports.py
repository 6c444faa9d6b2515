"""Any incident list or search can be taken away as CSV or JSON: the same rows, all pages."""

import csv
import datetime
import io
import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from articles.models import Citation
from incidents.services import refresh_search_names
from tests.factories import (
    make_agency,
    make_article,
    make_citation,
    make_family,
    make_incident,
    make_linked_incident,
    make_mission,
    make_vehicle,
)

pytestmark = pytest.mark.django_db

D = datetime.date


def body(response) -> str:
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode("utf-8")


def csv_rows(response) -> list[dict]:
    text = body(response)
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


@pytest.fixture
def world():
    soyuz = make_family(name="Soyuz", slug="soyuz")
    soyuz_u = make_vehicle(name="Soyuz-U", slug="soyuz-u", family=soyuz)
    falcon_9 = make_vehicle(name="Falcon 9", slug="falcon-9", family=make_family(name="Falcon"))
    roscosmos = make_agency(name="Roscosmos", slug="roscosmos")
    for n in range(30):  # more than a page of the list (25)
        make_incident(
            title=f"Soyuz loss {n}",
            date=D(1970 + n, 3, 1),
            vehicles=[soyuz_u],
            agencies=[roscosmos],
        )
    make_incident(
        title='Falcon 9 "Amos-6", pad explosion',
        date=D(2016, 9, 1),
        vehicles=[falcon_9],
        mission=make_mission(name="Amos-6", launch_tag="2016-F01"),
        crew=0,
        fatalities=0,
    )
    make_incident(title="Soyuz draft", published=False, vehicles=[soyuz_u])
    refresh_search_names()


def test_the_list_as_csv_has_every_row_the_list_pages_show_in_their_order(client, world):
    rows = csv_rows(client.get("/incidents.csv", {"family": "soyuz"}))
    listed = client.get("/incidents/", {"family": "soyuz"}).context["page"]
    assert listed.paginator.count == 30 == len(rows)
    assert [row["title"] for row in rows[:25]] == [i.title for i in listed.object_list]
    assert rows[0]["vehicles"] == "Soyuz-U" and rows[0]["agencies"] == "Roscosmos"
    assert rows[0]["url"] == "http://testserver/incidents/" + listed.object_list[0].slug + "/"


def test_a_csv_cell_keeps_quotes_and_commas(client, world):
    rows = csv_rows(client.get("/incidents.csv", {"date_from": "2016"}))
    assert [(r["title"], r["mission"], r["launch_tag"], r["crew"]) for r in rows] == [
        ('Falcon 9 "Amos-6", pad explosion', "Amos-6", "2016-F01", "0")
    ]
    assert rows[0]["injuries"] == ""  # unknown stays empty, not "None"


def test_a_csv_cell_that_would_open_as_a_formula_is_shown_as_text(client):
    titles = ['=HYPERLINK("http://x.example")', "+1 stage", "- Kosmos lost", "@SUM(A1)"]
    titles += ["\tTab", "\rReturn", "Kite 7 = lost - again"]
    for n, title in enumerate(titles):
        make_incident(
            title=title,
            date=D(2000 + n, 1, 1),
            mission=make_mission(name=f"-Mission {n}"),
            vehicles=[make_vehicle(name=f"@Vehicle {n}")],
        )
    rows = csv_rows(client.get("/incidents.csv", {"sort": "oldest"}))
    assert [row["title"] for row in rows] == [
        '\'=HYPERLINK("http://x.example")',
        "'+1 stage",
        "'- Kosmos lost",
        "'@SUM(A1)",
        "'\tTab",
        "'\rReturn",
        "Kite 7 = lost - again",
    ]
    assert {row["mission"][:2] for row in rows} == {"'-"}
    assert {row["vehicles"][:2] for row in rows} == {"'@"}
    response = client.get("/incidents.json", {"sort": "oldest"})
    assert [row["title"] for row in json.loads(body(response))["incidents"]] == titles


def test_the_list_as_json_says_what_was_asked_and_credits_its_sources(client, world):
    response = client.get("/incidents.json", {"family": "soyuz", "sort": "oldest"})
    assert response["Content-Disposition"] == 'attachment; filename="incidents.json"'
    data = json.loads(body(response))
    assert data["filters"] == {"family": "soyuz", "sort": "oldest"}
    assert "GCAT" in data["credit"]
    assert [i["title"] for i in data["incidents"][:2]] == ["Soyuz loss 0", "Soyuz loss 1"]
    assert data["incidents"][0]["vehicles"] == ["Soyuz-U"]
    assert data["incidents"][0]["date"] == "1970-03-01"


def test_drafts_are_never_exported(client, world):
    titles = [row["title"] for row in csv_rows(client.get("/incidents.csv"))]
    assert len(titles) == 31 and "Soyuz draft" not in titles


def test_a_search_exports_its_ranked_incidents_beyond_the_first_page(client, world):
    page = client.get("/search/", {"q": "soyuz loss"}).context["search"]
    data = json.loads(body(client.get("/search.json", {"q": "soyuz loss"})))
    assert data["search"] == "soyuz loss"
    shown = [hit.incident.title for hit in page.results.page.object_list]
    assert len(data["incidents"]) == page.results.total == 30 > len(shown)
    assert [i["title"] for i in data["incidents"][: len(shown)]] == shown


def test_a_search_with_nothing_to_search_exports_no_rows(client, world):
    assert csv_rows(client.get("/search.csv", {"q": ""})) == []


def test_the_sources_column_counts_the_articles_the_pages_cite(client):
    incident = make_linked_incident(title="Kite lost")
    for confidence in (0.9, 0.9, 0.2):
        make_citation(
            incident=incident, article=make_article(needs_review=True), confidence=confidence
        )
    assert csv_rows(client.get("/incidents.csv"))[0]["sources"] == "2"


@pytest.mark.parametrize("path", ["/incidents.csv", "/search.json"])
def test_a_filter_that_cannot_be_read_is_a_400_saying_so(client, world, path):
    response = client.get(path, {"q": "soyuz", "date_from": "next week"})
    assert response.status_code == 400
    assert "could not be read" in response.content.decode()


def test_unknown_formats_are_not_found(client, world):
    assert client.get("/incidents.xlsx").status_code == 404


def test_an_export_takes_the_same_queries_for_10_rows_as_for_600(client):
    def queries(rows):
        family = make_family()
        for _ in range(rows):
            make_linked_incident(family=family)
        with CaptureQueriesContext(connection) as captured:
            body(client.get("/incidents.csv"))
        return len(captured.captured_queries)

    # the rows, with their mission's, site's, vehicles' and agencies' names and the counts of
    # their sources and mentions kept on them, in one query however many chunks of 500 they
    # are streamed in
    assert queries(10) == 1
    assert queries(590) == 1


@pytest.mark.parametrize("path", ["/incidents.csv", "/incidents.json"])
def test_an_export_reads_its_rows_before_it_answers(client, world, path):
    with CaptureQueriesContext(connection) as answering:
        response = client.get(path)
    with CaptureQueriesContext(connection) as streaming:
        body(response)
    # a list shorter than a chunk is read whole before the answer starts
    assert len(answering.captured_queries) == 1 and len(streaming.captured_queries) == 0


@pytest.mark.parametrize(
    "path", ["/incidents.csv", "/incidents.json", "/search.csv?q=soyuz", "/search.json?q=soyuz"]
)
def test_an_export_while_the_database_is_unreachable_is_a_503_not_a_file_cut_short(
    unreachable_database, path
):
    response = Client(raise_request_exception=False).get(path)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert not response.streaming


def test_the_list_and_search_pages_link_to_their_exports(client, world):
    html = client.get("/incidents/", {"family": "soyuz"}).content.decode()
    assert 'href="/incidents.csv?family=soyuz"' in html
    assert 'href="/incidents.json?family=soyuz"' in html
    html = client.get("/search/", {"q": "soyuz loss"}).content.decode()
    assert 'href="/search.csv?q=soyuz+loss"' in html


def test_a_csv_row_gives_names_in_order_and_counts_as_the_list_does(client):
    incident = make_incident(
        title="Kite 7 lost",
        date=D(2001, 5, 1),
        slug="kite-7-lost",
        mission=make_mission(name="Kite 7", launch_tag=None),
        vehicles=[make_vehicle(name="Kite, heavy"), make_vehicle(name="Blok; L")],
        agencies=[make_agency(name="Zeta Agency"), make_agency(name="Alpha Agency")],
        crew=2,
        fatalities=0,
    )
    reporting, passing, both = make_article(), make_article(), make_article()
    make_citation(incident=incident, article=reporting)
    make_citation(incident=incident, article=passing, supports=Citation.Supports.CONTEXT)
    make_citation(incident=incident, article=both)
    make_citation(incident=incident, article=both, supports=Citation.Supports.CONTEXT, end=10)
    text = body(client.get("/incidents.csv"))
    # sources: the two articles that report it; mentions: the one that only mentions it
    assert text.splitlines()[1] == (
        "Kite 7 lost,2001-05-01,day,launch,failure,unknown,,Kite 7,,"
        '"Blok; L; Kite, heavy",Alpha Agency; Zeta Agency,,2,0,,2,1,'
        "http://testserver/incidents/kite-7-lost/"
    )
    listed = client.get("/incidents/").context["page"].object_list[0]
    assert (listed.source_count, listed.mention_count) == (2, 1)
    data = json.loads(body(client.get("/search.json", {"q": "kite"})))
    (row,) = data["incidents"]
    assert row["vehicles"] == ["Blok; L", "Kite, heavy"]
    assert (row["sources"], row["mentions"], row["launch_tag"]) == (2, 1, None)
