"""The public incident pages: what a reader finds on each, what stays hidden, and how many
queries each page costs whatever the size of the data."""

import datetime
import re

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from articles.models import Citation, Fact
from incidents.models import DatePrecision, FlightPhase, Incident, Outcome
from tests.factories import (
    make_agencies,
    make_agency,
    make_article,
    make_articles,
    make_citation,
    make_citations,
    make_families,
    make_family,
    make_incident,
    make_linked_incident,
    make_linked_incidents,
    make_mentions,
    make_mission,
    make_missions,
    make_site,
    make_vehicle,
    make_vehicles,
)
from tests.pages import listed_titles

pytestmark = pytest.mark.django_db

# A page's own credit: the site footer credits GCAT on every page, so look for this paragraph.
GCAT_CREDIT = '<p class="catalog-source">Source: GCAT (J. McDowell, planet4589.org).</p>'


def cite_items(html: str) -> list[str]:
    return re.findall(r'<li id="cite-(\d+)">', html)


# --------------------------------------------------------------------------- query counts


@pytest.mark.usefixtures("no_page_cache")
class TestQueryCounts:
    """Each page runs the same number of queries for 1 row as for 1,000 (made afresh: a
    page from the page cache costs none, tests/test_page_cache.py)."""

    SIZES = [1, 1000]

    @pytest.mark.parametrize("size", SIZES)
    def test_the_home_page(self, client, django_assert_num_queries, size):
        make_linked_incidents(size)
        # latest incidents (with their vehicle and agency ids); three counts; the vehicle
        # and agency menus, which name the rows
        with django_assert_num_queries(6):
            response = client.get("/")
        assert len(response.context["latest"]) == min(size, 10)
        with django_assert_num_queries(4):  # the menus are cached now
            client.get("/")

    @pytest.mark.parametrize("size", SIZES)
    def test_the_incident_list(self, client, django_assert_num_queries, size):
        make_linked_incidents(size)
        # count, page (with the rows' vehicle and agency ids); the four filter menus, which
        # also name the rows
        with django_assert_num_queries(6):
            response = client.get("/incidents/")
        assert len(listed_titles(response)) == min(size, 25)
        # the menus and the count come from the cache now: the page alone
        with django_assert_num_queries(1):
            client.get("/incidents/")

    @pytest.mark.parametrize("size", SIZES)
    def test_the_filtered_incident_list(self, client, django_assert_num_queries, size):
        family = make_family(slug="r-7")
        make_linked_incidents(size, family=family, title="Soyuz failure")
        # as above (the family slug is found in the family menu), and the words as search
        # reads them: the names they may be, then whether the reading finds anything
        with django_assert_num_queries(8):
            response = client.get("/incidents/?family=r-7&q=soyuz&date_from=2016&sort=oldest")
        assert len(listed_titles(response)) == min(size, 25)
        with django_assert_num_queries(3):  # the count is kept too
            client.get("/incidents/?family=r-7&q=soyuz&date_from=2016&sort=oldest")

    @pytest.mark.parametrize("size", SIZES)
    def test_an_incident_page(self, client, django_assert_num_queries, size):
        family = make_family()
        incident = make_linked_incident(family=family, slug="progress-ms-04")
        articles = make_articles(size)
        citations = make_citations(
            size,
            incident=incident,
            article=lambda n: articles[n],
            supports=lambda n: Citation.Supports.CONTEXT if n % 2 else Citation.Supports.INCIDENT,
        )
        Fact.objects.bulk_create(
            Fact(incident=incident, citation=c, kind=Fact.Kind.TIME_INTO_FLIGHT, value=f"{n} s")
            for n, c in enumerate(citations)
        )
        make_linked_incidents(size, family=family)
        # incident with its mission and site; its vehicles with their families and its
        # agencies; citations; facts; the rocket's later flights; the family's neighbours
        # (related incidents with their vehicles' and agencies' names, and the family's
        # failures before and after), never the menus
        with django_assert_num_queries(6):
            response = client.get("/incidents/progress-ms-04/")
        assert (
            len(response.context["citations"]) + len(response.context["context_citations"]) == size
        )
        (times,) = [row for row in response.context["fact_rows"] if row.kind == "time_into_flight"]
        assert len(times.statements) == size
        assert len(response.context["related"]) == min(size, 8)
        with django_assert_num_queries(6):  # the same, with nothing cached to skip
            client.get("/incidents/progress-ms-04/")

    def test_an_incident_page_no_article_cites(self, client, django_assert_num_queries):
        family = make_family()
        make_linked_incident(family=family, slug="progress-ms-04")
        make_linked_incidents(3, family=family)
        # incident with its mission and site, and that no article cites it or states a fact
        # of it; its vehicles and agencies; the rocket's later flights; the family's
        # neighbours: neither citations nor facts are looked for
        with django_assert_num_queries(4):
            response = client.get("/incidents/progress-ms-04/")
        assert response.context["citations"] == response.context["context_citations"] == []
        assert "No article cited yet." in response.content.decode()
        assert len(response.context["related"]) == 3

    @pytest.mark.parametrize("size", SIZES)
    def test_a_vehicle_page(self, client, django_assert_num_queries, size):
        vehicle = make_vehicle(slug="soyuz-u", family=make_family(), manufacturer=make_agency())
        families = make_families(size)
        others = make_vehicles(size, family=lambda n: families[n])
        make_linked_incidents(size, vehicles=lambda n: [vehicle, others[n]])
        # vehicle; launch record; count, page, vehicles, agencies
        with django_assert_num_queries(6):
            response = client.get("/vehicles/soyuz-u/")
        assert response.context["page"].paginator.count == size

    @pytest.mark.parametrize("size", SIZES)
    def test_a_vehicle_family_page(self, client, django_assert_num_queries, size):
        family = make_family(slug="r-7")
        make_linked_incidents(size, family=family)
        # family; launch record; count, page, vehicles, agencies; variants; yearly chart
        with django_assert_num_queries(8):
            response = client.get("/families/r-7/")
        assert response.context["page"].paginator.count == size
        assert len(response.context["variants"]) == size

    @pytest.mark.parametrize("size", SIZES)
    def test_an_agency_page(self, client, django_assert_num_queries, size):
        agency = make_agency(slug="roskosmos", parent=make_agency())
        others = make_agencies(size)
        make_linked_incidents(size, agencies=lambda n: [agency, others[n]])
        make_missions(size, agencies=[agency])
        # agency; launch record; count, page, vehicles, agencies; yearly chart
        with django_assert_num_queries(7):
            response = client.get("/agencies/roskosmos/")
        assert response.context["page"].paginator.count == size

    @pytest.mark.parametrize("size", SIZES)
    def test_a_launch_site_page(self, client, django_assert_num_queries, size):
        site = make_site(slug="baikonur")
        make_linked_incidents(size, site=site)
        # site; launch record; count, page, vehicles, agencies
        with django_assert_num_queries(6):
            response = client.get("/sites/baikonur/")
        assert response.context["page"].paginator.count == size

    @pytest.mark.parametrize("size", SIZES)
    def test_a_mission_page(self, client, django_assert_num_queries, size):
        vehicle = make_vehicle(family=make_family())
        mission = make_mission(
            slug="progress-ms-04",
            vehicle=vehicle,
            site=make_site(),
            agencies=make_agencies(size),
        )
        make_incident(mission=mission, vehicles=[vehicle], agencies=mission.agencies.all())
        articles = make_articles(size)
        make_mentions(
            size, article=lambda n: articles[n], kind="mission", mission=mission, text="P65"
        )
        # mission, its agencies; count, page, vehicles, agencies; articles mentioning
        with django_assert_num_queries(7):
            response = client.get("/missions/progress-ms-04/")
        assert response.context["page"].paginator.count == 1
        assert len(response.context["object"].agencies.all()) == size
        assert len(response.context["mentioned_in"]) == min(size, 20)


