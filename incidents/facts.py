"""An incident's facts table: what is known, who says so, and where the sources disagree.

Facts come from three kinds of source:

- the GCAT catalog: the launch, its rocket and site, what failed (GCAT's fail code) and
  GCAT's note, cited to GCAT and the source GCAT itself gives for the launch;
- the curated list and editors: the human cost, cited to the incident's public records;
- imported articles: the statements the importer found (`articles.Fact`, read through the
  incident's reverse relation), each cited to its passage.

Statements of one kind are grouped by what they say. Quantities are grouped when the ranges
their words allow meet: "about 120 miles" and "118 miles" are one statement, 382 s and
383 s are two, and the row says the sources disagree.

"What happened next" comes from the catalog: for an incident of a crewed programme, the
programme's next crewed flight (`crewed_programmes.py`); for a launch, the rocket's next flight
and its return to flight, and the family's failures before and after.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Protocol

from django.db import connection
from django.db.models import Q
from django.utils.text import Truncator

from incidents.crewed_programmes import CrewedProgramme, programme_of
from incidents.links import url_maker, url_of
from incidents.models import (
    HUMAN_COST_FIELDS,
    FlightPhase,
    Incident,
    IncidentKind,
    Mission,
    Outcome,
    Vehicle,
)
from incidents.services import FamilyNeighbours, article_model, family_neighbours

GCAT = "GCAT (J. McDowell, planet4589.org)"
GCAT_URL = "https://planet4589.org/space/gcat/"

# Kinds in the order the table shows them, with their labels.
KIND_LABELS = {
    "launch": "Launch",
    "time_into_flight": "Time into flight",
    "altitude": "Altitude",
    "failed_stage": "Failed stage",
    "failed_system": "Failed system (GCAT)",
    "payload_mass": "Payload mass",
    "debris_location": "Where debris fell",
    "cause": "Cause",
    "gcat_note": "GCAT's note",
    "crew": "People on board",
    "fatalities": "Fatalities",
    "injuries": "Injuries",
}
QUANTITY_KINDS = frozenset({"time_into_flight", "altitude", "payload_mass"})
# Text kinds where two different values contradict each other ("second stage" / "third").
EXCLUSIVE_KINDS = frozenset({"failed_stage", "crew", "fatalities", "injuries"})
STAGE_OF_PHASE: dict[str, str] = {
    FlightPhase.BOOSTERS: "strap-on boosters",
    FlightPhase.FIRST_STAGE: "first stage",
    FlightPhase.SECOND_STAGE: "second stage",
    FlightPhase.THIRD_STAGE: "third stage",
    FlightPhase.FOURTH_STAGE: "fourth stage",
    FlightPhase.UPPER_STAGE: "upper stage",
    FlightPhase.FAIRING: "payload fairing",
    FlightPhase.PAYLOAD: "payload separation",
}
UNITS = {"time_into_flight": ("s", 1.0), "altitude": ("km", 1000.0), "payload_mass": ("kg", 1.0)}


@dataclass(frozen=True)
class Source:
    label: str  # who says so: "GCAT", "Roscosmos (in Spaceflight Insider)"
    url: str  # the passage, or the record
    number: int = 0  # its number in the table's list of sources


@dataclass
class Statement:
    value: str  # as the first source wrote it
    si_low: float | None = None
    si_high: float | None = None
    sources: list[Source] = field(default_factory=list)
    values: list[str] = field(default_factory=list)  # every wording, when sources differ

    def meets(self, low: float | None, high: float | None) -> bool:
        if self.si_low is None or low is None:
            return False
        return self.si_low < (high if high is not None else float("inf")) and low < (
            self.si_high if self.si_high is not None else float("inf")
        )


@dataclass
class FactRow:
    kind: str
    label: str
    statements: list[Statement]

    @property
    def disagree(self) -> bool:
        return len(self.statements) > 1 and (
            self.kind in QUANTITY_KINDS or self.kind in EXCLUSIVE_KINDS
        )


@dataclass(frozen=True)
class Aftermath:
    next_flight: Mission | None
    days_to_next: int | None
    return_to_flight: Mission | None
    days_grounded: int | None
    earlier_failure: Incident | None
    later_failure: Incident | None
    findings: list[Statement]
    programme: str = ""  # the crewed programme the incident belongs to, if any
    next_crewed_flight: Mission | None = None
    days_to_crewed: int | None = None


def facts_table(
    incident: Incident, vehicles: list[Vehicle] | None = None, *, from_articles: bool = True
) -> tuple[list[FactRow], list[Source]]:
    """The rows of the facts table and the numbered list of their sources (one query, for
    the articles' facts, unless `from_articles` is False: no article states any; one more
    for the incident's vehicles unless given)."""
    articles = _article_facts(incident) if from_articles else []
    raw = _catalog_facts(incident, vehicles) + _editorial_facts(incident) + articles
    numbers: dict[tuple[str, str], int] = {}
    sources: list[Source] = []
    rows: dict[str, FactRow] = {}
    for kind, value, low, high, source in raw:
        key = (source.label, source.url)
        if key not in numbers:
            numbers[key] = len(sources) + 1
            sources.append(Source(source.label, source.url, numbers[key]))
        numbered = sources[numbers[key] - 1]
        row = rows.setdefault(kind, FactRow(kind, KIND_LABELS[kind], []))
        _add(row, value, low, high, numbered)
    ordered = [rows[kind] for kind in KIND_LABELS if kind in rows]
    return ordered, sources


def _add(row: FactRow, value: str, low, high, source: Source) -> None:
    for statement in row.statements:
        same = (
            statement.meets(low, high)
            if row.kind in QUANTITY_KINDS
            else _norm(statement.value) == _norm(value)
        )
        if same:
            if source not in statement.sources:
                statement.sources.append(source)
            if value not in statement.values:
                statement.values.append(value)
            if low is not None and statement.si_low is not None:  # narrow to what all allow
                statement.si_low = max(statement.si_low, low)
                statement.si_high = _min(statement.si_high, high)
            return
    row.statements.append(Statement(value, low, high, [source], [value]))


def _min(a, b):
    if a is None:
        return b
    if b is None:
        return a
    return min(a, b)


def _norm(value: str) -> str:
    return " ".join(value.casefold().split())


def _gcat_source(mission: Mission | None) -> Source:
    if mission is not None and mission.gcat_citation:
        return Source(f"GCAT, citing {mission.gcat_citation}", GCAT_URL)
    return Source(GCAT, GCAT_URL)


def _catalog_facts(incident: Incident, vehicles: list[Vehicle] | None) -> list[tuple]:
    """The launch as GCAT records it; for GCAT's own failures, what failed and its note."""
    mission = incident.mission
    if mission is None or not mission.launch_tag:
        return []
    gcat = _gcat_source(mission)
    if vehicles is None:
        vehicles = list(incident.vehicles.all())
    rocket = ", ".join(v.name for v in vehicles) or "a rocket"
    site = f" from {incident.site.name}" if incident.site is not None else ""
    outcome = mission.get_outcome_display().lower()
    launch = f"{mission.launch_date_display}, {rocket}{site}: {outcome}"
    facts = [("launch", launch, None, None, gcat)]
    if incident.origin != Incident.Origin.CATALOG:
        return facts
    stage = STAGE_OF_PHASE.get(incident.flight_phase)
    if stage:
        facts.append(("failed_stage", stage, None, None, gcat))
    if incident.failed_system:
        facts.append(("failed_system", incident.failed_system, None, None, gcat))
    if incident.catalog_note:
        facts.append(("gcat_note", incident.catalog_note, None, None, gcat))
    return facts


def _editorial_facts(incident: Incident) -> list[tuple]:
    """The human cost, cited to the incident's public records (or to the editors)."""
    addresses = incident.source_addresses()
    source = (
        Source("Public records: " + ", ".join(_host(a) for a in addresses), addresses[0])
        if addresses
        else Source("Editors of this site", url_of("incidents:detail", incident.slug))
    )
    facts = []
    for kind in HUMAN_COST_FIELDS:
        number = getattr(incident, kind)
        if number is not None:
            facts.append((kind, str(number), None, None, source))
    return facts


def _host(address: str) -> str:
    return address.split("/")[2].removeprefix("www.") if address.count("/") >= 2 else address


def _article_facts(incident: Incident) -> list[tuple]:
    """The articles' facts, each cited to its passage. Read as rows rather than model
    instances (a fact, its citation and its article: 4 ms of a page with 70 facts); each
    article's attribution and address worked out once."""
    facts = []
    sources: dict[tuple[str, int], tuple[str, str]] = {}  # (said by, article): label, page
    article_page = url_maker("articles:detail")
    for kind, value, low, high, said_by, citation_id, *article in _shown_article_facts(incident):
        key = (said_by, article[0])
        if key not in sources:
            label = attribution(
                said_by, article_model().from_db(connection.alias, _ARTICLE_FIELDS, article)
            )
            sources[key] = label, article_page(article[0])
        label, page = sources[key]
        facts.append((kind, value, low, high, Source(label, f"{page}#passage-{citation_id}")))
    return facts


TITLE_WORDS = 14  # a longer title is cut after this many whole words


def attribution(said_by: str, article) -> str:
    """Who states a fact, and where: "Roscosmos (in Space Wire, “Cargo ship lost”)", the
    publisher (else the site of the address) and the article's title; "Space Wire (in
    “Cargo ship lost”)" when the article gives it to nobody. Never a cut first sentence:
    titles are headlines, and a long one is cut after a whole word."""
    title = "“" + Truncator(" ".join(article.title.split())).words(TITLE_WORDS) + "”"
    publisher = article.publisher_name
    if not said_by:
        return f"{publisher} (in {title})" if publisher else title
    if publisher and publisher.casefold() != said_by.casefold():
        return f"{said_by} (in {publisher}, {title})"
    return f"{said_by} (in {title})"


# What attribution() reads of an article.
_ARTICLE_FIELDS = ["id", "title", "publisher", "url"]


def _shown_article_facts(incident: Incident):
    """The articles' facts the public pages show (articles' FactQuerySet.public, through the
    incident's reverse relation): kind, value, range, who says so, the citation and its
    article's _ARTICLE_FIELDS."""
    return (
        incident.facts.public()
        .values_list(
            "kind",
            "value",
            "si_low",
            "si_high",
            "said_by",
            "citation_id",
            *(f"citation__article__{name}" for name in _ARTICLE_FIELDS),
        )
        .order_by("citation__article__published_on", "pk")
    )


# --------------------------------------------------------------------------- what next


def aftermath(
    incident: Incident,
    rows: list[FactRow],
    neighbours: FamilyNeighbours | None = None,
    vehicles: list[Vehicle] | None = None,
) -> Aftermath | None:
    """What the catalog says came next: for a crewed programme, its next crewed flight; for
    a launch, the rocket's next flight and its return to flight (the first success after),
    and the family's failures before and after (from `neighbours`, the page's
    `services.family_neighbours`, else read here). `vehicles`: the incident's, if read."""
    programme, crewed = _next_crewed_flight(incident)
    name = programme.name if programme else ""
    days_to_crewed = days_until(incident.date, crewed)
    if vehicles is None:
        vehicles = list(incident.vehicles.all())
    if not vehicles or incident.kind not in (IncidentKind.LAUNCH, IncidentKind.PAD):
        if not rows and crewed is None:
            return None
        return Aftermath(
            *(None, None, None, None, None, None),
            findings=_findings(rows),
            programme=name,
            next_crewed_flight=crewed,
            days_to_crewed=days_to_crewed,
        )
    later = _later_flights(vehicles, incident.date)
    next_flight = later[0] if later else None
    back = next((m for m in later if m.outcome == Outcome.SUCCESS), None)
    if neighbours is None:
        neighbours = family_neighbours(incident, vehicles=vehicles)
    return Aftermath(
        next_flight=next_flight,
        days_to_next=days_until(incident.date, next_flight),
        return_to_flight=back,
        days_grounded=days_until(incident.date, back),
        earlier_failure=neighbours.earlier_failure,
        later_failure=neighbours.later_failure,
        findings=_findings(rows),
        programme=name,
        next_crewed_flight=crewed,
        days_to_crewed=days_to_crewed,
    )


_LATER_FLIGHTS_SQL = """
    SELECT {columns} FROM incidents_mission
    WHERE vehicle_id IN ({vehicles}) AND launch_date > %s
    ORDER BY launch_date, id LIMIT %s"""
_LATER_FLIGHT_FIELDS = ["id", "name", "slug", "launch_date", "launch_date_precision", "outcome"]


def _later_flights(vehicles: list[Vehicle], since: datetime.date) -> list[Mission]:
    """The first RETURN_TO_FLIGHT_WINDOW launches of the vehicles after `since`. Written out:
    the ORM took longer to build this query than the database to run it."""
    sql = _LATER_FLIGHTS_SQL.format(
        columns=", ".join(_LATER_FLIGHT_FIELDS), vehicles=", ".join(["%s"] * len(vehicles))
    )
    params = [*(v.pk for v in vehicles), connection.ops.adapt_datefield_value(since)]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, RETURN_TO_FLIGHT_WINDOW])
        rows = cursor.fetchall()
    return [Mission.from_db(connection.alias, _LATER_FLIGHT_FIELDS, row) for row in rows]


