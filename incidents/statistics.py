"""The statistics page: the catalog's numbers (`statistics_numbers`), fetched in three queries
and cached, and the page's charts of them.

Everything comes from one fetch of every launch (and one each of the families and the count
of published incidents), computed in Python and cached under the data version, which a
catalog reload or an edit changes (incidents/data_version.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import cast

from django.core.cache import cache
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from incidents import chart_markup, charts, data_version
from incidents.links import url_of
from incidents.models import Incident, Mission, VehicleFamily
from incidents.services import YearCount
from incidents.statistics_numbers import (
    NO_RETURN,
    PERIOD_YEARS,
    CatalogStatistics,
    DaysBin,
    FamilyRecord,
    FamilyReturns,
    Launch,
    PeriodRate,
    family_records,
    launches_per_year,
    period_start,
    returns_by_family,
    returns_to_flight,
)

# v2: the cached numbers' classes moved to statistics_numbers (a v1 value would not unpickle);
# v3: they carry a stamp.
CACHE_KEY = "incidents:statistics:v3"  # and the data version
CACHE_SECONDS = 10 * 60
TOP_FAMILIES = 8


# --------------------------------------------------------------------------- fetched and cached


def compute_statistics() -> CatalogStatistics:
    """The catalog's statistics, in three queries."""
    rows = (
        Mission.objects.exclude(launch_date=None)
        .order_by("launch_date", "pk")
        .values_list("vehicle_id", "vehicle__family_id", "launch_date", "outcome")
    )
    launches = [
        Launch(vehicle, family, day, outcome)
        for vehicle, family, day, outcome in rows
        if day is not None  # excluded above; said again for the type checker
    ]
    names = {
        pk: (name, slug)
        for pk, name, slug in VehicleFamily.objects.values_list("pk", "name", "slug")
    }
    returns = returns_to_flight(launches)
    return CatalogStatistics(
        years=tuple(launches_per_year(launches)),
        families=tuple(family_records(launches, names)),
        returns=tuple(returns),
        family_returns=tuple(returns_by_family(returns, names)),
        published_incidents=Incident.objects.published().count(),
    )


def catalog_statistics() -> CatalogStatistics:
    """The statistics, cached under the data version (for CACHE_SECONDS at most)."""
    key = f"{CACHE_KEY}:{data_version.current()}"
    return cast(CatalogStatistics, cache.get_or_set(key, compute_statistics, CACHE_SECONDS))


# --------------------------------------------------------------------------- the page


@dataclass(frozen=True)
class FamilyPanel:
    family: FamilyRecord
    chart: charts.RateChart
    marks: SafeString  # the chart's content, inside its <svg>
    rows: SafeString  # its periods with launches, as rows of the table under the charts


@dataclass(frozen=True)
class StatisticsPage:
    """The page's numbers and charts, their loops already written as HTML (chart_markup):
    built once per computation of the statistics and family asked for (`statistics_page`)."""

    stats: CatalogStatistics
    yearly: YearlyFigure | None
    panels: tuple[FamilyPanel, ...]
    chosen: FamilyRecord | None  # the family asked for, if any
    unknown_family: str  # the slug asked for when no family has it
    returns_chart: charts.BarChart | None
    returns_marks: SafeString
    family_options: SafeString  # an <option> per family, by name, the chosen one selected
    days_rows: SafeString  # the returns chart's bins, as table rows
    family_returns_rows: SafeString

    @property
    def empty(self) -> bool:
        return not self.stats.years


YEARLY_BOX = charts.Box(760, 330)
PANEL_BOX = charts.Box(320, 210, left=60, right=12, top=12, bottom=48)
WIDE_PANEL_BOX = charts.Box(760, 330)
RETURNS_BOX = charts.Box(760, 320)
TABLE_ROW_INDENT = " " * 8  # as the page's tables' rows are indented
BUILT_PAGES = 64  # at most, per process: the default page and the families asked for

# {stamp: {chosen family's slug ("" for none): page}}: the pages built from the statistics
# last computed (their stamp), and only those.
_built: dict[str, dict[str, StatisticsPage]] = {}


def statistics_page(*, family_slug: str = "") -> StatisticsPage:
    """The page's statistics and charts; `family_slug` picks one family's success rate, else
    the TOP_FAMILIES with the most launches are shown. Built once per computation of the
    statistics (their stamp) and family, in this process."""
    stats = catalog_statistics()
    chosen = stats.family(family_slug) if family_slug else None
    pages = _built.get(stats.stamp)
    if pages is None or len(pages) >= BUILT_PAGES:
        _built.clear()
        pages = _built[stats.stamp] = {}
    key = chosen.slug if chosen else ""
    page = pages.get(key)
    if page is None:
        page = pages[key] = build_page(stats, chosen)
    if family_slug and chosen is None:
        return replace(page, unknown_family=family_slug)
    return page


def build_page(stats: CatalogStatistics, chosen: FamilyRecord | None) -> StatisticsPage:
    shown = [chosen] if chosen else list(stats.families[:TOP_FAMILIES])
    bins = stats.days_bins
    returns = returns_chart(bins) if stats.returns else None
    return StatisticsPage(
        stats=stats,
        yearly=yearly_figure(stats.years, "Orbital launches"),
        panels=tuple(_panel(f, stats, alone=bool(chosen)) for f in shown),
        chosen=chosen,
        unknown_family="",
        returns_chart=returns,
        returns_marks=chart_markup.bar_marks(returns) if returns else mark_safe(""),
        family_options=_family_options(stats.families, chosen),
        days_rows=chart_markup.table_rows(((b.label, b.count) for b in bins), TABLE_ROW_INDENT),
        family_returns_rows=_family_returns_rows(stats.family_returns),
    )