# --------------------------------------------------------------------------- home


class TestHomePage:
    def test_it_shows_the_latest_published_incidents_newest_first(self, client):
        make_incident(title="Older failure", date=datetime.date(2015, 5, 16))
        make_incident(title="Newer failure", date=datetime.date(2016, 12, 1))
        make_incident(title="Unreviewed draft", date=datetime.date(2017, 1, 1), published=False)
        response = client.get("/")
        assert response.status_code == 200
        assert [i.title for i in response.context["latest"]] == ["Newer failure", "Older failure"]
        assertContains(response, "Newer failure")
        assertNotContains(response, "Unreviewed draft")

    def test_it_shows_at_most_ten_incidents(self, client):
        for day in range(1, 13):
            make_incident(title=f"Failure on day {day}", date=datetime.date(2016, 12, day))
        response = client.get("/")
        assert [i.title for i in response.context["latest"]] == [
            f"Failure on day {day}" for day in range(12, 2, -1)
        ]

    def test_it_counts_published_incidents_missions_and_vehicles(self, client):
        make_linked_incident()
        make_linked_incident(status=Incident.Status.DRAFT)
        make_mission()
        response = client.get("/")
        assert response.context["counts"] == {"incidents": 1, "missions": 3, "vehicles": 2}
        assertContains(response, "<li><strong>1</strong> incidents</li>", html=True)
        assertContains(response, "<li><strong>3</strong> launches known</li>", html=True)

    def test_with_no_incidents_yet_it_says_so(self, client):
        response = client.get("/")
        assertContains(response, "No incidents have been published yet.")


