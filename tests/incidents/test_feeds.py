"""Atom feeds: new incidents, a family's, an agency's and a search's, valid Atom with links
back to the pages."""

import datetime
import xml.etree.ElementTree as ET

import pytest

from incidents.services import refresh_search_names
from tests.factories import make_agency, make_family, make_incident, make_vehicle

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def entries(response) -> list[dict]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "link": entry.findall(f"{ATOM}link")[0].get("href"),
            "summary": entry.findtext(f"{ATOM}summary"),
        }
        for entry in feed.findall(f"{ATOM}entry")
    ]


@pytest.fixture
def world():
    soyuz = make_family(name="Soyuz", slug="soyuz")
    roscosmos = make_agency(name="Roscosmos", slug="roscosmos")
    rocket = make_vehicle(name="Soyuz-U", family=soyuz)
    first = make_incident(title="Progress M-27M lost", vehicles=[rocket], agencies=[roscosmos])
    second = make_incident(
        title="Progress MS-04 lost",
        vehicles=[rocket],
        summary="The **third stage** failed. <script>alert(1)</script>",
    )
    make_incident(title="Amos-6 pad explosion", date=datetime.date(2016, 9, 1))
    make_incident(title="A draft", published=False, vehicles=[rocket], agencies=[roscosmos])
    refresh_search_names()
    return first, second


def test_the_new_incidents_feed_lists_the_newest_first_without_drafts(client, world):
    titles = [e["title"] for e in entries(client.get("/feeds/incidents.atom"))]
    assert titles == ["Amos-6 pad explosion", "Progress MS-04 lost", "Progress M-27M lost"]


def test_entries_link_to_their_pages_and_summaries_are_cleaned_html(client, world):
    entry = entries(client.get("/feeds/incidents.atom"))[1]
    assert entry["link"] == f"http://testserver{world[1].get_absolute_url()}"
    assert "<strong>third stage</strong>" in entry["summary"]
    assert "<script>" not in entry["summary"]


def test_a_family_and_an_agency_have_their_own_feeds(client, world):
    family = entries(client.get("/families/soyuz/feed.atom"))
    assert [e["title"] for e in family] == ["Progress MS-04 lost", "Progress M-27M lost"]
    agency = entries(client.get("/agencies/roscosmos/feed.atom"))
    assert [e["title"] for e in agency] == ["Progress M-27M lost"]
    assert client.get("/families/no-such-family/feed.atom").status_code == 404


def test_a_search_has_a_feed_of_what_it_finds(client, world):
    response = client.get("/search/feed.atom", {"q": "progress"})
    assert sorted(e["title"] for e in entries(response)) == [
        "Progress M-27M lost",
        "Progress MS-04 lost",
    ]
    feed = ET.fromstring(response.content)
    assert "progress" in feed.findtext(f"{ATOM}title")
    assert client.get("/search/feed.atom", {"q": "progress", "date_from": "x"}).status_code == 404


@pytest.mark.parametrize("control", ["\x0b", "\x00", "\x01", "\x1f", "\ufffe"])
def test_a_search_typed_with_a_control_character_has_a_valid_feed_without_it(
    client, world, control
):
    response = client.get("/search/feed.atom", {"q": f"prog{control}ress"})
    assert response.status_code == 200
    feed = ET.fromstring(response.content)
    assert feed.findtext(f"{ATOM}title") == "Spaceflight incidents: search for “progress”"


def test_a_title_holding_control_characters_leaves_the_feed_valid(client):
    make_incident(title="Kite\x0b 7\x1b lost", summary="Lost at T+40 s.")
    (entry,) = entries(client.get("/feeds/incidents.atom"))
    assert entry["title"] == "Kite 7 lost"
    assert entry["summary"] == "<p>Lost at T+40 s.</p>"


def test_pages_announce_their_feeds(client, world):
    html = client.get("/families/soyuz/").content.decode()
    assert 'type="application/atom+xml"' in html and "/families/soyuz/feed.atom" in html
    html = client.get("/search/", {"q": "progress"}).content.decode()
    assert "/search/feed.atom?q=progress" in html
    assert "/feeds/incidents.atom" in client.get("/").content.decode()
