"""Search, on whichever database the suite runs against (SQLite FTS5 or PostgreSQL tsvector):
ranked incidents with their marked snippets, articles, facets, filters, query understanding
on the page, bad input, drafts, and the number of queries the page costs.

The same expectations hold on both databases: run this file with and without
DATABASE_URL=postgres://…
"""

import datetime
import importlib

import pytest
from django.db import connection
from django.test import TestCase
from django.urls import clear_script_prefix, set_script_prefix
from django.utils.text import slugify
from pytest_django.asserts import assertContains

from articles.models import Citation
from incidents.models import FlightPhase, Incident, Outcome
from incidents.services import refresh_search_names
from search.core import facet_counts, search_articles, search_incidents
from tests.factories import (
    make_agencies,
    make_agency,
    make_article,
    make_articles,
    make_citation,
    make_families,
    make_family,
    make_incident,
    make_incidents,
    make_mission,
    make_site,
    make_sites,
    make_vehicle,
    make_vehicles,
)

pytestmark = pytest.mark.django_db
D = datetime.date


# --------------------------------------------------------------------------- the data set


class SearchTestCase(TestCase):
    """Ten incidents (one a draft) and four articles, shaped like the catalog's, made once for
    each class (setUpTestData); each test gets its own copies of `incidents` and `articles`."""

    @classmethod
    def setUpTestData(cls):
        r7 = make_family(name="R-7", slug="r-7", aliases="Soyuz rocket")
        falcon = make_family(name="Falcon9", slug="falcon9", aliases="Falcon 9")
        antares_family = make_family(name="Antares", slug="antares")
        pslv_family = make_family(name="PSLV", slug="pslv")
        soyuz_u = make_vehicle(name="Soyuz-U", slug="soyuz-u", family=r7)
        pvb = make_vehicle(
            name="Soyuz-U-PVB", slug="soyuz-u-pvb", family=r7, aliases="Soyuz-U\nSoyuz U"
        )
        soyuz_2 = make_vehicle(
            name="Soyuz-2-1A", slug="soyuz-2-1a", family=r7, aliases="Soyuz-2.1a"
        )
        falcon9 = make_vehicle(name="Falcon 9 FT", slug="falcon-9-ft", family=falcon)
        antares = make_vehicle(
            name="Antares 130", slug="antares-130", family=antares_family, aliases="Antares"
        )
        pslv = make_vehicle(name="PSLV-XL", slug="pslv-xl", family=pslv_family)
        progress = make_vehicle(
            name="Progress", slug="progress", kind="spacecraft", aliases="Progress cargo ship"
        )
        roskosmos = make_agency(
            name="Roskosmos", slug="roskosmos", aliases="Roscosmos", native_name="Роскосмос"
        )
        vks = make_agency(name="VKS", slug="vks", aliases="Russian Aerospace Forces")
        spacex = make_agency(name="SpaceX", slug="spacex")
        orbital = make_agency(name="Orbital ATK", slug="orbital-atk")
        isro = make_agency(name="ISRO", slug="isro")
        baikonur = make_site(name="Baykonur", slug="baykonur", aliases="Baikonur")
        plesetsk = make_site(name="Plesetsk", slug="plesetsk")
        cape = make_site(name="Cape Canaveral", slug="cape-canaveral")
        wallops = make_site(name="Wallops", slug="wallops")

        def mission(name, slug, vehicle, date, **extra):
            return make_mission(name=name, slug=slug, vehicle=vehicle, launch_date=date, **extra)

        ms04 = mission(
            "Progress MS-04",
            "progress-ms-04",
            pvb,
            D(2016, 12, 1),
            spacecraft=progress,
            aliases="Progress 65",
        )
        m27m = mission(
            "Progress M-27M", "progress-m-27m", soyuz_2, D(2015, 4, 28), spacecraft=progress
        )
        orb3 = mission("Cygnus Orb-3", "cygnus-orb-3", antares, D(2014, 10, 28), aliases="Orb-3")

        def incident(title, date, **fields):
            return make_incident(title=title, slug=slugify(title), date=date, **fields)

        incidents = {
            "ms04": incident(
                "Progress MS-04 launch failure",
                D(2016, 12, 1),
                mission=ms04,
                vehicles=[pvb],
                agencies=[roskosmos],
                site=baikonur,
                flight_phase=FlightPhase.THIRD_STAGE,
                summary="The third stage of the Soyuz-U rocket failed and the Progress cargo "
                "ship was lost.",
                catalog_note="Turbopump?",
            ),
            "m27m": incident(
                "Progress M-27M loss",
                D(2015, 4, 28),
                mission=m27m,
                vehicles=[soyuz_2],
                agencies=[roskosmos],
                site=baikonur,
                flight_phase=FlightPhase.PAYLOAD,
                summary="The cargo ship spun out of control after separating from the rocket.",
                catalog_note="Resonance at separation",
            ),
            "meteor": incident(
                "Meteor-M No. 2-1 launch failure",
                D(2017, 11, 28),
                vehicles=[soyuz_2],
                agencies=[roskosmos],
                flight_phase=FlightPhase.UPPER_STAGE,
                catalog_note="Software error",
            ),
            "kanopus": incident(
                "Kanopus-V partial launch failure",
                D(2017, 7, 14),
                vehicles=[soyuz_2],
                agencies=[roskosmos],
                site=baikonur,
                outcome=Outcome.PARTIAL_FAILURE,
                catalog_note="Deployment failures",
            ),
            "meridian": incident(
                "Third stage lost on a Meridian flight",
                D(2011, 12, 23),
                vehicles=[soyuz_u],
                agencies=[vks],
                site=plesetsk,
            ),
            "orb3": incident(
                "Cygnus Orb-3 launch failure",
                D(2014, 10, 28),
                mission=orb3,
                vehicles=[antares],
                agencies=[orbital],
                site=wallops,
                flight_phase=FlightPhase.FIRST_STAGE,
                summary="An explosion destroyed the Antares rocket seconds after liftoff.",
                catalog_note="Turbopump failed",
            ),
            "crs7": incident(
                "Dragon CRS-7 launch failure",
                D(2015, 6, 28),
                vehicles=[falcon9],
                agencies=[spacex],
                site=cape,
                flight_phase=FlightPhase.SECOND_STAGE,
                summary="A strut broke in the second stage.",
                catalog_note="S2 exploded during S1 burn",
            ),
            "amos6": incident(
                "Amos 6 pad explosion",
                D(2016, 9, 1),
                vehicles=[falcon9],
                agencies=[spacex],
                site=cape,
                flight_phase=FlightPhase.PAD,
                outcome=Outcome.PAD_EXPLOSION,
                summary="The rocket was lost on the pad during a static fire test.",
            ),
            "eos09": incident(
                "EOS-09 launch failure",
                D(2025, 5, 18),
                vehicles=[pslv],
                agencies=[isro],
                flight_phase=FlightPhase.THIRD_STAGE,
                catalog_note="Stage 3 lost pressure",
            ),
            "draft": incident(
                "Soyuz-U third stage explosion draft",
                D(2016, 6, 1),
                vehicles=[soyuz_u],
                agencies=[roskosmos],
                site=baikonur,
                published=False,
                summary="Third stage explosion on a Soyuz rocket, Progress cargo ship lost.",
            ),
        }
        refresh_search_names()
        articles = {
            "lost": make_article(
                title="Progress cargo ship lost after Soyuz third stage failure",
                body="A Russian cargo ship failed to reach orbit on Thursday. The third stage "
                "of the Soyuz-U rocket shut down early.",
                published_on=D(2016, 12, 2),
            ),
            "antares": make_article(
                title="Antares rocket explodes at Wallops",
                body="An Antares rocket exploded seconds after liftoff. The explosion damaged "
                "the pad.",
                published_on=D(2014, 10, 29),
            ),
            "return": make_article(
                title="Falcon 9 flies again after the Amos 6 explosion",
                body="SpaceX returned the Falcon 9 to flight on Saturday.",
                published_on=D(2017, 1, 14),
            ),
            "russian": make_article(
                title="Грузовой корабль «Прогресс МС-04» потерян",
                body="Ракета «Союз-У» с кораблём «Прогресс МС-04» стартовала с Байконура.",
                published_on=D(2016, 12, 1),
            ),
        }
        cls.incidents, cls.articles = incidents, articles