# --------------------------------------------------------------------------- incident list


class TestIncidentList:
    def test_it_lists_published_incidents_newest_first_with_their_facts(self, client):
        family = make_family(name="R-7")
        vehicle = make_vehicle(name="Soyuz-U", family=family)
        agency = make_agency(name="Roskosmos")
        site = make_site(name="Baikonur")
        make_incident(
            title="Progress MS-04 lost",
            date=datetime.date(2016, 12, 1),
            vehicles=[vehicle],
            agencies=[agency],
            site=site,
        )
        make_incident(title="Progress M-27M lost", date=datetime.date(2015, 4, 28))
        make_incident(title="Draft incident", published=False)
        response = client.get("/incidents/")
        assert response.status_code == 200
        assert listed_titles(response) == ["Progress MS-04 lost", "Progress M-27M lost"]
        assertContains(response, '<p class="result-count">2 incidents</p>', html=True)
        assertContains(response, "1 December 2016")
        assertContains(response, "Launch failure")
        assertContains(response, " · Soyuz-U")
        assertContains(response, " · Roskosmos")
        assertContains(response, " · Baikonur")
        assertNotContains(response, "Draft incident")

    def test_each_row_links_to_its_incident_page(self, client):
        make_incident(title="Progress MS-04 lost", slug="progress-ms-04")
        response = client.get("/incidents/")
        assertContains(
            response, '<a class="title" href="/incidents/progress-ms-04/">Progress MS-04 lost</a>'
        )

    def test_fifty_incidents_make_two_pages_of_twenty_five(self, client):
        for n in range(50):
            make_incident(
                title=f"Failure {n:02d}",
                date=datetime.date(1970, 1, 1) + datetime.timedelta(days=n),
            )
        first = client.get("/incidents/")
        second = client.get("/incidents/?page=2")
        assert listed_titles(first) == [f"Failure {n:02d}" for n in range(49, 24, -1)]
        assert listed_titles(second) == [f"Failure {n:02d}" for n in range(24, -1, -1)]
        assertContains(first, "Page 1 of 2")
        assertContains(first, '<a href="?page=2" rel="next">Next →</a>', html=True)
        assertContains(second, "Page 2 of 2")
        assertContains(second, '<a href="?page=1" rel="prev">← Previous</a>', html=True)

    @pytest.mark.parametrize("page", ["3", "999", "0", "-1", "99999999999999999999"])
    def test_a_page_past_the_end_gives_the_last_page(self, client, page):
        # as Paginator.get_page does, a page below the first also gives the last
        for n in range(50):
            make_incident(date=datetime.date(1970, 1, 1) + datetime.timedelta(days=n))
        response = client.get(f"/incidents/?page={page}")
        assert response.status_code == 200
        assert response.context["page"].number == 2
        assert len(listed_titles(response)) == 25

    @pytest.mark.parametrize("page", ["abc", "2.5", ""])
    def test_a_page_that_is_not_a_number_gives_the_first_page(self, client, page):
        for n in range(30):
            make_incident(date=datetime.date(1970, 1, 1) + datetime.timedelta(days=n))
        response = client.get(f"/incidents/?page={page}")
        assert response.context["page"].number == 1
        assert len(listed_titles(response)) == 25

    def test_page_links_keep_the_filters(self, client):
        for _ in range(30):
            make_incident(title="Soyuz failure")
        response = client.get("/incidents/?q=soyuz&page=1")
        assertContains(response, '<a href="?q=soyuz&amp;page=2" rel="next">Next →</a>', html=True)

    def test_with_no_incidents_yet_it_says_so(self, client):
        make_incident(title="Draft incident", published=False)
        response = client.get("/incidents/")
        assert response.status_code == 200
        assertContains(response, '<p class="result-count">0 incidents</p>', html=True)
        assertContains(response, "No incidents have been published yet.")
        assertNotContains(response, "Draft incident")

    def test_with_filters_that_match_nothing_it_suggests_widening_them(self, client):
        make_incident(title="Soyuz failure")
        response = client.get("/incidents/?q=ariane")
        assertContains(response, "No incidents match these filters.")


# --------------------------------------------------------------------------- incident page


