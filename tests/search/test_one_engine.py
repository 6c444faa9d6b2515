"""One engine answers words everywhere: the incident list's Words box (its page, its download,
the API's list) finds the incidents the search page finds; the search page's download, feed
and the API's search give them in the search page's order. On either database."""

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest

from tests.search.test_search import SearchTestCase

QUERIES = [
    "turbopump",  # a word in GCAT's notes only, never in a title or a summary
    "third stage",  # a flight phase in words
    "soyuz 2016",  # a name and a year, read as filters
    "Soyus",  # a misspelt name, corrected
    "baikonur resonance",  # a site's alias and a word
    "explosion -pad",
]


def titles_on_the_search_page(client, query: str) -> list[str]:
    results = client.get("/search/", {"q": query, "page": 1}).context["search"].results
    return [hit.incident.title for hit in results.page.object_list]


def titles_on_the_list(client, query: str) -> list[str]:
    page = client.get("/incidents/", {"q": query}).context["page"]
    return [incident.title for incident in page.object_list]


def streamed(response) -> str:
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode("utf-8")


class OneEngineTests(SearchTestCase):
    def test_the_list_words_box_finds_what_the_search_page_finds(self):
        for query in QUERIES:
            with self.subTest(query):
                on_search = titles_on_the_search_page(self.client, query)
                assert on_search, "the search page finds something"
                assert sorted(titles_on_the_list(self.client, query)) == sorted(on_search)

    def test_turbopump_finds_the_two_noted_failures_on_both_pages(self):
        expected = ["Cygnus Orb-3 launch failure", "Progress MS-04 launch failure"]
        assert sorted(titles_on_the_list(self.client, "turbopump")) == expected
        assert sorted(titles_on_the_search_page(self.client, "turbopump")) == expected

    def test_the_list_keeps_its_own_order_and_its_other_filters(self):
        response = self.client.get("/incidents/", {"q": "third stage", "sort": "oldest"})
        assert [i.title for i in response.context["page"].object_list] == [
            "Third stage lost on a Meridian flight",
            "Progress MS-04 launch failure",
            "EOS-09 launch failure",
        ]
        response = self.client.get("/incidents/", {"q": "third stage", "agency": "isro"})
        assert [i.title for i in response.context["page"].object_list] == ["EOS-09 launch failure"]

    def test_words_that_match_nothing_list_nothing(self):
        assert titles_on_the_list(self.client, "zzyzx qwertyuiop") == []

    def test_the_list_download_and_the_api_list_use_the_same_words(self):
        for query in QUERIES:
            with self.subTest(query):
                expected = sorted(titles_on_the_search_page(self.client, query))
                text = streamed(self.client.get("/incidents.csv", {"q": query}))
                rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
                assert sorted(row["title"] for row in rows) == expected
                answer = self.client.get("/api/incidents/", {"q": query}).json()
                assert sorted(row["title"] for row in answer["results"]) == expected

    def test_the_search_download_feed_and_api_rank_as_the_search_page(self):
        for query in QUERIES:
            with self.subTest(query):
                expected = titles_on_the_search_page(self.client, query)
                exported = json.loads(streamed(self.client.get("/search.json", {"q": query})))
                assert [row["title"] for row in exported["incidents"]] == expected
                api = self.client.get("/api/search/", {"q": query}).json()
                assert [row["title"] for row in api["incidents"]] == expected
                feed = ET.fromstring(self.client.get("/search/feed.atom", {"q": query}).content)
                atom = "{http://www.w3.org/2005/Atom}"
                entries = [e.findtext(f"{atom}title") for e in feed.iter(f"{atom}entry")]
                assert entries == expected


@pytest.mark.django_db
def test_the_words_box_needs_the_search_app(monkeypatch):
    """Without the search app nothing matches the words: a clear error, not every incident."""
    from django.core.exceptions import ImproperlyConfigured

    from incidents.filters import IncidentFilter
    from incidents.models import Incident

    monkeypatch.setattr(IncidentFilter, "match_words", None)  # restores the staticmethod
    with pytest.raises(ImproperlyConfigured):
        list(IncidentFilter({"q": "soyuz"}, queryset=Incident.objects.all()).qs)