def _family_returns_rows(rows: Sequence[FamilyReturns]) -> SafeString:
    return chart_markup.table_rows(
        (
            (
                format_html('<a href="{}">{}</a>', url_of("incidents:family", row.slug), row.name),
                row.failures,
                row.returned,
                "–" if row.median_days is None else chart_markup.whole_with_commas(row.median_days),
            )
            for row in rows
        ),
        TABLE_ROW_INDENT,
    )


def _family_options(families: Sequence[FamilyRecord], chosen: FamilyRecord | None) -> SafeString:
    by_name = sorted(families, key=lambda f: f.name.casefold())
    return format_html_join(
        "",
        '<option value="{}"{}>{} ({} launches)</option>\n      ',
        (
            (
                f.slug,
                " selected" if chosen and chosen.slug == f.slug else "",
                f.name,
                chart_markup.with_commas(f.launches),
            )
            for f in by_name
        ),
    )


@dataclass(frozen=True)
class YearlyFigure:
    """A launches-and-failures-per-year chart with what a reader without the picture needs:
    its title, a description, and the years for the table under it."""

    chart: charts.BarChart
    years: tuple[YearCount, ...]
    title: str
    description: str
    marks: SafeString  # the chart's content, inside its <svg>
    rows: SafeString  # the years, as rows of the table


def yearly_figure(years: Sequence[YearCount], subject: str) -> YearlyFigure | None:
    """The chart of `years` (every year from the first to the last) for `subject`, e.g.
    "Orbital launches" or "Soyuz launches"."""
    if not years:
        return None
    first, last = years[0].year, years[-1].year
    launches = sum(y.launches for y in years)
    failures = sum(y.failures for y in years)
    partial = sum(y.partial_failures for y in years)
    description = (
        "A bar per year: its height is the year's launches, the red part at its foot the "
        "failures and the pale red part above it the partial failures. "
        f"{_count(launches, 'launch', 'launches')}, {_count(failures, 'failure')} and "
        f"{_count(partial, 'partial failure')} in all. The table under the chart gives each "
        "year's numbers."
    )
    title = f"{subject} and failures per year, {first}–{last}"
    chart = yearly_chart(years)
    rows = chart_markup.table_rows(
        ((y.year, y.launches, y.failures, y.partial_failures) for y in years), " " * 6
    )
    marks = chart_markup.bar_marks(chart)
    return YearlyFigure(chart, tuple(years), title, description, marks, rows)


def yearly_chart(years: Sequence[YearCount]) -> charts.BarChart:
    first, last = years[0].year, years[-1].year
    specs = [
        charts.BarSpec(
            f"{y.year}: {_count(y.launches, 'launch', 'launches')}, "
            f"{_count(y.failures, 'failure')}, {_count(y.partial_failures, 'partial failure')}",
            (
                ("launches", 0, y.launches),
                ("failures", 0, y.failures),
                ("partial", y.failures, y.failures + y.partial_failures),
            ),
        )
        for y in years
    ]

    def ticks(x: charts.Scale):
        return charts.year_ticks(first, last, lambda year: x(year - first + 0.5))

    return charts.bar_chart(
        YEARLY_BOX,
        specs,
        x_ticks=ticks,
        x_title="Year",
        y_title="Launches per year",
        gap=0.2,
    )


def _panel(family: FamilyRecord, stats: CatalogStatistics, *, alone: bool) -> FamilyPanel:
    box = WIDE_PANEL_BOX if alone else PANEL_BOX
    chart = family_chart(family, stats, box, own_years=alone)
    rows = chart_markup.table_rows(
        (
            (p.label, p.launches, p.successes, p.rate_text, p.interval_text)
            for p in family.periods
            if p.launches
        ),
        TABLE_ROW_INDENT,
    )
    return FamilyPanel(family, chart, chart_markup.rate_marks(chart), rows)


def family_chart(
    family: FamilyRecord, stats: CatalogStatistics, box: charts.Box, *, own_years: bool
) -> charts.RateChart:
    """The family's success rate per period, over its own years or over the whole catalog's
    (so that panels side by side line up)."""
    periods = family.periods
    first_year, last_year = periods[0].start, periods[-1].end
    if not own_years and stats.first_year is not None and stats.last_year is not None:
        first_year, last_year = stats.first_year, stats.last_year  # a family's launches are in it
    first = period_start(first_year)
    last = period_start(last_year) + PERIOD_YEARS
    points = [_rate_point(p) for p in periods]
    return charts.rate_chart(box, points, first=first, last=last, x_title="Year")


def _rate_point(period: PeriodRate) -> charts.RatePoint:
    middle = period.start + PERIOD_YEARS / 2
    if period.interval is None:
        return charts.RatePoint(middle, None, None, None, f"{period.label}: no launches")
    title = (
        f"{period.label}: {period.successes} of {period.launches} launches succeeded "
        f"({period.rate_text}; 95% interval {period.interval_text})"
    )
    return charts.RatePoint(middle, period.rate, period.interval.low, period.interval.high, title)


def returns_chart(bins: Sequence[DaysBin]) -> charts.BarChart:
    specs = [
        charts.BarSpec(
            f"{b.label}: {_count(b.count, 'failure')}",
            (("never" if b.short == NO_RETURN[0] else "returned", 0, b.count),),
        )
        for b in bins
    ]

    def ticks(x: charts.Scale):
        return [(x(i + 0.5), b.short) for i, b in enumerate(bins)]

    return charts.bar_chart(
        RETURNS_BOX,
        specs,
        x_ticks=ticks,
        x_title="Time until the same rocket next launched successfully",
        y_title="Failures",
    )


def _count(number: int, one: str, many: str = "") -> str:
    return f"{number} {one if number == 1 else many or one + 's'}"