class TestIncidentPage:
    @pytest.fixture
    def progress(self):
        family = make_family(name="R-7", slug="r-7")
        agency = make_agency(name="Roskosmos", slug="roskosmos")
        site = make_site(name="Baikonur", slug="baikonur")
        vehicle = make_vehicle(name="Soyuz-U", slug="soyuz-u", family=family)
        mission = make_mission(
            name="Progress MS-04", slug="progress-ms-04-mission", launch_tag="2016-F06"
        )
        return make_incident(
            title="Progress MS-04 lost after third-stage failure",
            slug="progress-ms-04",
            date=datetime.date(2016, 12, 1),
            mission=mission,
            vehicles=[vehicle],
            agencies=[agency],
            site=site,
            outcome=Outcome.FAILURE,
            flight_phase=FlightPhase.THIRD_STAGE,
            failed_system="propulsion",
            fatalities=0,
            summary="The **third stage** failed 382 seconds into flight.",
        )

    def test_it_shows_what_happened_and_when(self, client, progress):
        response = client.get("/incidents/progress-ms-04/")
        assert response.status_code == 200
        assertContains(response, "<h1>Progress MS-04 lost after third-stage failure</h1>")
        assertContains(response, '<time datetime="2016-12-01">1 December 2016</time>')
        assertContains(response, "<dd>Third stage: propulsion</dd>", html=True)
        assertContains(response, "<dt>Fatalities</dt><dd>0</dd>")
        assertContains(
            response,
            '<section class="summary"><p>The <strong>third stage</strong> failed 382 seconds '
            "into flight.</p></section>",
            html=True,
        )

    def test_it_links_to_the_mission_vehicle_family_agency_and_site(self, client, progress):
        response = client.get("/incidents/progress-ms-04/")
        assertContains(response, '<a href="/missions/progress-ms-04-mission/">Progress MS-04</a>')
        assertContains(response, '<span class="muted">(2016-F06)</span>')
        assertContains(response, '<a href="/vehicles/soyuz-u/">Soyuz-U</a>')
        assertContains(response, '<a href="/families/r-7/">R-7 family</a>')
        assertContains(response, '<a href="/agencies/roskosmos/">Roskosmos</a>')
        assertContains(response, '<a href="/sites/baikonur/">Baikonur</a>')

    def test_it_numbers_its_citations_quoting_and_linking_each_passage(self, client, progress):
        later = make_article(
            title="Investigation points to third stage",
            publisher="TASS",
            published_on=datetime.date(2016, 12, 5),
            body="Investigators said the third stage engine was destroyed. More text.",
        )
        earlier = make_article(
            title="Progress cargo ship lost",
            publisher="Space News Portal",
            published_on=datetime.date(2016, 12, 2),
            body="Contact with Progress MS-04 was lost at 14:58.",
        )
        second = make_citation(incident=progress, article=later, start=0, end=56)
        first = make_citation(incident=progress, article=earlier)
        response = client.get("/incidents/progress-ms-04/")
        html = response.content.decode()
        assert cite_items(html) == ["1", "2"]
        assert html.index("Contact with Progress MS-04 was lost at 14:58.") < html.index(
            "Investigators said the third stage engine was destroyed."
        )
        assertContains(
            response,
            '<li id="cite-1"><blockquote>Contact with Progress MS-04 was lost at 14:58.'
            f'</blockquote><a href="/articles/{earlier.pk}/#passage-{first.pk}">'
            "Progress cargo ship lost</a>, Space News Portal, 2 December 2016</li>",
            html=True,
        )
        assertContains(
            response,
            '<li id="cite-2"><blockquote>Investigators said the third stage engine was destroyed.'
            f'</blockquote><a href="/articles/{later.pk}/#passage-{second.pk}">'
            "Investigation points to third stage</a>, TASS, 5 December 2016</li>",
            html=True,
        )
        assertNotContains(response, "More text.")

    def test_citations_of_undated_articles_come_last(self, client, progress):
        undated = make_article(title="Undated note", published_on=None)
        dated = make_article(title="Dated report", published_on=datetime.date(2016, 12, 9))
        make_citation(incident=progress, article=undated)
        make_citation(incident=progress, article=dated)
        response = client.get("/incidents/progress-ms-04/")
        assert [c.article.title for c in response.context["citations"]] == [
            "Dated report",
            "Undated note",
        ]

    def test_passages_mentioning_it_in_passing_are_listed_apart(self, client, progress):
        article = make_article(title="Year in review", body="2016 also saw Progress MS-04 lost.")
        citation = make_citation(
            incident=progress, article=article, supports=Citation.Supports.CONTEXT
        )
        response = client.get("/incidents/progress-ms-04/")
        assert cite_items(response.content.decode()) == []
        assertContains(response, "No article cited yet.")
        assertContains(response, "<h2>Also mentioned in 1 article</h2>")
        assertContains(
            response,
            f'<a href="/articles/{article.pk}/#passage-{citation.pk}">Year in review</a>',
        )

    def test_it_lists_related_published_incidents_of_the_same_family(self, client, progress):
        family = progress.vehicles.get().family
        make_incident(
            title="Progress M-12M lost",
            date=datetime.date(2011, 8, 24),
            vehicles=[make_vehicle(family=family)],
        )
        make_incident(
            title="Soyuz MS-10 abort",
            date=datetime.date(2018, 10, 11),
            vehicles=[make_vehicle(family=family)],
        )
        make_incident(
            title="Draft R-7 incident", vehicles=[make_vehicle(family=family)], published=False
        )
        make_incident(title="Falcon 9 CRS-7", vehicles=[make_vehicle(family=make_family())])
        response = client.get("/incidents/progress-ms-04/")
        assert [i.title for i in response.context["related"]] == [
            "Soyuz MS-10 abort",
            "Progress M-12M lost",
        ]
        assertContains(response, "Related incidents (same vehicle family)")
        assertNotContains(response, "Draft R-7 incident")
        assertNotContains(response, "Falcon 9 CRS-7")

    def test_a_related_row_names_its_vehicles_agencies_as_people_name_them_and_site(
        self, client, progress
    ):
        family = progress.vehicles.get().family
        nasa = make_agency(name="NASA")
        johnson = make_agency(name="NASA Johnson Space Center", umbrella=nasa)
        make_incident(
            title="Soyuz MS-10 abort",
            date=datetime.date(2018, 10, 11),
            vehicles=[make_vehicle(name="Soyuz-FG", family=family), make_vehicle(name="Blok-I")],
            agencies=[johnson, make_agency(name="Roscosmos"), nasa],
            site=make_site(name="Baikonur Site 1/5"),
        )
        html = client.get("/incidents/progress-ms-04/").content.decode()
        related = html[html.index('<section class="related">') :]
        assert (
            '<div class="meta"><time datetime="2018-10-11">11 October 2018</time> · '
            '<span class="outcome outcome-failure">Launch failure</span> · Blok-I · Soyuz-FG · '
            "NASA · Roscosmos · Baikonur Site 1/5</div>"
        ) in related

    def test_the_family_failures_either_side_are_the_nearest_whatever_their_kind(
        self, client, progress
    ):
        family = progress.vehicles.get().family
        for title, date in [
            ("Soyuz T-10-1 pad fire", datetime.date(1983, 9, 26)),
            ("Progress M-12M lost", datetime.date(2011, 8, 24)),
            ("Soyuz MS-10 abort", datetime.date(2018, 10, 11)),
            ("Soyuz-2.1a Kosmos failure", datetime.date(2019, 5, 1)),
        ]:
            make_incident(title=title, date=date, vehicles=[make_vehicle(family=family)])
        after = client.get("/incidents/progress-ms-04/").context["aftermath"]
        assert (after.earlier_failure.title, after.later_failure.title) == (
            "Progress M-12M lost",
            "Soyuz MS-10 abort",
        )

    def test_the_facts_table_escapes_what_sources_say_and_shows_who_disagrees(
        self, client, progress
    ):
        for publisher, value in [("<i>Wire</i>", "<b>120 km</b>"), ("Space Daily", "300 km")]:
            article = make_article(publisher=publisher, title="Rocket lost")
            citation = make_citation(incident=progress, article=article)
            Fact.objects.create(
                incident=progress, citation=citation, kind=Fact.Kind.ALTITUDE, value=value
            )
        html = client.get("/incidents/progress-ms-04/").content.decode()
        table = html[html.index('<section class="facts-table">') : html.index("</table>")]
        assert '<p class="sources-differ">The sources differ:</p>' in table
        assert '<span class="value">&lt;b&gt;120 km&lt;/b&gt;</span>' in table
        assert "<b>" not in table and "<i>" not in table
        assert '<span class="said-by">— &lt;i&gt;Wire&lt;/i&gt; (in “Rocket lost”)</span>' in table

    def test_without_related_incidents_there_is_no_related_section(self, client, progress):
        response = client.get("/incidents/progress-ms-04/")
        assert response.context["related"] == []
        assertNotContains(response, "Related incidents")

    def test_a_catalog_incident_credits_gcat(self, client):
        make_incident(
            slug="kosmos-1",
            origin=Incident.Origin.CATALOG,
            catalog_note="Third stage failure",
        )
        response = client.get("/incidents/kosmos-1/")
        assertContains(
            response,
            '<p class="catalog-source">GCAT note: “Third stage failure”. '
            "Source: GCAT (J. McDowell, planet4589.org).</p>",
        )
        assertContains(response, "This incident comes from the GCAT catalog.")

    def test_a_catalog_incident_without_a_note_still_credits_gcat(self, client):
        make_incident(slug="kosmos-2", origin=Incident.Origin.CATALOG)
        assertContains(client.get("/incidents/kosmos-2/"), GCAT_CREDIT)

    def test_an_editor_written_incident_has_no_gcat_credit_of_its_own(self, client):
        make_incident(slug="editor-entry", origin=Incident.Origin.EDITOR)
        response = client.get("/incidents/editor-entry/")
        assertNotContains(response, 'class="catalog-source"')
        assertNotContains(response, "comes from the GCAT catalog")

    @pytest.mark.parametrize(
        ("precision", "shown", "machine"),
        [
            (DatePrecision.MONTH, "December 2016", "2016-12"),
            (DatePrecision.YEAR, "2016", "2016"),
        ],
    )
    def test_a_partly_known_date_shows_no_more_than_is_known(
        self, client, precision, shown, machine
    ):
        make_incident(slug="vague", date=datetime.date(2016, 12, 1), date_precision=precision)
        for url in ["/incidents/vague/", "/incidents/", "/", "/search/?q=2016"]:
            response = client.get(url)
            assertContains(response, f'<time datetime="{machine}">{shown}</time>', html=True)
            assertNotContains(response, "1 December 2016")
            assertNotContains(response, 'datetime="2016-12-01"')

    def test_a_draft_incident_gives_404(self, client):
        make_incident(slug="draft", published=False)
        response = client.get("/incidents/draft/")
        assert response.status_code == 404
        assertContains(response, "not published yet", status_code=404)

    def test_an_unknown_incident_gives_404(self, client):
        assert client.get("/incidents/no-such-incident/").status_code == 404


