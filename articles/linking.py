"""Linking what an article mentions to the catalog: the mission it reports, and past incidents.

The pipeline finds names, dates and failure sentences in plain text; this module resolves
them against the database. A mission name wins over anything else; without one, a vehicle
plus an explicit date near a launch identifies the mission. Past failures mentioned in
passing are resolved by vehicle, family or spacecraft series plus month or year.
"""

import calendar
import datetime
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Q

from articles.pipeline.classify import Classification, EventMention, classify, find_past_events
from articles.pipeline.dates import DateMention, find_dates
from articles.pipeline.extract import (
    Gazetteer,
    GazetteerEntry,
    Mention,
    find_mentions,
    find_series_mentions,
)
from articles.pipeline.text import normalize_name
from incidents.models import (
    Agency,
    Incident,
    LaunchSite,
    Mission,
    Outcome,
    Vehicle,
    VehicleFamily,
    split_aliases,
)

KIND_MODELS = {
    "mission": Mission,
    "vehicle": Vehicle,
    "family": VehicleFamily,
    "agency": Agency,
    "site": LaunchSite,
}
REVIEW_BELOW = 0.75
FAILED = (Outcome.FAILURE, Outcome.PAD_EXPLOSION, Outcome.PARTIAL_FAILURE)
MISSION_BY_DATE_WINDOW = datetime.timedelta(days=2)


def build_gazetteer() -> Gazetteer:
    """Every name and alias of every catalog record, once per import batch.

    A mission name that is also the name of a vehicle, family, agency or site ("Soyuz-2"
    is a 1968 mission and a rocket) is left out: in news text the other reading wins. So is a
    short all-letter acronym that GCAT gives as a payload name ("ISS" for the satellite Ume).
    """
    names: dict[str, dict[int, set[str]]] = {}
    for kind, model in KIND_MODELS.items():
        extra = ("short_name", "english_name") if model is Agency else ()
        rows = model.objects.values_list("pk", "name", "aliases", "catalog_values", *extra)
        by_pk = names.setdefault(kind, {})
        for pk, name, aliases, catalog_values, *more in rows:
            # GCAT's own name stays findable after an editor renames the record.
            catalog_name = (catalog_values or {}).get("name") or name
            by_pk[pk] = {name, catalog_name, *split_aliases(aliases), *(m for m in more if m)}
    taken = {
        normalize_name(text)
        for kind, by_pk in names.items()
        if kind != "mission"
        for texts in by_pk.values()
        for text in texts
    }
    entries = [
        GazetteerEntry(kind=kind, key=pk, name=text)
        for kind, by_pk in names.items()
        for pk, texts in by_pk.items()
        for text in texts
        if _usable_name(text) and (kind != "mission" or _usable_mission_name(text, taken))
    ]
    return Gazetteer(entries)


def _usable_name(text: str) -> bool:
    """Very short names only as written in capitals: "ESA" yes, "DoE" (matches "Doe") no."""
    return len(text) > 3 or text.isupper()


def _usable_mission_name(text: str, taken: set[str]) -> bool:
    if text.isalpha() and len(text) <= 4:
        return False
    return normalize_name(text) not in taken


@dataclass(frozen=True)
class Link:
    """One mention to persist: what the text says and the record it points to."""

    kind: str
    start: int
    end: int
    text: str
    pk: int
    confidence: float


@dataclass(frozen=True)
class DateLink:
    start: int
    end: int
    text: str
    date: datetime.date
    precision: str
    confidence: float


@dataclass(frozen=True)
class ContextCitation:
    incident: Incident
    span: tuple[int, int]
    confidence: float


@dataclass
class LinkResult:
    links: list[Link] = field(default_factory=list)
    dates: list[DateLink] = field(default_factory=list)
    mission: Mission | None = None
    mission_confidence: float = 0.0
    classification: Classification | None = None
    anchor: datetime.date | None = None
    context: list[ContextCitation] = field(default_factory=list)

    @property
    def reports_incident(self) -> bool:
        return bool(self.classification and self.classification.reports_incident)

    @property
    def key_span(self) -> tuple[int, int] | None:
        return self.classification.key_span if self.classification else None


