"""The statistics page's numbers, computed from the catalog's launches: launches and failures
per year, each vehicle family's success rate over time with its uncertainty, and how long a
rocket stayed grounded after a failure.

Plain computations over the rows `statistics.compute_statistics` fetches: no queries, no
cache, no charts (the page and its charts are `statistics.py`).
"""

from __future__ import annotations

import datetime
import math
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import islice
from statistics import median

from incidents import charts
from incidents.facts import RETURN_TO_FLIGHT_WINDOW, days_until
from incidents.models import Outcome
from incidents.services import YearCount

PERIOD_YEARS = 5
Z_95 = 1.959963984540054  # the normal quantile for a two-sided 95% interval
# Launches whose outcome is known (all but Outcome.UNKNOWN): the success rate's denominator.
KNOWN_OUTCOMES = (Outcome.SUCCESS, *Outcome.FAILURES_OR_PARTIAL)
# (last day, short label for the axis, label for the table); None: no upper bound.
DAY_BINS = (
    (30, "≤ 1 mo", "Within 30 days"),
    (91, "1–3 mo", "31–91 days (1–3 months)"),
    (182, "3–6 mo", "92–182 days (3–6 months)"),
    (365, "6–12 mo", "183–365 days (6–12 months)"),
    (730, "1–2 y", "1–2 years"),
    (1826, "2–5 y", "2–5 years"),
    (None, "> 5 y", "Over 5 years"),
)
NO_RETURN = ("none", "No return (yet)")


@dataclass(frozen=True)
class Launch:
    vehicle_id: int | None
    family_id: int | None
    launch_date: datetime.date
    outcome: str


@dataclass(frozen=True)
class Interval:
    low: float
    high: float


def wilson_interval(successes: int, trials: int, *, z: float = Z_95) -> Interval | None:
    """The Wilson score interval of a proportion (95% by default); None without trials.

    Unlike the normal approximation it stays within 0 to 1 and is not zero-width at 0 or n
    successes, which matters for the few launches of a family's early years."""
    if not 0 <= successes <= trials:
        raise ValueError(f"{successes} successes of {trials} trials")
    if trials == 0:
        return None
    p = successes / trials
    z2n = z * z / trials
    centre = (p + z2n / 2) / (1 + z2n)
    half = z * math.sqrt(p * (1 - p) / trials + z2n / (4 * trials)) / (1 + z2n)
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == trials else min(1.0, centre + half)
    return Interval(low, high)


@dataclass(frozen=True)
class PeriodRate:
    start: int
    end: int  # the last year of the period
    launches: int  # with a known outcome
    successes: int
    interval: Interval | None

    @property
    def rate(self) -> float | None:
        return self.successes / self.launches if self.launches else None

    @property
    def label(self) -> str:
        return f"{self.start}–{self.end}"

    @property
    def rate_text(self) -> str:
        rate = self.rate
        return charts.rate_percent(rate) if rate is not None else "–"

    @property
    def interval_text(self) -> str:
        if self.interval is None:
            return "–"
        return charts.interval_percent(self.interval.low, self.interval.high)


@dataclass(frozen=True)
class FamilyRecord:
    pk: int
    name: str
    slug: str
    launches: int
    periods: tuple[PeriodRate, ...]


@dataclass(frozen=True)
class ReturnToFlight:
    family_id: int | None
    days: int | None  # None: no success in the rocket's next launches (or none since)


@dataclass(frozen=True)
class DaysBin:
    short: str
    label: str
    count: int


@dataclass(frozen=True)
class FamilyReturns:
    name: str
    slug: str
    failures: int
    returned: int
    median_days: float | None


def launches_per_year(launches: Sequence[Launch]) -> list[YearCount]:
    """Every year from the first launch to the last, years without launches included."""
    if not launches:
        return []
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    for launch in launches:
        row = counts[launch.launch_date.year]
        row[0] += 1
        row[1] += launch.outcome in Outcome.FAILURES
        row[2] += launch.outcome == Outcome.PARTIAL_FAILURE
    years = range(min(counts), max(counts) + 1)
    return [YearCount(year, *counts.get(year, (0, 0, 0))) for year in years]


def period_start(year: int) -> int:
    return year - year % PERIOD_YEARS


def success_by_period(launches: Iterable[Launch]) -> list[PeriodRate]:
    """Successes of the launches with a known outcome per period, from the first period with a
    launch to the last; a partial failure is not a success."""
    tally: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for launch in launches:
        row = tally[period_start(launch.launch_date.year)]
        if launch.outcome in KNOWN_OUTCOMES:
            row[0] += 1
            row[1] += launch.outcome == Outcome.SUCCESS
    if not tally:
        return []
    starts = range(min(tally), max(tally) + 1, PERIOD_YEARS)
    return [_period(start, *tally.get(start, (0, 0))) for start in starts]