# --------------------------------------------------------------------------- entity pages


class TestVehiclePage:
    def test_it_shows_the_vehicle_and_its_published_incidents(self, client):
        family = make_family(name="R-7", slug="r-7")
        maker = make_agency(name="RKK Energiya", slug="rkk-energiya")
        vehicle = make_vehicle(
            name="Soyuz-U",
            slug="soyuz-u",
            family=family,
            variant="U",
            manufacturer=maker,
            aliases="Soyuz U\n11A511U",
        )
        make_incident(
            title="Progress MS-04 lost", vehicles=[vehicle], date=datetime.date(2016, 12, 1)
        )
        make_incident(
            title="Progress M-27M lost", vehicles=[vehicle], date=datetime.date(2015, 4, 28)
        )
        make_incident(title="Draft Soyuz incident", vehicles=[vehicle], published=False)
        make_incident(title="Other vehicle", vehicles=[make_vehicle()])
        response = client.get("/vehicles/soyuz-u/")
        assert response.status_code == 200
        assertContains(response, "<h1>Soyuz-U</h1>")
        assertContains(response, '<dd><a href="/families/r-7/">R-7</a></dd>')
        assertContains(response, '<dd><a href="/agencies/rkk-energiya/">RKK Energiya</a></dd>')
        assertContains(response, "<dd>Soyuz U, 11A511U</dd>")
        assertContains(response, '<h2>Incidents <span class="muted">(2)</span></h2>')
        assert listed_titles(response) == ["Progress MS-04 lost", "Progress M-27M lost"]
        assertNotContains(response, "Draft Soyuz incident")
        assertNotContains(response, "Other vehicle")

    def test_without_published_incidents_it_says_so(self, client):
        vehicle = make_vehicle(slug="angara")
        make_incident(vehicles=[vehicle], published=False)
        assertContains(client.get("/vehicles/angara/"), "No published incidents for this vehicle.")

    def test_fifty_incidents_make_two_pages(self, client):
        vehicle = make_vehicle(slug="soyuz-u")
        for n in range(50):
            make_incident(
                vehicles=[vehicle], date=datetime.date(1970, 1, 1) + datetime.timedelta(days=n)
            )
        assert len(listed_titles(client.get("/vehicles/soyuz-u/?page=2"))) == 25
        assert client.get("/vehicles/soyuz-u/?page=9").context["page"].number == 2

    def test_an_unknown_vehicle_gives_404(self, client):
        assert client.get("/vehicles/no-such-vehicle/").status_code == 404


