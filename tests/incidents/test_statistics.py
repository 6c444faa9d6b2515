"""The statistics page: launches and failures per year, each family's success rate with its
Wilson interval, and days to return to flight; its numbers from the database, its charts and
tables, and its fixed number of queries. (The computations alone: test_statistics_numbers.)"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pytest_django.asserts import assertContains, assertNotContains

from incidents import chart_markup, charts, services
from incidents.catalog_loader import load_catalog
from incidents.facts import aftermath
from incidents.models import Incident, Mission, Outcome
from incidents.statistics import compute_statistics
from incidents.statistics_numbers import ReturnToFlight, wilson_interval
from tests.catalog_samples import write_sample_catalog
from tests.factories import (
    make_families,
    make_family,
    make_incident,
    make_mission,
    make_missions,
    make_vehicle,
    make_vehicles,
)

D = datetime.date
URL = "/statistics/"
CREDIT = "Source: GCAT (J. McDowell, planet4589.org)."


# --------------------------------------------------------------------------- chart geometry


class TestChartGeometry:
    def test_ticks_are_round_and_reach_the_maximum(self):
        assert charts.nice_ticks(290) == [0, 100, 200, 300]
        assert charts.nice_ticks(121) == [0, 25, 50, 75, 100, 125]
        assert charts.nice_ticks(3) == [0, 1, 2, 3]
        assert charts.nice_ticks(0) == [0, 1]

    def test_year_labels_are_as_frequent_as_they_fit(self):
        decades = charts.year_ticks(1957, 2025, charts.Scale(1957, 2025, 0, 680))
        assert [label for _, label in decades if label] == [str(y) for y in range(1960, 2030, 10)]
        one_year = charts.year_ticks(2016, 2016, charts.Scale(2016, 2017, 0, 680))
        assert [label for _, label in one_year] == ["2016"]

    def test_a_gap_breaks_the_line_and_a_lone_point_gets_a_bar(self):
        def point(x, rate):
            low, high = (None, None) if rate is None else (rate - 0.1, rate + 0.1)
            return charts.RatePoint(x, rate, low, high, "")

        points = [point(2000, 0.5), point(2005, None), point(2010, 0.8), point(2015, 0.9)]
        chart = charts.rate_chart(charts.Box(400, 200), points, first=2000, last=2020, x_title="")
        assert len(chart.whiskers) == 1
        assert len(chart.bands) == len(chart.lines) == 1
        assert len(chart.dots) == 3


# --------------------------------------------------------------------------- from the database


@pytest.fixture
def catalog(db):
    """Two families: A with two rockets, B with one, over 2000-2004 (nothing in 2003)."""
    a, b = make_family(name="Alpha", slug="alpha"), make_family(name="Beta", slug="beta")
    a1, a2 = make_vehicle(family=a), make_vehicle(family=a)
    b1 = make_vehicle(family=b)
    rows = [
        (D(2000, 3, 1), a1, Outcome.SUCCESS),
        (D(2000, 6, 1), a1, Outcome.FAILURE),
        (D(2000, 6, 1), a2, Outcome.SUCCESS),
        (D(2000, 9, 1), a1, Outcome.FAILURE),
        (D(2001, 1, 10), a1, Outcome.PARTIAL_FAILURE),
        (D(2001, 3, 1), a1, Outcome.SUCCESS),
        (D(2002, 1, 1), b1, Outcome.PAD_EXPLOSION),
        (D(2004, 5, 5), b1, Outcome.UNKNOWN),
    ]
    missions = [make_mission(launch_date=d, vehicle=v, outcome=o) for d, v, o in rows]
    return {"a1": a1, "missions": missions}


class TestNumbers:
    def test_launches_and_failures_per_year(self, catalog):
        stats = compute_statistics()
        assert [(y.year, y.launches, y.failures, y.partial_failures) for y in stats.years] == [
            (2000, 4, 2, 0),
            (2001, 2, 0, 1),
            (2002, 1, 1, 0),
            (2003, 0, 0, 0),
            (2004, 1, 0, 0),
        ]

    def test_failures_per_year_agree_with_the_family_pages_chart(self, catalog):
        stats = compute_statistics()
        record = services.yearly_record(missions=Mission.objects.all())
        assert [(r.year, r.launches, r.failures) for r in record] == [
            (y.year, y.launches, y.failures) for y in stats.years if y.launches
        ]

    def test_success_rate_counts_partial_failures_as_failures_and_leaves_out_unknown(self, catalog):
        alpha, beta = compute_statistics().families
        (period,) = alpha.periods
        assert (alpha.name, alpha.launches, period.label) == ("Alpha", 6, "2000–2004")
        assert (period.launches, period.successes) == (6, 3)
        assert period.interval == wilson_interval(3, 6)
        (period,) = beta.periods
        assert (beta.launches, period.launches, period.successes) == (2, 1, 0)

    def test_days_to_return_to_flight(self, catalog):
        stats = compute_statistics()
        assert sorted(stats.returns, key=lambda r: (r.days is None, r.days or 0)) == [
            ReturnToFlight(catalog["a1"].family_id, 181),
            ReturnToFlight(catalog["a1"].family_id, 273),
            ReturnToFlight(stats.families[1].pk, None),
        ]
        assert [(r.name, r.failures, r.returned, r.median_days) for r in stats.family_returns] == [
            ("Alpha", 2, 2, 227),
            ("Beta", 1, 0, None),
        ]
        assert [b.count for b in stats.days_bins] == [0, 0, 1, 1, 0, 0, 0, 1]

    def test_return_to_flight_agrees_with_the_incident_page(self, catalog):
        failure = catalog["missions"][1]
        incident = make_incident(
            mission=failure, date=failure.launch_date, vehicles=[catalog["a1"]]
        )
        assert aftermath(incident, []).days_grounded == 273
        assert 273 in [r.days for r in compute_statistics().returns]


# --------------------------------------------------------------------------- the page


class TestPage:
    def test_shows_the_three_charts_with_axes_legends_and_tables(self, client, catalog):
        response = client.get(URL)
        assert response.status_code == 200
        for text in (
            '<svg class="wide" viewBox="0 0 760 330" role="img" '
            'aria-labelledby="per-year-title per-year-desc">',
            '<title id="per-year-title">Orbital launches and failures per year, 2000–2004</title>',
            ">2000</text>",
            ">2004</text>",
            ">Launches per year</text>",
            ">Year</text>",
            "> Partial failures</li>",
            "<caption>Orbital launches and failures per year, 2000–2004<",
            '<tr><th scope="row">2003</th><td>0</td><td>0</td><td>0</td></tr>',
            'aria-labelledby="rate-alpha-title rate-alpha-desc"',
            ">Success rate</text>",
            ">100%</text>",
            '<tr><th scope="row">2000–2004</th><td>6</td><td>3</td><td>50.0%</td>',
            "Partial failures count as failures",
            '<tr><th scope="row">92–182 days (3–6 months)</th><td>1</td></tr>',
            ">Failures</text>",
            "Time until the same rocket next launched successfully</text>",
            "<td>2</td><td>2</td><td>227</td>",
            CREDIT,
        ):
            assertContains(response, text, html=False)
        assertContains(response, '<a href="/statistics/">Statistics</a>')

    def test_the_select_lists_the_families(self, client, catalog):
        response = client.get(URL)
        assertContains(response, '<option value="alpha">Alpha (6 launches)</option>', html=True)
        assertContains(response, '<option value="beta">Beta (2 launches)</option>', html=True)

    def test_a_family_chosen_by_slug_is_shown_alone(self, client, catalog):
        response = client.get(URL, {"family": "beta"})
        assert response.status_code == 200
        assertContains(response, '<option value="beta" selected>', html=False)
        assertContains(response, 'aria-labelledby="rate-beta-title rate-beta-desc"')
        assertNotContains(response, 'aria-labelledby="rate-alpha-title')

    def test_an_unknown_family_is_not_found_and_says_so(self, client, catalog):
        response = client.get(URL, {"family": "no-such-rocket"})
        assert response.status_code == 404
        assertContains(
            response,
            "There is no vehicle family “no-such-rocket” with launches in the catalog.",
            status_code=404,
        )

    def test_an_empty_catalog_says_so(self, client, db):
        response = client.get(URL)
        assert response.status_code == 200
        assertContains(response, "There are no launches in the catalog yet")
        assertNotContains(response, "<svg")

    def test_no_svg_or_element_carries_an_inline_style(self, client, catalog):
        assertNotContains(client.get(URL), "style=")

    def test_the_charts_text_is_escaped(self):
        chart = charts.bar_chart(
            charts.Box(200, 100),
            [charts.BarSpec('<b>"1" & 2</b>', (("launches", 0, 1),))],
            x_ticks=lambda x: [(x(0.5), "<i>")],
            x_title="a & b",
            y_title="y",
        )
        marks = chart_markup.bar_marks(chart)
        assert "<title>&lt;b&gt;&quot;1&quot; &amp; 2&lt;/b&gt;</title>" in marks
        assert ">&lt;i&gt;</text>" in marks
        assert ">a &amp; b</text>" in marks

    @pytest.mark.usefixtures("no_page_cache")  # the page made each time, from what it kept
    def test_the_page_is_built_once_per_computation_of_its_numbers(self, client, db):
        fill_catalog(5)
        first = client.get(URL).context["page"]
        assert client.get(URL).context["page"] is first
        make_incident()  # the numbers are computed anew, and the page built from them
        again = client.get(URL).context["page"]
        assert again is not first
        assert again.stats.published_incidents == first.stats.published_incidents + 1


def fill_catalog(size: int) -> None:
    families = make_families(3)
    vehicles = make_vehicles(6, family=lambda i: families[i % 3])
    outcomes = [Outcome.SUCCESS, Outcome.SUCCESS, Outcome.FAILURE, Outcome.PARTIAL_FAILURE]
    make_missions(
        size,
        vehicle=lambda i: vehicles[i % 6],
        launch_date=lambda i: D(1990 + i % 30, 1 + i % 12, 1 + i % 28),
        outcome=lambda i: outcomes[i % 4],
    )


class TestQueries:
    @pytest.mark.parametrize("size", [5, 50])
    def test_the_page_runs_three_queries_whatever_the_size_then_none(self, client, db, size):
        fill_catalog(size)
        make_incident()
        # every launch; the families; the published incidents' count
        with CaptureQueriesContext(connection) as first:
            response = client.get(URL)
        assert response.context["page"].stats.launches == size
        assert len(first) == 3
        with CaptureQueriesContext(connection) as again:  # cached
            client.get(URL, {"family": response.context["page"].stats.families[0].slug})
        assert len(again) == 0

    def test_a_published_incident_or_a_catalog_reload_shows_at_once(self, client, db):
        fill_catalog(5)
        before = client.get(URL).context["page"].stats.published_incidents
        make_incident()  # as an editor's save does (signals), or the catalog loader
        assert client.get(URL).context["page"].stats.published_incidents == before + 1

    def test_publishing_with_the_admins_action_shows_at_once(self, client, editor_client):
        fill_catalog(5)
        draft = make_incident(published=False)
        before = client.get(URL).context["page"].stats.published_incidents  # cached now
        response = editor_client.post(
            "/admin/incidents/incident/", {"action": "publish", "_selected_action": [draft.pk]}
        )
        assert response.status_code == 302
        assert client.get(URL).context["page"].stats.published_incidents == before + 1

    def test_reloading_the_catalog_shows_at_once(self, client, db, tmp_path):
        before = client.get(URL).context["page"].stats  # cached now, with no launches
        assert before.launches == 0
        load_catalog(write_sample_catalog(tmp_path))
        after = client.get(URL).context["page"].stats
        assert after.launches == Mission.objects.count() > 0
        assert after.published_incidents == Incident.objects.published().count() > 0
