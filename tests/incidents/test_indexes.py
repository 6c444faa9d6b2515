"""The browse indexes (/vehicles/, /families/, /agencies/, /sites/), the launch record on a
record's page, rates to one decimal, the About page, the favicon and the API docs' logo."""

import datetime

import pytest
from django.contrib.staticfiles import finders
from django.test import override_settings

from incidents.charts import interval_percent, rate_percent
from incidents.models import Outcome
from incidents.views import INDEX_PAGE_SIZE
from tests.factories import (
    make_agency,
    make_family,
    make_mission,
    make_missions,
    make_site,
    make_vehicle,
    make_vehicles,
)
from tests.gcat import GcatTestCase

DAY = datetime.date(2016, 12, 1)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (346 / 347, "99.7%"),
        (1.0, "100.0%"),
        (0.0, "0.0%"),
        (9_999 / 10_000, ">99.9%"),  # never a rounded 100% that hides a failure
        (1 / 10_000, "<0.1%"),
        (0.5, "50.0%"),
    ],
)
def test_rates_are_given_to_one_decimal_without_rounding_a_failure_away(value, text):
    assert rate_percent(value) == text


def test_an_interval_is_given_to_one_decimal():
    assert interval_percent(0.98912, 0.99996) == "98.9–100.0%"


def rows(response):
    return [(row.obj.name, row.launches, row.failures) for row in response.context["rows"]]


@pytest.mark.django_db
class TestIndexPages:
    def make_record(self):
        """Soyuz-U: 3 launches, 1 failed; Falcon 9: 4 launches, none failed; Delta: none."""
        soyuz = make_vehicle(name="Soyuz-U", slug="soyuz-u", family=make_family(name="Soyuz"))
        falcon = make_vehicle(name="Falcon 9", slug="falcon-9", family=make_family(name="Falcon"))
        make_vehicle(name="Delta", slug="delta")
        site = make_site(name="Baikonur")
        agency = make_agency(name="Roscosmos")
        for n, outcome in enumerate([Outcome.SUCCESS, Outcome.FAILURE, Outcome.SUCCESS]):
            make_mission(
                vehicle=soyuz,
                site=site,
                agencies=[agency],
                outcome=outcome,
                launch_date=DAY.replace(year=2010 + n),
            )
        make_missions(4, vehicle=falcon, outcome=Outcome.SUCCESS, launch_date=DAY)
        make_mission(vehicle=falcon, outcome=Outcome.UNKNOWN, launch_date=DAY)  # not counted
        return soyuz, falcon

    def test_the_vehicles_are_listed_by_launches_with_failures_rate_and_years(self, client):
        self.make_record()
        response = client.get("/vehicles/")
        assert response.status_code == 200
        assert rows(response) == [("Falcon 9", 4, 0), ("Soyuz-U", 3, 1)]  # Delta never flew
        soyuz = response.context["rows"][1]
        assert (soyuz.rate_text, soyuz.interval_text, soyuz.years_text) == (
            "66.7%",
            "20.8–93.9%",
            "2010–2012",
        )
        assert soyuz.last_failure == DAY.replace(year=2011)
        html = response.content.decode()
        assert '<th scope="col" aria-sort="descending"><a href="?sort=launches">Launches' in html
        assert '<a href="?sort=-failures">Failures</a>' in html

    def test_each_column_sorts_both_ways(self, client):
        self.make_record()
        assert rows(client.get("/vehicles/", {"sort": "rate"}))[0][0] == "Soyuz-U"
        assert rows(client.get("/vehicles/", {"sort": "-rate"}))[0][0] == "Falcon 9"
        assert rows(client.get("/vehicles/", {"sort": "name"}))[0][0] == "Falcon 9"
        assert rows(client.get("/vehicles/", {"sort": "-last_failure"}))[0][0] == "Soyuz-U"
        assert rows(client.get("/vehicles/", {"sort": "first"}))[0][0] == "Soyuz-U"
        unknown = client.get("/vehicles/", {"sort": "'; drop table"})
        assert unknown.status_code == 200 and rows(unknown)[0][0] == "Falcon 9"

    def test_families_agencies_and_sites_count_their_missions(self, client):
        self.make_record()
        assert rows(client.get("/families/")) == [("Falcon", 4, 0), ("Soyuz", 3, 1)]
        assert rows(client.get("/agencies/")) == [("Roscosmos", 3, 1)]
        assert rows(client.get("/sites/")) == [("Baikonur", 3, 1)]

    def test_an_empty_catalog_says_so(self, client):
        response = client.get("/sites/")
        assert response.status_code == 200
        assert "Nothing here yet" in response.content.decode()

    @pytest.mark.parametrize("size", [1, 120])
    def test_an_index_runs_two_queries_whatever_its_size(
        self, client, django_assert_num_queries, size
    ):
        vehicles = make_vehicles(size)
        make_missions(size, vehicle=lambda n: vehicles[n], outcome=Outcome.SUCCESS)
        with django_assert_num_queries(2):  # count, page
            response = client.get("/vehicles/", {"page": 2 if size > INDEX_PAGE_SIZE else 1})
        assert len(response.context["rows"]) == min(size, INDEX_PAGE_SIZE)
        assert response.context["page"].paginator.count == size

    def test_a_vehicle_page_shows_its_launches_failures_and_success_rate(self, client):
        soyuz, falcon = self.make_record()
        html = client.get("/vehicles/soyuz-u/").content.decode()
        assert "<dt>Launches</dt><dd>3 (2010–2012)</dd>" in html
        assert '<dt>Failures</dt><dd>1, the last on <time datetime="2011-12-01">' in html
        assert "<dt>Success rate</dt><dd>66.7% " in html
        delta = client.get("/vehicles/delta/").content.decode()
        assert "<dt>Launches</dt>" not in delta