class TestFamilyPage:
    def test_it_shows_the_family_its_vehicles_incidents_and_yearly_record(self, client):
        family = make_family(name="R-7", slug="r-7", aliases="Semyorka")
        soyuz = make_vehicle(name="Soyuz-U", slug="soyuz-u", family=family)
        fg = make_vehicle(name="Soyuz-FG", slug="soyuz-fg", family=family)
        # one incident with both vehicles: listed once
        make_incident(title="Progress MS-04 lost", vehicles=[soyuz, fg])
        make_incident(title="Draft R-7 incident", vehicles=[soyuz], published=False)
        make_mission(vehicle=soyuz, launch_date=datetime.date(2016, 12, 1), outcome=Outcome.FAILURE)
        make_mission(vehicle=fg, launch_date=datetime.date(2016, 3, 1), outcome=Outcome.SUCCESS)
        make_mission(vehicle=fg, launch_date=datetime.date(2015, 3, 1), outcome=Outcome.SUCCESS)
        response = client.get("/families/r-7/")
        assert response.status_code == 200
        assertContains(response, "<h1>R-7 family</h1>")
        assertContains(response, "Also called Semyorka")
        assert listed_titles(response) == ["Progress MS-04 lost"]
        assertContains(response, '<li><a href="/vehicles/soyuz-fg/">Soyuz-FG</a></li>')
        assertContains(response, '<li><a href="/vehicles/soyuz-u/">Soyuz-U</a></li>')
        assert [(r.year, r.launches, r.failures) for r in response.context["chart"]] == [
            (2015, 1, 0),
            (2016, 2, 1),
        ]
        # a chart with axes and a table behind it
        assertContains(response, "R-7 launches and failures per year, 2015–2016", count=2)
        assertContains(response, '<text class="axis-title" x="404.0" y="320">Year</text>')
        assertContains(response, '<tr><th scope="row">2016</th><td>2</td><td>1</td><td>0</td></tr>')
        assertNotContains(response, "Draft R-7 incident")

    def test_an_unknown_family_gives_404(self, client):
        assert client.get("/families/no-such-family/").status_code == 404