def titles(results) -> list[str]:
    return [hit.incident.title for hit in results.page.object_list]


def marked(results) -> list[tuple[str, str]]:
    return [(str(hit.title_html), str(hit.snippet_html)) for hit in results.page.object_list]


def page(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    return response, response.context["search"]


# --------------------------------------------------------------------------- ranking


class RankingTests(SearchTestCase):
    """Incidents ranked by their words, with marked snippets."""

    def test_a_phrase_ranks_title_then_summary_then_flight_phase_with_marked_snippets(self):
        results = search_incidents('"third stage"')
        assert marked(results) == [
            ("<mark>Third stage</mark> lost on a Meridian flight", ""),
            (
                "Progress MS-04 launch failure",
                "The <mark>third stage</mark> of the Soyuz-U rocket failed and the Progress "
                "cargo ship was lost.",
            ),
            ("EOS-09 launch failure", "Stage 3 lost pressure"),
        ]

    def test_a_word_ranks_a_title_match_above_a_summary_match(self):
        results = search_incidents("explosion")
        assert marked(results) == [
            (
                "Amos 6 pad <mark>explosion</mark>",
                "The rocket was lost on the pad during a static fire test.",
            ),
            (
                "Cygnus Orb-3 launch failure",
                "An <mark>explosion</mark> destroyed the Antares rocket seconds after liftoff.",
            ),
        ]

    def test_all_words_must_match(self):
        assert titles(search_incidents("turbopump explosion")) == ["Cygnus Orb-3 launch failure"]

    def test_when_no_incident_has_all_the_words_those_with_some_are_shown(self):
        results = search_incidents("strut resonance")
        assert titles(results) == ["Dragon CRS-7 launch failure", "Progress M-27M loss"]
        assert results.note == "No incident matches all the words; these match some of them."

    def test_an_excluded_word_removes_its_incidents(self):
        assert titles(search_incidents("explosion -pad")) == ["Cygnus Orb-3 launch failure"]

    def test_either_of_two_words_with_or(self):
        results = search_incidents("strut or resonance")
        assert titles(results) == ["Dragon CRS-7 launch failure", "Progress M-27M loss"]
        assert results.note == ""

    def test_names_and_aliases_of_what_an_incident_involves_are_searched(self):
        assert titles(search_incidents("Wallops turbopump")) == ["Cygnus Orb-3 launch failure"]

    def test_accents_do_not_matter(self):
        assert titles(search_incidents("túrbopümp explosión")) == ["Cygnus Orb-3 launch failure"]

    def test_equal_matches_go_newest_first(self):
        for year in (2019, 2021, 2020):
            make_incident(title="Helium leak", date=D(year, 3, 1))
        results = search_incidents("helium")
        assert [hit.incident.date.year for hit in results.page.object_list] == [2021, 2020, 2019]


# --------------------------------------------------------------------------- understanding


DECEMBER_2016 = ["dec 2016", "December 2016", "2016-12", "1 Dec 2016", "2016-12-01"]

NAMES_AND_THEIR_INCIDENTS = {
    "Falcon 9": ["Amos 6 pad explosion", "Dragon CRS-7 launch failure"],
    "Roscosmos 2017": ["Meteor-M No. 2-1 launch failure", "Kanopus-V partial launch failure"],
    "Baikonur 2015": ["Progress M-27M loss"],
    "Orb-3": ["Cygnus Orb-3 launch failure"],
    "Progress": ["Progress MS-04 launch failure", "Progress M-27M loss"],
    "Прогресс": ["Progress MS-04 launch failure", "Progress M-27M loss"],
    "Роскосмос 2016": ["Progress MS-04 launch failure"],
}


class UnderstandingTests(SearchTestCase):
    """Names and dates in a query read as filters."""

    def test_soyuz_2016_gives_the_2016_soyuz_failures(self):
        results = search_incidents("soyuz 2016")
        assert results.understood.label == "Soyuz (any variant) · 2016"
        assert titles(results) == ["Progress MS-04 launch failure"]

    def test_a_vehicle_name_alone_lists_its_incidents_newest_first(self):
        assert titles(search_incidents("soyuz")) == [
            "Meteor-M No. 2-1 launch failure",
            "Kanopus-V partial launch failure",
            "Progress MS-04 launch failure",
            "Progress M-27M loss",
            "Third stage lost on a Meridian flight",
        ]

    def test_a_vehicle_covers_its_variants(self):
        assert titles(search_incidents("soyuz u")) == [
            "Progress MS-04 launch failure",
            "Third stage lost on a Meridian flight",
        ]

    def test_a_date_alone_lists_the_incidents_of_that_period(self):
        for query in DECEMBER_2016:
            with self.subTest(query=query):
                assert titles(search_incidents(query)) == ["Progress MS-04 launch failure"]

    def test_each_kind_of_name_becomes_a_filter(self):
        for query, expected in NAMES_AND_THEIR_INCIDENTS.items():
            with self.subTest(query=query):
                assert titles(search_incidents(query)) == expected

    def test_a_name_and_words_search_the_words_within_the_name(self):
        results = search_incidents("falcon 9 strut")
        assert results.understood.label == "Falcon 9 · strut"
        assert titles(results) == ["Dragon CRS-7 launch failure"]

    def test_a_name_whose_incidents_lack_the_words_shows_all_its_incidents_and_says_so(self):
        results = search_incidents("Antares anomaly")
        assert titles(results) == ["Cygnus Orb-3 launch failure"]
        assert results.note == "No incident of Antares mentions “anomaly”; here are all of them."

    def test_a_misspelt_name_is_corrected(self):
        results = search_incidents("Soyus 2016")
        assert results.corrected_from == "Soyus 2016"
        assert results.understood.query == "soyuz 2016"
        assert titles(results) == ["Progress MS-04 launch failure"]

    def test_words_that_match_nothing_give_nothing(self):
        results = search_incidents("zzyzx qwertyuiop")
        assert titles(results) == []
        assert results.total == 0


# --------------------------------------------------------------------------- drafts


QUERIES_THE_DRAFT_MATCHES = [
    "third stage explosion",
    "soyuz",
    "soyuz 2016",
    "June 2016",
    "Soyuz-U",
    "Baikonur",
]


def publish(incident: Incident) -> None:
    """As an editor publishes a draft: the row as stored now (with the names search reads,
    which setUpTestData wrote after making the instance), saved with the new status."""
    incident.refresh_from_db()
    incident.status = Incident.Status.PUBLISHED
    incident.save()


class DraftTests(SearchTestCase):
    """Drafts stay out of every result."""

    def test_a_draft_never_appears(self):
        draft = self.incidents["draft"]
        for query in QUERIES_THE_DRAFT_MATCHES:
            with self.subTest(query=query):
                results = search_incidents(query)
                assert "Soyuz-U third stage explosion draft" not in titles(results)
                assert draft.pk not in {c.id for c in results.candidates}
        publish(draft)  # then each of those searches finds it
        for query in QUERIES_THE_DRAFT_MATCHES:
            with self.subTest(query=query, published=True):
                assert draft.pk in {c.id for c in search_incidents(query).candidates}

    def test_a_draft_is_not_counted_in_the_facets(self):
        facets = facet_counts(search_incidents("Soyuz-U").candidates)
        assert [(f.label, f.count) for f in facets.years] == [("2016", 1), ("2011", 1)]

    def test_even_a_base_of_drafts_gives_only_published_incidents(self):
        results = search_incidents("explosion", base=Incident.objects.filter(status="draft"))
        assert titles(results) == []
        draft = self.incidents["draft"]
        publish(draft)  # then a base holding it finds it
        published = search_incidents("explosion", base=Incident.objects.filter(pk=draft.pk))
        assert titles(published) == ["Soyuz-U third stage explosion draft"]


# --------------------------------------------------------------------------- facets


class FacetTests(SearchTestCase):
    """Facets: counts of the results by family, agency, outcome and date."""

    def test_facets_count_families_agencies_outcomes_decades_and_years(self):
        facets = facet_counts(search_incidents("soyuz").candidates)

        def counts(values):
            return [(v.value, v.label, v.count) for v in values]

        assert counts(facets.families) == [("r-7", "R-7", 5)]
        assert counts(facets.agencies) == [("roskosmos", "Roskosmos", 4), ("vks", "VKS", 1)]
        assert counts(facets.outcomes) == [
            ("failure", "Launch failure", 4),
            ("partial_failure", "Partial failure", 1),
        ]
        assert counts(facets.decades) == [("2010", "2010s", 5)]
        assert counts(facets.years) == [
            ("2017", "2017", 2),
            ("2016", "2016", 1),
            ("2015", "2015", 1),
            ("2011", "2011", 1),
        ]

    def test_facets_follow_a_vehicle_moved_to_another_family_once_names_are_refreshed(self):
        vehicle = self.incidents["eos09"].vehicles.get()
        vehicle.family = make_family(name="Small Launchers", slug="small-launchers")
        vehicle.save()
        refresh_search_names()

        facets = facet_counts(search_incidents("EOS-09").candidates)

        assert [(v.value, v.count) for v in facets.families] == [("small-launchers", 1)]

    def test_the_migration_fills_the_same_facet_ids_as_refreshing_does(self):
        from django.apps import apps

        migration = importlib.import_module("incidents.migrations.0004_incident_facet_ids")
        refreshed = set(Incident.objects.values_list("pk", "family_ids", "agency_ids"))
        Incident.objects.update(family_ids=None, agency_ids=None)

        migration.fill_facet_ids(apps, None)

        assert set(Incident.objects.values_list("pk", "family_ids", "agency_ids")) == refreshed
        assert any(families and agencies for _, families, agencies in refreshed)

    def test_the_migration_fills_the_same_vehicle_ids_as_refreshing_does(self):
        from django.apps import apps

        fill = importlib.import_module("incidents.migrations.0005_incident_vehicle_ids")
        self.incidents["eos09"].vehicles.add(make_vehicle(name="Booster", slug="booster"))
        refresh_search_names()
        refreshed = set(Incident.objects.values_list("pk", "vehicle_ids"))
        Incident.objects.update(vehicle_ids=None)

        fill.fill_vehicle_ids(apps, None)

        assert set(Incident.objects.values_list("pk", "vehicle_ids")) == refreshed
        assert any(" " in (vehicles or "") for _, vehicles in refreshed)  # two vehicles

    def test_facet_links_add_a_filter_and_keep_the_query(self):
        _, search = page(self.client, q="launch failure")
        facets = dict(search.facets)
        family_links = {link.label: (link.url, link.count) for link in facets["Vehicle family"]}
        assert family_links["R-7"] == ("/search/?q=launch+failure&family=r-7", 3)
        decade = {link.label: link.url for link in facets["Decade"]}["2010s"]
        assert decade == "/search/?q=launch+failure&date_from=2010&date_to=2019"
        year = {link.label: link.url for link in facets["Year"]}["2016"]
        assert year == "/search/?q=launch+failure&date_from=2016&date_to=2016"

    def test_an_active_facet_links_to_its_removal(self):
        _, search = page(self.client, q="launch failure", family="r-7")
        (r7,) = dict(search.facets)["Vehicle family"]
        assert (r7.label, r7.active, r7.url) == ("R-7", True, "/search/?q=launch+failure")


def test_facets_name_a_family_the_cached_menus_have_not_seen(client):
    make_incident(
        title="Soyuz-U failure",
        vehicles=[make_vehicle(family=make_family(name="R-7", slug="r-7"))],
    )
    client.get("/incidents/")  # the menus are cached
    # Written by another process (bulk: no signals reach this process's cache).
    (angara,) = make_families(1, name="Angara", slug="angara")
    (vehicle,) = make_vehicles(1, family=angara)
    make_incidents(1, title="Angara failure", vehicles=[vehicle])
    refresh_search_names()

    facets = facet_counts(search_incidents("failure").candidates)

    assert sorted((v.value, v.label, v.count) for v in facets.families) == [
        ("angara", "Angara", 1),
        ("r-7", "R-7", 1),
    ]


# --------------------------------------------------------------------------- the page


class PageTests(SearchTestCase):
    """The search page: chips, quick links, articles, filters and pages."""

    def test_the_page_shows_the_reading_chips_links_incidents_and_articles(self):
        response, search = page(self.client, q="soyuz-u dec 2016")
        assertContains(response, "Read as: <strong>Soyuz-U · December 2016</strong>", html=True)
        assert [(c.label, c.note, c.url) for c in search.chips] == [
            ("Soyuz-U", "vehicle", "/search/?q=dec+2016"),
            ("December 2016", "date", "/search/?q=soyuz-u"),
        ]
        assert [(link.label, link.url) for link in search.quick_links] == [
            ("Soyuz-U", "/vehicles/soyuz-u/"),
            ("R-7", "/families/r-7/"),
            ("Soyuz-U-PVB", "/vehicles/soyuz-u-pvb/"),
        ]
        assertContains(
            response,
            '<a class="title" href="/incidents/progress-ms-04-launch-failure/">'
            "Progress MS-04 launch failure</a>",
            html=True,
        )
        assert [hit.title_html for hit in search.articles.hits] == [
            "Progress cargo ship lost after Soyuz third stage failure"
        ]
        assert search.articles.hits[0].snippet_html == (
            "A Russian cargo ship failed to reach orbit on Thursday. The third stage of the "
            "<mark>Soyuz-U</mark> rocket shut down early."
        )

    def test_articles_are_ranked_title_first_with_marked_snippets(self):
        results = search_articles("explosion")
        assert [(str(h.title_html), str(h.snippet_html)) for h in results.hits] == [
            (
                "Falcon 9 flies again after the Amos 6 <mark>explosion</mark>",
                "SpaceX returned the Falcon 9 to flight on Saturday.",
            ),
            (
                "Antares rocket explodes at Wallops",
                "An Antares rocket exploded seconds after liftoff. The <mark>explosion</mark> "
                "damaged the pad.",
            ),
        ]
        assert results.total == 2

    def test_a_title_match_ranks_an_article_first(self):
        results = search_articles("wallops")
        assert [str(h.title_html) for h in results.hits] == [
            "Antares rocket explodes at <mark>Wallops</mark>"
        ]

    def test_cyrillic_finds_the_russian_article_and_the_english_one(self):
        hits = search_articles("Прогресс").hits
        assert {h.id for h in hits} == {self.articles["russian"].pk, self.articles["lost"].pk}

    def test_the_list_filters_combine_with_the_query_in_the_url(self):
        _, search = page(self.client, q="soyuz", agency="roskosmos", date_from="2016")
        assert titles(search.results) == [
            "Meteor-M No. 2-1 launch failure",
            "Kanopus-V partial launch failure",
            "Progress MS-04 launch failure",
        ]
        assert [(c.label, c.url) for c in search.chips] == [
            ("Soyuz (any variant)", "/search/?agency=roskosmos&date_from=2016"),
            ("Roskosmos", "/search/?q=soyuz&date_from=2016"),
            ("from 2016", "/search/?q=soyuz&agency=roskosmos"),
        ]
        _, search = page(self.client, q="soyuz", agency="roskosmos", outcome="partial_failure")
        assert titles(search.results) == ["Kanopus-V partial launch failure"]
        _, search = page(self.client, q="launch", site="cape-canaveral", date_to="2015-12")
        assert titles(search.results) == ["Dragon CRS-7 launch failure"]

    def test_filters_without_words_list_their_incidents_newest_first(self):
        _, search = page(self.client, family="falcon9")
        assert titles(search.results) == ["Amos 6 pad explosion", "Dragon CRS-7 launch failure"]

    def test_an_unknown_filter_value_is_ignored_and_said(self):
        response, search = page(self.client, q="strut", vehicle="no-such-rocket")
        assert titles(search.results) == ["Dragon CRS-7 launch failure"]
        assertContains(response, "The vehicle filter was ignored")

    def test_the_filter_form_keeps_the_filters_when_the_words_change(self):
        response, _ = page(self.client, q="strut", family="falcon9")
        assertContains(response, '<input type="hidden" name="family" value="falcon9">', html=True)

    def test_twenty_five_matches_make_two_pages_and_page_links_keep_the_query(self):
        for n in range(25):
            make_incident(title=f"Helium leak {n}", date=D(2020, 1, 1 + n))
        response, search = page(self.client, q="helium leak")
        assert search.results.page.paginator.num_pages == 2
        assertContains(response, 'href="?q=helium+leak&amp;page=2"')
        _, second = page(self.client, q="helium leak", page="2")
        assert titles(second.results) == [f"Helium leak {n}" for n in range(4, -1, -1)]

    def test_an_empty_query_shows_how_to_search_with_examples(self):
        response, search = page(self.client, q="")
        assert search.results is None
        assertContains(response, '<a href="/search/?q=soyuz+2016">soyuz 2016</a>', html=True)

    def test_no_results_suggest_removing_filters_and_other_searches(self):
        response, search = page(self.client, q="zzyzx", family="falcon9")
        assert titles(search.results) == []
        assertContains(response, "No published incident matches")
        assert [s.label for s in search.suggestions][:2] == ["without “Falcon9”", "only the words"]

    def test_the_header_search_box_on_every_page_goes_to_the_search_page(self):
        for url in ["/", "/incidents/", "/incidents/amos-6-pad-explosion/", "/search/?q=x"]:
            response = self.client.get(url)
            assertContains(response, '<form class="search" action="/search/" method="get"')

    def test_the_query_stays_in_the_search_box(self):
        response, _ = page(self.client, q="soyuz 2016")
        assertContains(response, 'value="soyuz 2016"')


def test_a_long_article_is_marked_where_the_word_stands(db):
    filler = "The launch campaign went on as planned and the crews trained every day. "
    body = filler * 60 + "Engineers traced the loss to a turbopump failure. " + filler * 60
    make_article(title="A long report", body=body)
    (hit,) = search_articles("turbopump").hits
    snippet = str(hit.snippet_html)
    assert "traced the loss to a <mark>turbopump</mark> failure" in snippet
    assert snippet.startswith("…") and snippet.endswith("…")


def test_a_long_article_matching_only_another_form_of_the_word_is_marked_too(db):
    filler = "The launch campaign went on as planned and the crews trained every day. "
    body = filler * 60 + "It was the third such failure this year. " + filler * 60
    make_article(title="A long report", body=body)
    (hit,) = search_articles("failures").hits  # "failure" in the body
    assert "the third such <mark>failure</mark> this year" in str(hit.snippet_html)


def test_a_long_article_is_marked_where_the_word_stands_alone(db):
    filler = "The launch campaign went on as planned and the crews trained every day. "
    body = "The latest news. " + filler * 60 + "The test ended early. " + filler * 60
    make_article(title="A long report", body=body)
    (hit,) = search_articles("test").hits  # first as written inside "latest"
    assert "The <mark>test</mark> ended early" in str(hit.snippet_html)


# --------------------------------------------------------------------------- bad input

BAD_QUERIES = [
    "x" * 10_000,
    '"third stage',
    'third stage"',
    '"',
    "'",
    "*",
    "soyuz*",
    "NEAR",
    "NEAR(soyuz falcon, 2)",
    "AND(",
    "soyuz AND OR NOT",
    "--",
    ";",
    "'; DROP TABLE incidents_incident; --",
    "title:soyuz",
    "^soyuz",
    "soyuz\x00u",
    "\x00",
    "🚀",
    "🚀 soyuz 👩‍🚀",
    "Прогресс",
    "",
    "   ",
    "%",
    "_",
    "\\",
    "a" * 300 + " soyuz",
    "-",
    "or",
    "- - -",
    "31 Feb 2016",
    "9999-99-99",
    "\ue000soyuz\ue001",
    "<script>alert(1)</script>",
]


class BadInputTests(SearchTestCase):
    """Bad input gives a normal page."""

    def test_bad_input_gives_a_normal_page(self):
        for query in BAD_QUERIES:
            with self.subTest(query=query):
                response = self.client.get("/search/", {"q": query, "page": "x"})
                assert response.status_code == 200
                html = response.content.decode()
                assert "<script>" not in html
                assert "<mark></mark>" not in html

    def test_a_hostile_query_is_escaped_everywhere_on_the_page(self):
        response = self.client.get("/search/", {"q": '"><script>alert(1)</script> soyuz'})
        assert "<script" not in response.content.decode()
        assertContains(response, "&lt;script&gt;")

    def test_hostile_text_in_an_incident_is_escaped_in_its_snippet(self):
        make_incident(
            title="<b>Bold</b> failure", summary="<script>alert(1)</script> strut <img src=x>"
        )
        response, search = page(self.client, q="strut")
        html = response.content.decode()
        assert "<script" not in html and "<img" not in html and "<b>Bold" not in html
        assert str(search.results.page.object_list[0].snippet_html) == (
            "&lt;script&gt;alert(1)&lt;/script&gt; <mark>strut</mark> &lt;img src=x&gt;"
        )

    def test_a_long_query_is_cut_before_it_reaches_the_database(self):
        _, search = page(self.client, q="soyuz " + "x" * 10_000)
        assert len(search.query) <= 200

    def test_unknown_filter_values_and_page_numbers_never_fail(self):
        response = self.client.get(
            "/search/",
            {"q": "soyuz", "date_from": "'; --", "date_to": "20165", "outcome": "x", "page": "-1"},
        )
        assert response.status_code == 200


# --------------------------------------------------------------------------- keeping in step


class KeepingInStepTests(SearchTestCase):
    """Edits, deletions and renames reach search at once."""

    def test_an_edited_incident_is_found_by_its_new_words_only(self):
        amos = self.incidents["amos6"]
        amos.summary = "A helium bottle failed during propellant loading."
        amos.save()
        assert titles(search_incidents("helium")) == ["Amos 6 pad explosion"]
        assert titles(search_incidents("static fire")) == []

    def test_a_deleted_incident_and_article_are_no_longer_found(self):
        orb3 = self.incidents["orb3"].pk
        # found before they are deleted
        assert orb3 in {c.id for c in search_incidents("turbopump explosion").candidates}
        assert [h.id for h in search_articles("wallops").hits] == [self.articles["antares"].pk]
        self.incidents["orb3"].delete()
        self.articles["antares"].delete()
        assert orb3 not in {c.id for c in search_incidents("turbopump explosion").candidates}
        assert [h.title_html for h in search_articles("wallops").hits] == []

    def test_an_article_whose_title_changes_is_found_by_the_new_title(self):
        article = self.articles["return"]
        article.title = "Falcon returns to flight"
        article.save()
        assert [str(h.title_html) for h in search_articles("returns").hits] == [
            "Falcon <mark>returns</mark> to flight"
        ]
        assert search_articles("amos").hits == []

    def test_a_renamed_vehicle_is_found_by_its_new_name_once_names_are_refreshed(self):
        vehicle = self.incidents["eos09"].vehicles.get()
        vehicle.aliases = "Polar Satellite Launch Vehicle"
        vehicle.save()
        assert titles(search_incidents('"polar satellite"')) == []
        refresh_search_names()
        assert titles(search_incidents('"polar satellite"')) == ["EOS-09 launch failure"]

    def test_the_backend_is_the_databases_own(self):
        from search.core import backend

        assert backend().vendor == connection.vendor


# --------------------------------------------------------------------------- articles


class TestArticlesOnTheSearchPage:
    """The search page's articles: their links and a corrected spelling."""

    def test_article_links_keep_the_script_prefix(self, client):
        article = make_article(title="Antares rocket explodes", body="The Antares exploded.")
        set_script_prefix("/kb/")  # as a server mounted under /kb sets it for a request
        try:
            response = client.get("/search/", {"q": "antares"})
        finally:
            clear_script_prefix()
        assert [hit.url for hit in response.context["search"].articles.hits] == [
            f"/kb/articles/{article.pk}/"
        ]

    def test_an_article_without_a_publisher_is_shown_with_its_site(self, client):
        make_article(
            title="Antares rocket explodes",
            body="The Antares exploded.",
            publisher="",
            url="https://www.cbc.ca/news/antares-1.2817",
        )
        response = client.get("/search/", {"q": "antares"})
        assert [hit.publisher for hit in response.context["search"].articles.hits] == ["cbc.ca"]
        assert "Publisher unknown" not in response.content.decode()

    def test_an_article_held_for_review_is_not_found_until_it_is_let_out(self, client):
        held = make_article(title="Antares rocket explodes", body="x", needs_review=True)

        def found() -> list[int]:
            search = client.get("/search/", {"q": "antares"}).context["search"]
            return [hit.url for hit in search.articles.hits]

        assert found() == []
        held.needs_review = False
        held.save()
        assert found() == [held.get_absolute_url()]  # (the positive control)

    def test_a_corrected_spelling_searches_the_articles_again(self, client):
        make_incident(title="Antares explosion", vehicles=[make_vehicle(name="Antares 230")])
        make_article(title="Antares rocket explodes", body="The Antares rocket exploded.")
        refresh_search_names()
        search = client.get("/search/", {"q": "antaras"}).context["search"]
        assert search.query == "antares"
        assert [str(hit.title_html) for hit in search.articles.hits] == [
            "<mark>Antares</mark> rocket explodes"
        ]


# --------------------------------------------------------------------------- query counts


@pytest.mark.usefixtures("no_page_cache")
class TestQueryCounts:
    """The search page runs the same number of queries for 1 matching row as for 1,000 (made
    afresh: a page from the page cache costs none, tests/test_page_cache.py)."""

    SIZES = [1, 1000]

    def fill(self, size):
        family = make_family(name="R-7", slug="r-7")
        vehicle = make_vehicle(name="Soyuz-U", slug="soyuz-u", family=family)
        agencies, sites = make_agencies(size), make_sites(size)
        make_incidents(
            size,
            title=lambda n: f"Soyuz-U third stage failure {n}",
            # every one in 2016 (a leap year), so "2016" finds them all
            date=lambda n: D(2016, 1, 1) + datetime.timedelta(days=n % 366),
            summary="The third stage shut down early.",
            vehicles=[vehicle],
            agencies=lambda n: [agencies[n]],
            site=lambda n: sites[n],
        )
        make_articles(
            size,
            title=lambda n: f"Third stage report {n}",
            body="The third stage of the Soyuz-U shut down.",
        )
        refresh_search_names()

    @pytest.mark.parametrize("size", SIZES)
    def test_a_search_with_names_dates_and_words(self, client, django_assert_num_queries, size):
        self.fill(size)
        # names (families, vehicles, agencies, sites, missions); ranked incidents (with the
        # family and agency ids the facets count); the page's incidents (with their vehicle
        # and agency ids), named from the vehicle and agency menus; their marks; the family
        # menu, which names facets; ranked articles and their marks
        with django_assert_num_queries(9):
            response = client.get("/search/", {"q": "soyuz-u 2016 third stage"})
        assert response.context["search"].results.total == size
        assert len(response.context["search"].articles.hits) == min(size, 10)
        with django_assert_num_queries(6):  # the menus are cached now
            client.get("/search/", {"q": "soyuz-u 2016 third stage"})

    @pytest.mark.parametrize("size", SIZES)
    def test_a_search_with_list_filters(self, client, django_assert_num_queries, size):
        self.fill(size)
        # as above without names (the family slug is found in the family menu)
        with django_assert_num_queries(8):
            response = client.get("/search/", {"q": '"third stage"', "family": "r-7"})
        assert response.context["search"].results.total == size

    @pytest.mark.parametrize("size", SIZES)
    def test_a_date_alone(self, client, django_assert_num_queries, size):
        self.fill(size)
        # incidents of the period (with what the facets count); the page's incidents; the
        # vehicle, agency and family menus, which name rows and facets
        with django_assert_num_queries(5):
            response = client.get("/search/", {"q": "2016"})
        assert response.context["search"].results.total == size
        with django_assert_num_queries(2):
            client.get("/search/", {"q": "2016"})


# --------------------------------------------------------------------------- PostgreSQL only


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="search_article_candidates() is PostgreSQL's (articles migration 0005); SQLite "
    "ranks the newest FTS5 matches by rowid",
)
class TestArticleCandidatesOnPostgres:
    """Which articles get ranked: with cap 4, the newest 8 articles are tested first."""

    def candidates(self, word: str) -> list[int]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id FROM search_article_candidates(to_tsquery('english', %s), 4)", [word]
            )
            return sorted(row[0] for row in cursor.fetchall())

    def articles(self, pattern: str) -> list[int]:
        """One article per character of `pattern`, oldest first: "x" holds "turbopump"."""
        return [
            make_article(body="The turbopump failed." if c == "x" else "The fairing failed.").pk
            for c in pattern
        ]

    def test_a_common_word_takes_the_newest_matches(self):
        ids = self.articles("xxxx" + "x.x.x.x.")
        assert self.candidates("turbopump") == ids[-8::2]

    def test_a_fairly_common_word_walks_on_past_the_newest(self):
        # one match among the newest 8 (one in ten or more): the newest 4 matches of all,
        # where the index would give the first it finds (the oldest)
        pattern = "xx..x..x..x.." + "......x."
        ids = self.articles(pattern)
        matching = [pk for pk, c in zip(ids, pattern, strict=True) if c == "x"]
        assert self.candidates("turbopump") == matching[-4:]

    def test_a_rare_word_takes_matches_from_the_index(self):
        ids = self.articles("x.x" + "........")
        assert self.candidates("turbopump") == [ids[0], ids[2]]


