"""Deep pages of the incident lists (incidents/paging.py): the same rows in the same order as
plain slicing, while the rows' own subqueries run for the page's rows only."""

import datetime
import re

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from incidents.models import Incident
from tests.factories import (
    make_agency,
    make_article,
    make_citation,
    make_incident,
    make_incidents,
    make_linked_incidents,
    make_vehicle,
)
from tests.pages import listed_titles

pytestmark = pytest.mark.django_db

COUNT = 60  # three pages of 25: the last holds 10


@pytest.fixture
def incidents():
    """60 incidents a day apart, every third with nobody killed, linked to one rocket."""
    vehicle, agency = make_vehicle(name="Soyuz-U"), make_agency(name="Roscosmos")
    return make_incidents(
        COUNT,
        date=lambda n: datetime.date(2000, 1, 1) + datetime.timedelta(days=n),
        title=lambda n: f"Loss {n:02}",
        fatalities=lambda n: None if n % 3 == 0 else n % 7,
        vehicles=[vehicle],
        agencies=[agency],
    )


def expected_titles(ordering, page: int) -> list[str]:
    titles = Incident.objects.published().order_by(*ordering).values_list("title", flat=True)
    return list(titles[(page - 1) * 25 : page * 25])


@pytest.mark.parametrize(
    ("sort", "ordering"),
    [
        ("", ["-date", "title"]),
        ("oldest", ["date", "title"]),
        ("deadliest", [F("fatalities").desc(nulls_last=True), "-date", "title"]),
    ],
)
def test_every_page_lists_the_rows_plain_slicing_would(client, incidents, sort, ordering):
    for page in (1, 2, 3):
        response = client.get(
            "/incidents/", {"sort": sort, "page": page} if sort else {"page": page}
        )
        assert listed_titles(response) == expected_titles(ordering, page)
    assert len(listed_titles(response)) == COUNT - 50


def test_a_deep_page_shows_its_rows_vehicles_agencies_and_sources(client, incidents):
    make_citation(incident=incidents[0], article=make_article())
    html = client.get("/incidents/", {"page": 3}).content.decode()
    rows = re.findall(r'<li>\s*<a class="title".*?</li>', html, re.S)
    assert len(rows) == 10
    assert all("Soyuz-U" in row and "Roscosmos" in row for row in rows)
    (cited,) = [row for row in rows if "Loss 00" in row]
    assert '<span class="sources">1 source</span>' in cited


def page_query(client, path: str, params: dict) -> str:
    """The SQL of the query that read a page's rows (the one that asks for its site)."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path, params).status_code == 200
    (sql,) = [q["sql"] for q in queries if "OFFSET" in q["sql"]]
    return sql


def test_the_list_picks_the_pages_ids_before_reading_its_rows_in_full(client, incidents):
    sql = page_query(client, "/incidents/", {"page": 3})
    # the offset is the ids subquery's; the query that works out each row's vehicle ids,
    # agency ids and source count has no offset (and no limit) of its own
    assert re.search(r"IN \(SELECT .* LIMIT 10 OFFSET 50\)", sql)
    assert not re.search(r"(LIMIT|OFFSET) \d+\s*$", sql)


def test_the_api_list_picks_the_pages_ids_first_too(client, incidents):
    sql = page_query(client, "/api/incidents/", {"page": 3})
    assert re.search(r"IN \(SELECT .* LIMIT 10 OFFSET 50\)", sql)
    assert not re.search(r"(LIMIT|OFFSET) \d+\s*$", sql)
    answer = client.get("/api/incidents/", {"page": 3}).json()
    assert [row["title"] for row in answer["results"]] == expected_titles(["-date", "title"], 3)


@pytest.mark.parametrize("size", [1, 1000])
def test_the_api_lists_last_page_costs_four_queries_whatever_the_size(
    client, django_assert_num_queries, size
):
    make_linked_incidents(size)
    last = -(-size // 25)
    # count; the page's rows (their ids picked in a subquery); their vehicles; their agencies
    with django_assert_num_queries(4):
        answer = client.get("/api/incidents/", {"page": last}).json()
    assert len(answer["results"]) == size - (last - 1) * 25


def count_queries(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].startswith("SELECT COUNT(*)")]


def test_a_lists_count_is_asked_once_until_the_data_changes(client, incidents, no_page_cache):
    def count_asked(params) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/incidents/", params).status_code == 200
        return len(count_queries(queries))

    assert count_asked({"page": 2}) == 1
    assert count_asked({"page": 3}) == 0  # the same list: its count is kept
    assert count_asked({"page": 1, "sort": "oldest"}) == 0  # the order changes no count
    assert count_asked({"fatal": "yes"}) == 1  # another list, another count


def test_a_kept_count_changes_the_moment_the_data_does(client, incidents, no_page_cache):
    def pages_listed() -> int:
        return client.get("/incidents/").context["page"].paginator.num_pages

    assert pages_listed() == 3
    for n in range(20):  # saved one by one, as the admin and the importer save
        make_incident(title=f"New loss {n:02}", slug=f"new-loss-{n}")
    assert pages_listed() == 4
    incidents[0].status = Incident.Status.DRAFT
    incidents[0].save()
    assert client.get("/incidents/").context["page"].paginator.count == COUNT + 20 - 1