class TestAgencyPage:
    def test_it_shows_the_agency_and_its_published_incidents(self, client):
        parent = make_agency(name="Russian Government", slug="russia")
        agency = make_agency(
            name="Roskosmos",
            slug="roskosmos",
            english_name="Russian Space Agency",
            native_name="Роскосмос",
            country="RU",
            parent=parent,
        )
        make_incident(title="Progress MS-04 lost", agencies=[agency])
        make_incident(title="Draft agency incident", agencies=[agency], published=False)
        make_incident(title="Someone else's", agencies=[make_agency()])
        response = client.get("/agencies/roskosmos/")
        assert response.status_code == 200
        assertContains(response, "<h1>Roskosmos</h1>")
        assertContains(response, "<dd>Russian Space Agency</dd>")
        assertContains(response, "Роскосмос")
        assertContains(response, '<dd><a href="/agencies/russia/">Russian Government</a></dd>')
        assert listed_titles(response) == ["Progress MS-04 lost"]
        assertNotContains(response, "Draft agency incident")
        assertNotContains(response, "Someone else&#x27;s")

    def test_without_published_incidents_it_says_so(self, client):
        make_agency(slug="esa")
        assertContains(client.get("/agencies/esa/"), "No published incidents for this agency.")

    def test_an_unknown_agency_gives_404(self, client):
        assert client.get("/agencies/no-such-agency/").status_code == 404


class TestSitePage:
    def test_it_shows_the_site_and_its_published_incidents(self, client):
        site = make_site(
            name="Baikonur",
            slug="baikonur",
            country="KZ",
            latitude=45.92,
            longitude=63.34,
            aliases="GIK-5\nTyuratam",
        )
        make_incident(title="Progress MS-04 lost", site=site)
        make_incident(title="Draft Baikonur incident", site=site, published=False)
        response = client.get("/sites/baikonur/")
        assert response.status_code == 200
        assertContains(response, "<h1>Baikonur</h1>")
        assertContains(response, "<dd>45.92, 63.34</dd>")
        assertContains(response, "<dd>GIK-5, Tyuratam</dd>")
        assert listed_titles(response) == ["Progress MS-04 lost"]
        assertNotContains(response, "Draft Baikonur incident")

    def test_without_published_incidents_it_says_so(self, client):
        make_site(slug="kourou")
        assertContains(client.get("/sites/kourou/"), "No published incidents at this site.")

    def test_an_unknown_site_gives_404(self, client):
        assert client.get("/sites/no-such-site/").status_code == 404