@pytest.mark.django_db
class TestAboutFaviconAndApiLogo:
    def test_the_about_page_says_what_counts_where_data_come_from_and_how_to_cite(self, client):
        response = client.get("/about/")
        html = response.content.decode()
        for words in (
            "What counts as an incident",
            "Source: GCAT (J. McDowell, planet4589.org)",
            "How to cite",
            "Report an error",
        ):
            assert words in html
        assert 'href="/about/"' in client.get("/").content.decode()  # linked from every page

    @override_settings(CONTACT_EMAIL="corrections@example.org")
    def test_the_about_page_gives_the_address_for_corrections(self, client):
        html = client.get("/about/").content.decode()
        assert 'href="mailto:corrections@example.org?subject=Correction"' in html

    def test_every_page_links_the_browse_indexes(self, client):
        html = client.get("/").content.decode()
        for path in ("/vehicles/", "/families/", "/agencies/", "/sites/"):
            assert f'href="{path}"' in html

    def test_the_favicon_is_a_real_file(self, client):
        response = client.get("/favicon.ico")
        assert response.status_code == 301 and response["Location"].endswith("/img/favicon.ico")
        icon = finders.find("img/favicon.ico")
        with open(icon, "rb") as file:
            assert file.read(4) == b"\x00\x00\x01\x00"  # an ICO header
        assert 'rel="icon"' in client.get("/").content.decode()

    def test_the_api_docs_logo_is_served_from_this_site_which_the_csp_allows(self, client):
        schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
        logo = schema["info"]["x-logo"]["url"]
        assert logo.startswith("/static/") and finders.find(logo.removeprefix("/static/"))
        docs = client.get("/api/docs/")
        policy = docs["Content-Security-Policy"]
        img_src = next(p for p in policy.split(";") if p.strip().startswith("img-src"))
        assert "'self'" in img_src and "https://cdn.redoc.ly" in img_src  # Redoc's own logo
        page = client.get("/incidents/")["Content-Security-Policy"]
        assert "cdn.redoc.ly" not in page  # on the docs page only


class RealCatalogIndexTests(GcatTestCase):
    def test_no_rate_is_rounded_up_to_a_perfect_record(self):
        response = self.client.get("/families/", {"sort": "-launches"})
        for row in response.context["rows"]:
            if row.failures:
                assert not row.rate_text.startswith("100"), (row.obj.name, row.rate_text)
        falcon = next(r for r in response.context["rows"] if r.obj.name == "Falcon")
        assert falcon.failures and falcon.rate_text.startswith("9")

    def test_the_statistics_table_gives_rates_to_one_decimal(self):
        html = self.client.get("/statistics/", {"family": "falcon"}).content.decode()
        # 2020-2024: 347 launches, 346 successes (Starlink Group 9-3 in July 2024)
        assert (
            '<th scope="row">2020–2024</th><td>347</td><td>346</td><td>99.7%</td>'
            "<td>98.4–99.9%</td>"
        ) in html

    def test_nasa_counts_its_centres_launches(self):
        response = self.client.get("/agencies/", {"sort": "-launches"})
        names = [row.obj.name for row in response.context["rows"]]
        assert "NASA" in names
        nasa = next(r for r in response.context["rows"] if r.obj.name == "NASA")
        assert nasa.launches > 300


@pytest.mark.django_db
def test_an_agency_page_gives_each_name_once(client):
    make_agency(
        name="NASA",
        slug="nasa",
        english_name="National Aeronautics and Space Administration",
        aliases="National Aeronautics and Space Administration\nNASA HQ",
    )
    html = client.get("/agencies/nasa/").content.decode()
    assert html.count("National Aeronautics and Space Administration") == 1
    assert "<dt>Also called</dt><dd>NASA HQ</dd>" in html
