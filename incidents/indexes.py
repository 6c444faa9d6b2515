"""The browse indexes (/vehicles/, /families/, /agencies/, /sites/): every record with
launches in the catalog, with its launches, failures, success rate and its uncertainty, last
failure and years active, sortable by each column.

One aggregate query per page (and one to count the rows): the counts are annotations over
the missions, the Wilson interval is worked out for the rows shown only.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, FloatField, Max, Min, Q, QuerySet
from django.db.models.functions import Cast

from incidents import charts
from incidents.models import Agency, LaunchSite, Mission, Outcome, Vehicle, VehicleFamily
from incidents.statistics_numbers import KNOWN_OUTCOMES, Interval, wilson_interval


@dataclass(frozen=True)
class Column:
    key: str  # the ?sort= value
    label: str
    order_by: str  # the annotation or field it sorts by
    numeric: bool = True


COLUMNS = (
    Column("name", "Name", "name", numeric=False),
    Column("launches", "Launches", "launches"),
    Column("failures", "Failures", "failures"),
    Column("rate", "Success rate", "rate"),
    Column("last_failure", "Last failure", "last_failure"),
    Column("first", "Years active", "first_launch"),
)
BY_KEY = {column.key: column for column in COLUMNS}
DEFAULT_SORT = "-launches"


@dataclass(frozen=True)
class Index:
    """One index page's kind of record: its model and the path from it to its missions."""

    key: str  # URL name and template wording
    title: str
    model: type[Vehicle] | type[VehicleFamily] | type[Agency] | type[LaunchSite]
    missions: str  # the lookup from a record to its missions
    intro: str

    def records(self) -> QuerySet:
        return annotated(self.model.objects.all(), self.missions)


def annotated(records: QuerySet, missions: str) -> QuerySet:
    """`records` with their launch record, those without a launch of known outcome left out.
    Launches count those of known outcome; failures, those that did not succeed (partial
    failures too, as on the statistics page), so that the rate is 1 - failures/launches."""
    known = Q(**{f"{missions}__outcome__in": KNOWN_OUTCOMES})
    success = Q(**{f"{missions}__outcome": Outcome.SUCCESS})
    failed = Q(**{f"{missions}__outcome__in": Outcome.FAILURES_OR_PARTIAL})
    return (
        records.annotate(
            launches=Count(missions, filter=known, distinct=True),
            successes=Count(missions, filter=success, distinct=True),
            first_launch=Min(f"{missions}__launch_date", filter=known),
            last_launch=Max(f"{missions}__launch_date", filter=known),
            last_failure=Max(f"{missions}__launch_date", filter=failed),
        )
        .filter(launches__gt=0)
        .annotate(
            failures=F("launches") - F("successes"),
            rate=Cast("successes", FloatField()) / Cast("launches", FloatField()),
        )
    )


INDEXES = {
    "vehicles": Index(
        "vehicles",
        "Launch vehicles",
        Vehicle,
        "missions",
        "Every rocket with a launch in the catalog.",
    ),
    "families": Index(
        "families",
        "Vehicle families",
        VehicleFamily,
        "vehicles__missions",
        "Rockets grouped the way people name them: Soyuz, Long March, Falcon 9 …",
    ),
    "agencies": Index(
        "agencies",
        "Agencies",
        Agency,
        "missions",
        "Launch agencies and operators. An agency's launches include its centres' (NASA "
        "counts its Johnson and Marshall centres' launches), so the rows add up to more than "
        "the catalog's launches.",
    ),
    "sites": Index(
        "sites",
        "Launch sites",
        LaunchSite,
        "missions",
        "Every place with a launch in the catalog.",
    ),
}


def sort_of(value: str) -> tuple[Column, bool]:
    """The column and direction (descending?) that `?sort=` asks for; the default for a
    value it does not know."""
    descending = value.startswith("-")
    column = BY_KEY.get(value.lstrip("-"))
    if column is None:
        return BY_KEY[DEFAULT_SORT.lstrip("-")], True
    return column, descending


def ordered(records: QuerySet, column: Column, descending: bool) -> QuerySet:
    field = F(column.order_by)
    first = field.desc(nulls_last=True) if descending else field.asc(nulls_last=True)
    return records.order_by(first, "name", "pk")


@dataclass(frozen=True)
class Record:
    """What a row of an index shows of one record."""

    obj: object
    launches: int
    failures: int
    successes: int
    last_failure: datetime.date | None
    first_launch: datetime.date | None
    last_launch: datetime.date | None

    @property
    def rate_text(self) -> str:
        return charts.rate_percent(self.successes / self.launches) if self.launches else "–"

    @property
    def interval(self) -> Interval | None:
        return wilson_interval(self.successes, self.launches)

    @property
    def interval_text(self) -> str:
        interval = self.interval
        if interval is None:
            return "–"
        return charts.interval_percent(interval.low, interval.high)

    @property
    def years_text(self) -> str:
        if self.first_launch is None or self.last_launch is None:
            return "–"
        first, last = self.first_launch.year, self.last_launch.year
        return str(first) if first == last else f"{first}–{last}"


def record_of(obj) -> Record:
    return Record(
        obj,
        obj.launches,
        obj.failures,
        obj.successes,
        obj.last_failure,
        obj.first_launch,
        obj.last_launch,
    )


def launch_record(obj, missions: QuerySet) -> Record | None:
    """The launch record of one vehicle, family, agency or site page, in one query; None
    without a launch of known outcome."""
    figures = missions.aggregate(
        launches=Count("pk", filter=Q(outcome__in=KNOWN_OUTCOMES)),
        successes=Count("pk", filter=Q(outcome=Outcome.SUCCESS)),
        first_launch=Min("launch_date", filter=Q(outcome__in=KNOWN_OUTCOMES)),
        last_launch=Max("launch_date", filter=Q(outcome__in=KNOWN_OUTCOMES)),
        last_failure=Max("launch_date", filter=Q(outcome__in=Outcome.FAILURES_OR_PARTIAL)),
    )
    if not figures["launches"]:
        return None
    return Record(
        obj,
        figures["launches"],
        figures["launches"] - figures["successes"],
        figures["successes"],
        figures["last_failure"],
        figures["first_launch"],
        figures["last_launch"],
    )


def missions_of(obj) -> QuerySet | None:
    """The missions whose launch record a vehicle, family, agency or site page shows; None
    for a page without one (a mission's)."""
    lookups = {VehicleFamily: "vehicle__family", Agency: "agencies", LaunchSite: "site"}
    lookups[Vehicle] = "vehicle"
    lookup = lookups.get(type(obj))
    return Mission.objects.filter(**{lookup: obj}) if lookup else None