def link_article(
    *, body: str, title: str, published_on: datetime.date | None, gazetteer: Gazetteer
) -> LinkResult:
    mentions = find_mentions(body, gazetteer)
    title_mentions = find_mentions(title, gazetteer) if title else ()
    result = LinkResult(anchor=published_on)
    result.mission, result.mission_confidence = _main_mission(
        [*title_mentions, *mentions], published_on
    )
    if result.anchor is None and result.mission is not None:
        result.anchor = result.mission.launch_date
    dates = find_dates(body, anchor=result.anchor)
    if result.mission is None:
        result.mission, result.mission_confidence = _mission_by_vehicle_and_date(mentions, dates)
        if result.anchor is None and result.mission is not None:
            result.anchor = result.mission.launch_date
    result.classification = classify(body, mentions, anchor=result.anchor)
    result.links = _links(mentions, result.mission)
    result.dates = [_date_link(d) for d in dates]
    result.context = _context_citations(body, mentions, dates, result)
    return result


def _main_mission(mentions: Sequence[Mention], anchor) -> tuple[Mission | None, float]:
    """The mission named most often; among same-name missions, the one nearest the anchor."""
    counts: Counter[int] = Counter()
    confidence: dict[int, float] = {}
    for mention in mentions:
        if mention.kind != "mission":
            continue
        for key in mention.keys:
            counts[key] += 1
            confidence[key] = max(confidence.get(key, 0.0), mention.confidence)
    if not counts:
        return None, 0.0
    missions = Mission.objects.select_related("vehicle").in_bulk(list(counts))

    def rank(pk):
        launch = missions[pk].launch_date
        distance = abs((launch - anchor).days) if anchor and launch else 0
        return (-confidence[pk], -counts[pk], distance)

    best = min((pk for pk in counts if pk in missions), key=rank, default=None)
    if best is None:
        return None, 0.0
    return missions[best], confidence[best]


def _mission_by_vehicle_and_date(mentions, dates: Sequence[DateMention]):
    """No mission named: a named vehicle launching within two days of a full date in the text."""
    vehicle_ids = _expanded_vehicle_ids(m for m in mentions if m.kind == "vehicle")
    days = [datetime.date(d.year, d.month, d.day) for d in dates if d.month and d.day]
    if not vehicle_ids or not days:
        return None, 0.0
    window = Q()
    for day in days:
        window |= Q(launch_date__range=(day - MISSION_BY_DATE_WINDOW, day + MISSION_BY_DATE_WINDOW))
    candidates = list(Mission.objects.filter(window, vehicle_id__in=vehicle_ids)[:2])
    if len(candidates) == 1:
        return candidates[0], 0.6
    return None, 0.0


def _expanded_vehicle_ids(mentions) -> set[int]:
    """A vehicle named in text stands for all its variants: 'Falcon 9' is every Falcon 9."""
    mentions = list(mentions)
    keys = {key for m in mentions for key in m.keys}
    if not keys:
        return set()
    named = Vehicle.objects.filter(pk__in=keys)
    gcat_names = {v.gcat_name for v in named if v.gcat_name}
    query = Q(pk__in=keys) | Q(gcat_name__in=gcat_names)
    for mention in mentions:
        query |= Q(name__istartswith=f"{mention.text} ")
    return set(Vehicle.objects.filter(query).values_list("pk", flat=True))


def _links(mentions: Sequence[Mention], mission: Mission | None) -> list[Link]:
    """One Link per mention; an ambiguous name is resolved with the main mission's help."""
    preferred = {
        "mission": mission.pk if mission else None,
        "vehicle": mission.vehicle_id if mission else None,
        "site": mission.site_id if mission else None,
    }
    links = []
    for mention in mentions:
        if mention.kind not in KIND_MODELS or not mention.keys:
            continue
        pk, confidence = mention.keys[0], mention.confidence
        if len(mention.keys) > 1 and preferred.get(mention.kind) in mention.keys:
            pk, confidence = preferred[mention.kind], max(confidence, 0.8)
        links.append(Link(mention.kind, mention.start, mention.end, mention.text, pk, confidence))
    return links