class TestMissionPage:
    def test_it_shows_the_mission_its_links_and_its_incident(self, client):
        vehicle = make_vehicle(name="Soyuz-U", slug="soyuz-u")
        site = make_site(name="Baikonur", slug="baikonur")
        agency = make_agency(name="Roskosmos", slug="roskosmos")
        mission = make_mission(
            name="Progress MS-04",
            slug="progress-ms-04",
            launch_tag="2016-F06",
            launch_date=datetime.date(2016, 12, 1),
            vehicle=vehicle,
            site=site,
            pad="LC1",
            agencies=[agency],
            outcome=Outcome.FAILURE,
            success_fraction=0,
            aliases="Progress 65\n65P",
        )
        make_incident(title="Progress MS-04 lost", mission=mission)
        response = client.get("/missions/progress-ms-04/")
        assert response.status_code == 200
        assertContains(response, "<h1>Progress MS-04</h1>")
        assertContains(response, "<dd>2016-F06</dd>")
        assertContains(response, "<dd>1 December 2016</dd>")
        assertContains(response, '<dd><a href="/vehicles/soyuz-u/">Soyuz-U</a></dd>')
        assertContains(response, '<dd><a href="/sites/baikonur/">Baikonur</a>, LC1</dd>')
        assertContains(response, '<dd><a href="/agencies/roskosmos/">Roskosmos</a></dd>')
        assertContains(response, "<dd>Launch failure (0% success)</dd>")
        assertContains(response, "<dd>Progress 65, 65P</dd>")
        assertContains(response, GCAT_CREDIT)
        assert listed_titles(response) == ["Progress MS-04 lost"]

    def test_a_mission_whose_incident_is_a_draft_lists_no_incident(self, client):
        mission = make_mission(slug="progress-ms-04")
        make_incident(title="Draft Progress incident", mission=mission, published=False)
        response = client.get("/missions/progress-ms-04/")
        assert listed_titles(response) == []
        assertContains(response, "No incident recorded for this mission.")
        assertNotContains(response, "Draft Progress incident")

    def test_an_unknown_mission_gives_404(self, client):
        assert client.get("/missions/no-such-mission/").status_code == 404


# --------------------------------------------------------------------------- untrusted text

HOSTILE = "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[link](javascript:alert(1))"


class TestUntrustedText:
    def test_a_hostile_summary_renders_inert_on_the_incident_page(self, client):
        make_incident(slug="hostile", summary=f"Real text.\n\n{HOSTILE}")
        response = client.get("/incidents/hostile/")
        html = response.content.decode()
        assert "<script" not in html
        assert "onerror" not in html
        assert "javascript:" not in html
        assertContains(response, "<p>Real text.</p>")
        assertContains(response, "<a>link</a>")

    def test_a_hostile_title_is_escaped_on_every_page_that_shows_it(self, client):
        vehicle = make_vehicle(slug="soyuz-u")
        make_incident(slug="hostile", title="<script>alert(1)</script>", vehicles=[vehicle])
        for url in ["/", "/incidents/", "/incidents/hostile/", "/vehicles/soyuz-u/"]:
            response = client.get(url)
            assert "<script" not in response.content.decode(), url
            assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt;")

    def test_hostile_names_are_escaped_in_every_list_of_incidents(self, client):
        hostile = "<b onmouseover=alert(1)>x</b>"
        vehicle = make_vehicle(slug="soyuz-u", name=f"Soyuz {hostile}", family=make_family())
        make_incident(
            title=f"Failure {hostile}",
            vehicles=[vehicle],
            agencies=[make_agency(name=f"Agency {hostile}")],
            site=make_site(name=f"Site {hostile}"),
        )
        for url in ["/", "/incidents/", "/vehicles/soyuz-u/", "/search/?q=failure"]:
            html = client.get(url).content.decode()
            assert "<b " not in html, url
            rows = re.search(r'<ol class="incident-list.*?</ol>', html, flags=re.S).group()
            # title, vehicle, agency and site
            assert rows.count("&lt;b onmouseover=alert(1)&gt;x&lt;/b&gt;") == 4, url

    def test_hostile_article_text_is_escaped_in_the_sources(self, client):
        hostile = "<b onmouseover=alert(1)>x</b>"
        incident = make_incident(slug="cited")
        for supports in (Citation.Supports.INCIDENT, Citation.Supports.CONTEXT):
            article = make_article(
                title=f"Title {hostile}", publisher=f"Publisher {hostile}", body=f"Body {hostile}"
            )
            make_citation(incident=incident, article=article, supports=supports)
        html = client.get("/incidents/cited/").content.decode()
        assert "<b " not in html
        assert html.count("&lt;b onmouseover=alert(1)&gt;x&lt;/b&gt;") == 6

    def test_a_hostile_search_is_escaped_on_the_list_page(self, client):
        response = client.get("/incidents/", {"q": '"><script>alert(1)</script>'})
        assert response.status_code == 200
        assert "<script" not in response.content.decode()


class TestPagination:
    """The list's page numbers read as Django's Paginator reads them."""

    @pytest.mark.parametrize(
        ("page", "number"), [("", 1), ("abc", 1), ("0", 2), ("3", 2), ("99999999999999999999", 2)]
    )
    def test_page_numbers_read_as_paginator_reads_them(self, client, page, number):
        for n in range(30):
            make_incident(date=datetime.date(1970, 1, 1) + datetime.timedelta(days=n))
        response = client.get(f"/incidents/?page={page}")
        assert response.context["page"].number == number
        assert len(listed_titles(response)) == (25 if number == 1 else 5)