@pytest.mark.parametrize("query", ["\u2776", "\u1369", "\u2780", "soyuz \u2776 2016", "\u0663"])
def test_characters_that_look_like_digits_are_searched_not_a_server_error(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "params",
    [
        {"q": "soyuz\x00"},
        {"q": "\x00"},
        {"vehicle": "\x00"},
        {"agency": "a\x00b"},
        {"q": "x", "page": "\x00"},
    ],
)
def test_nul_characters_in_a_query_are_not_a_server_error(client, params):
    for path in ("/search/", "/incidents/", "/articles/"):
        assert client.get(path, params).status_code in (200, 400)


# --------------------------------------------------------------------------- flights by number


class TestFlightsByNumber:
    """ "Kite 5 first flight", "third flight", "501": a launch people know by its place."""

    @pytest.fixture
    def kite(self, db):
        family = make_family(name="Kite", slug="kite", aliases="Kite5")
        kite5 = make_vehicle(name="Kite 5G", slug="kite-5g", family=family, aliases="Kite 5")
        older = make_vehicle(name="Kite 4", slug="kite-4", family=family)
        make_mission(name="Old", slug="old", vehicle=older, launch_date=D(1980, 1, 1))
        flights = [
            make_mission(
                name=f"Sat {n}",
                slug=f"sat-{n}",
                vehicle=kite5,
                launch_date=D(1996, n, 4),
                aliases=f"50{n}\nFlight 50{n}",
            )
            for n in (1, 2, 3)
        ]
        for n in (0, 2):
            make_incident(
                title=f"Sat {n + 1} launch failure",
                slug=f"sat-{n + 1}",
                date=D(1996, n + 1, 4),
                mission=flights[n],
                vehicles=[kite5],
            )
        make_incident(
            title="Kite 4 failure", slug="kite-4-failure", date=D(1980, 1, 1), vehicles=[older]
        )
        refresh_search_names()

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("kite 5 first flight", ["Sat 1 launch failure"]),
            ("Kite 5 maiden launch", ["Sat 1 launch failure"]),
            ("kite 5 third flight", ["Sat 3 launch failure"]),
            ("501", ["Sat 1 launch failure"]),
            ("flight 503", ["Sat 3 launch failure"]),
            ("kite 5", ["Sat 3 launch failure", "Sat 1 launch failure"]),  # not Kite 4's
        ],
    )
    def test_a_flight_is_found_by_its_place_or_its_number(self, kite, query, expected):
        assert titles(search_incidents(query)) == expected

    def test_a_flight_that_was_no_incident_shows_the_vehicle_s_incidents_and_says_so(self, kite):
        results = search_incidents("kite 5 second flight")
        assert titles(results) == ["Sat 3 launch failure", "Sat 1 launch failure"]
        assert results.note == "The 2nd flight of Kite 5 was no incident; here are its incidents."

    def test_the_flight_is_a_chip_that_can_be_removed(self, kite, client):
        _, search = page(client, q="kite 5 first flight")
        assert [(chip.label, chip.url) for chip in search.chips] == [
            ("Kite 5", "/search/?q=first+flight"),
            ("first flight", "/search/?q=kite+5"),
        ]