def _date_link(found: DateMention) -> DateLink:
    precision = "day" if found.day else "month" if found.month else "year"
    day = datetime.date(found.year, found.month or 1, found.day or 1)
    return DateLink(
        found.start, found.end, found.text, day, precision, 0.7 if found.relative else 1.0
    )


def _context_citations(body, mentions, dates, result: LinkResult) -> list[ContextCitation]:
    main_incident_id = None
    if result.mission is not None:
        main_incident_id = (
            Incident.objects.filter(mission=result.mission).values_list("pk", flat=True).first()
        )
    events = find_past_events(body, mentions, dates, main_span=result.key_span)
    citations = []
    seen = {main_incident_id}
    for event in events:
        incident, confidence = resolve_event(body, event, anchor=result.anchor, mentions=mentions)
        if incident is not None and incident.pk not in seen:
            seen.add(incident.pk)
            citations.append(ContextCitation(incident, (event.start, event.end), confidence))
    return citations


def resolve_event(
    body: str, event: EventMention, *, anchor: datetime.date | None, mentions: Sequence[Mention]
) -> tuple[Incident | None, float]:
    """The published incident a sentence like 'In October 2014, an Antares rocket exploded'
    refers to: same vehicle, family or spacecraft series, in the period the sentence gives."""
    subjects = list(event.subjects) + list(
        find_series_mentions(body, event.start, event.end, [*event.subjects, *mentions])
    )
    who = _subject_filter(subjects)
    if who is None:
        return None, 0.0
    candidates = Incident.objects.published().filter(who, outcome__in=FAILED).distinct()
    first, last, pick_earliest = _event_period(event, anchor)
    if first:
        candidates = candidates.filter(date__gte=first)
    if last:
        candidates = candidates.filter(date__lte=last)
    if event.on_pad:
        candidates = candidates.filter(outcome=Outcome.PAD_EXPLOSION)
    elif event.sequence == "then" or event.month is None:
        candidates = candidates.exclude(outcome=Outcome.PAD_EXPLOSION)
    ordered = list(candidates.order_by("date" if pick_earliest else "-date")[:2])
    if not ordered:
        return None, 0.0
    exact = event.month is not None and len(ordered) == 1
    return ordered[0], 0.9 if exact else 0.6


def _subject_filter(subjects: Sequence[Mention]) -> Q | None:
    """Incidents of the vehicles, families, missions or spacecraft series a sentence names."""
    vehicle_ids = _expanded_vehicle_ids(s for s in subjects if s.kind == "vehicle")
    spacecraft_ids = set(
        Vehicle.objects.filter(pk__in=vehicle_ids, kind=Vehicle.Kind.SPACECRAFT).values_list(
            "pk", flat=True
        )
    )
    family_ids = {k for s in subjects if s.kind == "family" for k in s.keys}
    mission_ids = {k for s in subjects if s.kind == "mission" for k in s.keys}
    series = [s.text for s in subjects if s.kind == "series"]
    query = Q()
    if vehicle_ids - spacecraft_ids:
        query |= Q(vehicles__in=vehicle_ids - spacecraft_ids)
    if spacecraft_ids:
        query |= Q(mission__spacecraft__in=spacecraft_ids)
    if family_ids:
        query |= Q(vehicles__family__in=family_ids)
    if mission_ids:
        query |= Q(mission__in=mission_ids)
    for name in series:
        query |= Q(mission__spacecraft__name__iexact=name)
    return query or None


def _event_period(event: EventMention, anchor: datetime.date | None):
    """(first day, last day, pick the earliest?) for the time the sentence gives."""
    if event.year and event.month:
        last_day = calendar.monthrange(event.year, event.month)[1]
        return (
            datetime.date(event.year, event.month, 1),
            datetime.date(event.year, event.month, last_day),
            True,
        )
    if event.year:
        return datetime.date(event.year, 1, 1), datetime.date(event.year, 12, 31), True
    if event.after:
        year, month = event.after
        after_month = datetime.date(year, month, calendar.monthrange(year, month)[1])
        return after_month + datetime.timedelta(days=1), anchor, True
    # No time at all: the latest such failure before the article.
    return None, anchor, False