def _period(start: int, launches: int, successes: int) -> PeriodRate:
    interval = wilson_interval(successes, launches)
    return PeriodRate(start, start + PERIOD_YEARS - 1, launches, successes, interval)


def family_records(
    launches: Sequence[Launch], names: dict[int, tuple[str, str]]
) -> list[FamilyRecord]:
    """The families with launches, most launches first; `names` maps id to (name, slug)."""
    by_family: dict[int, list[Launch]] = defaultdict(list)
    for launch in launches:
        if launch.family_id in names:
            by_family[launch.family_id].append(launch)
    records = [
        FamilyRecord(pk, *names[pk], len(rows), tuple(success_by_period(rows)))
        for pk, rows in by_family.items()
    ]
    return sorted(records, key=lambda r: (-r.launches, r.name))


def returns_to_flight(launches: Sequence[Launch]) -> list[ReturnToFlight]:
    """For each failure (launch failure or pad explosion), the days until the same rocket next
    launched successfully: the incident pages' "return to flight" (facts.aftermath), which
    looks at the rocket's next RETURN_TO_FLIGHT_WINDOW launches after the failure's day.
    `launches` in launch order."""
    by_vehicle: dict[int, list[Launch]] = defaultdict(list)
    for launch in launches:
        if launch.vehicle_id is not None:
            by_vehicle[launch.vehicle_id].append(launch)
    returns = []
    for flights in by_vehicle.values():
        for index, failure in enumerate(flights):
            if failure.outcome in Outcome.FAILURES:
                back = _first_success_after(flights, index)
                returns.append(
                    ReturnToFlight(failure.family_id, days_until(failure.launch_date, back))
                )
    return returns


def _first_success_after(flights: list[Launch], index: int) -> Launch | None:
    day = flights[index].launch_date
    later = (f for f in islice(flights, index + 1, None) if f.launch_date > day)
    window = islice(later, RETURN_TO_FLIGHT_WINDOW)
    return next((f for f in window if f.outcome == Outcome.SUCCESS), None)


def days_histogram(returns: Iterable[ReturnToFlight]) -> list[DaysBin]:
    """The failures counted by time to return to flight, and those without one last."""
    counts = [0] * (len(DAY_BINS) + 1)
    for item in returns:
        counts[_bin_index(item.days)] += 1
    labels = [(short, label) for _, short, label in DAY_BINS] + [NO_RETURN]
    return [DaysBin(short, label, n) for (short, label), n in zip(labels, counts, strict=True)]


def _bin_index(days: int | None) -> int:
    if days is None:
        return len(DAY_BINS)
    return next(i for i, (last, _, _) in enumerate(DAY_BINS) if last is None or days <= last)


def returns_by_family(
    returns: Iterable[ReturnToFlight], names: dict[int, tuple[str, str]]
) -> list[FamilyReturns]:
    """Per family with failures: how many, how many flew again, and the median days it took;
    most failures first."""
    days: dict[int, list[int | None]] = defaultdict(list)
    for item in returns:
        if item.family_id in names:
            days[item.family_id].append(item.days)
    rows = []
    for pk, values in days.items():
        back = [d for d in values if d is not None]
        middle = median(back) if back else None
        rows.append(FamilyReturns(*names[pk], len(values), len(back), middle))
    return sorted(rows, key=lambda r: (-r.failures, r.name))


@dataclass(frozen=True)
class CatalogStatistics:
    years: tuple[YearCount, ...]
    families: tuple[FamilyRecord, ...]  # most launches first
    returns: tuple[ReturnToFlight, ...]
    family_returns: tuple[FamilyReturns, ...]
    published_incidents: int
    # New with each computation: what the page drew from these numbers is kept under it.
    stamp: str = field(default_factory=lambda: uuid.uuid4().hex, compare=False)

    @property
    def launches(self) -> int:
        return sum(y.launches for y in self.years)

    @property
    def failures(self) -> int:
        return sum(y.failures for y in self.years)

    @property
    def partial_failures(self) -> int:
        return sum(y.partial_failures for y in self.years)

    @property
    def first_year(self) -> int | None:
        return self.years[0].year if self.years else None

    @property
    def last_year(self) -> int | None:
        return self.years[-1].year if self.years else None

    @property
    def median_days(self) -> float | None:
        back = [r.days for r in self.returns if r.days is not None]
        return median(back) if back else None

    @property
    def days_bins(self) -> list[DaysBin]:
        return days_histogram(self.returns)

    def family(self, slug: str) -> FamilyRecord | None:
        return next((f for f in self.families if f.slug == slug), None)


def every_year(counts: Sequence[YearCount]) -> list[YearCount]:
    """`counts` (services.yearly_record) with the years between them that had no launch."""
    if not counts:
        return []
    by_year = {count.year: count for count in counts}
    years = range(min(by_year), max(by_year) + 1)
    return [by_year.get(year) or YearCount(year, 0, 0, 0) for year in years]