# --------------------------------------------------------------------------- evidence


class TestEvidence:
    """What articles report ranks above what only the catalog notes, the words being alike."""

    @pytest.fixture
    def noted(self, db):
        def failure(n: int, **fields):
            return make_incident(
                title=f"Sat {n} launch failure",
                slug=f"sat-{n}",
                date=D(2000 + n, 1, 1),
                catalog_note="Third stage failed",
                **fields,
            )

        plain = [failure(n) for n in range(1, 25)]  # newer than the cited one, and as apt
        cited = failure(0)
        for _ in range(3):
            make_citation(incident=cited, article=make_article())
        return cited, plain

    def test_an_incident_articles_report_ranks_first(self, noted):
        cited, plain = noted
        results = search_incidents('"third stage"')
        assert [c.id for c in results.candidates][:2] == [cited.pk, plain[-1].pk]

    def test_without_sources_the_same_incident_ranks_by_its_words_alone(self, noted):
        cited, _ = noted
        Citation.objects.all().delete()
        ids = [c.id for c in search_incidents('"third stage"').candidates]
        assert ids[-1] == cited.pk  # the oldest of equals


# --------------------------------------------------------------------------- exact names


class TestExactNamesFirst:
    """A name's own records before what shares an alias or a family with it."""

    @pytest.fixture
    def rockets(self, db):
        gslv = make_family(name="GSLV", slug="gslv", aliases="PSLV")  # GCAT's family code
        pslv = make_family(name="PSLV", slug="pslv")
        ariane = make_family(name="Ariane", slug="ariane", aliases="Ariane1\nAriane 5\nAriane5")
        rockets = {
            "pslv": make_vehicle(name="PSLV-XL", slug="pslv-xl", family=pslv),
            "gslv": make_vehicle(name="GSLV Mk II", slug="gslv-mk-ii", family=gslv),
            "a5": make_vehicle(
                name="Ariane 5G", slug="ariane-5g", family=ariane, aliases="Ariane 5"
            ),
            "a62": make_vehicle(name="Ariane 62", slug="ariane-62", family=ariane),
            "a1": make_vehicle(name="Ariane 1", slug="ariane-1", family=ariane),
        }
        for n, (key, year) in enumerate(
            [
                ("pslv", 2017),
                ("gslv", 2021),
                ("gslv", 2010),
                ("a5", 1996),
                ("a62", 2024),
                ("a1", 1980),
            ]
        ):
            make_incident(
                title=f"{rockets[key].name} failure {n}",
                slug=f"failure-{n}",
                date=D(year, 1, 1),
                vehicles=[rockets[key]],
            )
        refresh_search_names()

    def test_pslv_lists_pslv_records_and_links_the_pslv_family_first(self, rockets, client):
        _, search = page(client, q="PSLV")
        assert titles(search.results) == ["PSLV-XL failure 0"]
        assert (search.quick_links[0].label, search.quick_links[0].note) == (
            "PSLV",
            "vehicle family",
        )

    def test_ariane_5_lists_the_ariane_5_not_the_rest_of_its_family(self, rockets):
        assert titles(search_incidents("ariane 5")) == ["Ariane 5G failure 3"]

    def test_ariane_alone_is_the_whole_family(self, rockets):
        assert len(search_incidents("ariane").candidates) == 3