CREWED_WINDOW = 50  # flights of the programme looked at for the next one with a crew


def _next_crewed_flight(incident: Incident) -> tuple[CrewedProgramme | None, Mission | None]:
    """The incident's crewed programme (by its mission's name, else its title's start:
    "Apollo 1 fire") and the programme's first flight with a crew after it, in one query;
    a pad abort before liftoff is no flight."""
    mission = incident.mission
    programme = programme_of(mission.name) if mission is not None else programme_of(incident.title)
    if programme is None:
        return None, None
    named = Q()
    for prefix in programme.prefixes:
        named |= Q(name__startswith=prefix)
    flights = (
        Mission.objects.filter(named, launch_date__gt=incident.date)
        .exclude(outcome=Outcome.PAD_EXPLOSION)
        .only("name", "slug", "launch_tag", "launch_date", "launch_date_precision", "outcome")
        .order_by("launch_date", "pk")[:CREWED_WINDOW]
    )
    crewed = (m for m in flights if programme.carried_crew(m.name, m.launch_tag))
    return programme, next(crewed, None)


RETURN_TO_FLIGHT_WINDOW = 20  # launches looked at for the first success after the failure


class Launched(Protocol):
    """A mission, or a launch the statistics read."""

    @property
    def launch_date(self) -> datetime.date | None: ...


def days_until(since: datetime.date, mission: Launched | None) -> int | None:
    """Days from `since` to the mission's launch (None without a launch date)."""
    if mission is None or mission.launch_date is None:
        return None
    return (mission.launch_date - since).days


def _findings(rows: list[FactRow]) -> list[Statement]:
    return next((row.statements for row in rows if row.kind == "cause"), [])
