"""Past incidents an article mentions in passing, resolved to published incidents.

"In October 2014, an Antares rocket exploded": the published failure of that vehicle, family,
spacecraft series or agency in the period the sentence gives. A link is made only when the
sentence picks out one incident: one match in a month or a year, or the only pad explosion of
a vehicle for an undated "exploded on its pad". The article's own event is never a passing
mention of itself.

Plain inputs: the text, what the pipeline found in it, the launch the article reports (if
any) and the catalog view, whose `PastIncidents` answers every lookup from memory.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from articles.linking.catalog_view import CatalogView
from articles.linking.past_incidents import PastIncident, Who
from articles.pipeline.captions import PageClutter
from articles.pipeline.classify import EventMention, Sentence, Succession, find_past_events
from articles.pipeline.extract import MentionKind, NameMention, find_series_mentions
from articles.pipeline.launches import CatalogLaunch, is_specific_name
from incidents.partial_dates import PartialDate

OWN_EVENT_DAYS = 45  # a dated mention this close after the main launch is the main event
EXACT = 0.9  # one incident in the month the sentence names
WITHIN_YEAR = 0.8  # one in the year
UNDATED_PAD = 0.8  # the only pad explosion of the vehicle
SEQUENCE = 0.6  # "then ...", "six months later ...": the first one after the previous event
NAMED_MISSION = 0.9  # an undated failure of a mission the sentence names, its only incident
MAX_EVENTS = 40  # earlier events read per article: a history piece recalls a dozen, a digest of
# thousands is not an article


@dataclass(frozen=True)
class ContextCitation:
    incident: PastIncident
    span: tuple[int, int]
    confidence: float


def context_citations(
    body: str,
    mentions: Sequence[NameMention],
    sentences: Sequence[Sentence],
    *,
    clutter: PageClutter,
    main: CatalogLaunch | None,
    main_span: tuple[int, int] | None,
    anchor: datetime.date | None,
    view: CatalogView,
) -> list[ContextCitation]:
    """The passing mentions of past incidents. `main` is the launch the article reports and
    `main_span` the sentence that says so; `anchor` the day of publication (no incident after
    it is meant)."""
    own = view.incidents.of_mission(main.key) if main else set()
    events = find_past_events(
        body,
        mentions,
        (),
        main_span=main_span,
        main_mission=main.key if main else None,
        clutter=clutter,
        sentences=sentences,
    )
    citations = []
    seen = set(own)
    for event in events[:MAX_EVENTS]:
        if main is not None and _is_the_main_event(event, main.date):
            continue
        incident, confidence = resolve_event(
            body, event, anchor=anchor, mentions=mentions, main=main, view=view
        )
        if incident is not None and incident.key not in seen:
            seen.add(incident.key)
            citations.append(ContextCitation(incident, (event.start, event.end), confidence))
    return citations


def _is_the_main_event(event: EventMention, launched: datetime.date | None) -> bool:
    if launched is None or event.year is None:
        return False
    period = PartialDate.of(event.year, event.month)
    return (
        period.first <= launched + datetime.timedelta(days=OWN_EVENT_DAYS)
        and launched <= period.last
    )


def resolve_event(
    body: str,
    event: EventMention,
    *,
    anchor: datetime.date | None,
    mentions: Sequence[NameMention],
    main: CatalogLaunch | None,
    view: CatalogView,
) -> tuple[PastIncident | None, float]:
    """The published incident a sentence like 'In October 2014, an Antares rocket exploded'
    refers to, with a confidence; (None, 0) when the sentence does not pick out one. What
    the sentence names is read first, then the agencies it names, then (for "the rocket")
    the main launch's family."""
    for who in _whose_incidents(body, event, mentions, main, view):
        candidates = [
            incident
            for incident in view.incidents.of(who)
            if main is None or incident.mission != main.key
        ]
        found = _pick(candidates, event, anchor=anchor)
        if found[0] is not None:
            return found
    return None, 0.0


def _pick(
    candidates: list[PastIncident], event: EventMention, *, anchor: datetime.date | None
) -> tuple[PastIncident | None, float]:
    """The one incident of `candidates` (in date order) that the event's time picks out."""
    before = [i for i in candidates if anchor is None or i.date <= anchor]
    named = {
        int(k)
        for m in event.subjects
        if m.kind == MentionKind.MISSION and is_specific_name(m.text)
        for k in m.keys
    }
    if event.year is None and named:  # "the LV0006 skidded over the pad"
        own = [i for i in before if i.mission in named]
        if len(own) == 1:
            return own[0], NAMED_MISSION
    if event.year is None and event.sequence == Succession.NONE:  # undated: only on the pad
        pads = [i for i in before if i.on_pad]
        return (pads[0], UNDATED_PAD) if len(pads) == 1 else (None, 0.0)
    if event.year is not None:
        period = PartialDate.of(event.year, event.month)
        found = [i for i in candidates if i.date in period]
        if event.on_pad and len(found) > 1:
            found = [i for i in found if i.on_pad] or found
        if len(found) != 1:
            return None, 0.0
        return found[0], EXACT if event.month else WITHIN_YEAR
    # "then ...", "six months later ...": the first such failure after the previous event.
    if event.after is None:
        return None, 0.0
    after_month = PartialDate.of(*event.after)
    later = [i for i in before if i.date > after_month.last and not i.on_pad]
    return (later[0], SEQUENCE) if later else (None, 0.0)


def _whose_incidents(
    body: str,
    event: EventMention,
    mentions: Sequence[NameMention],
    main: CatalogLaunch | None,
    view: CatalogView,
) -> list[Who]:
    """Incidents of what the sentence names: vehicles (all variants), families, missions,
    spacecraft series; else of the agencies it names; else, when it speaks of "a vehicle" or
    "the rocket" (not of a test on the pad), of the main launch's family."""
    subjects = list(event.subjects) + list(
        find_series_mentions(body, event.start, event.end, [*event.subjects, *mentions])
    )
    found = []
    named = Who()
    for subject in subjects:
        named |= _named(subject, view)
    if named:
        found.append(named)
    agencies = frozenset(int(k) for m in event.agencies for k in m.keys)
    if not subjects and agencies:
        found.append(Who(agencies=agencies))
    if not subjects and event.generic_subject and not event.on_pad and main and main.vehicle:
        if main.family:
            found.append(Who(families=frozenset({main.family})))
        else:
            found.append(Who(vehicles=frozenset({main.vehicle})))
    return found


def _named(subject: NameMention, view: CatalogView) -> Who:
    keys = [int(k) for k in subject.keys]
    if subject.kind == MentionKind.VEHICLE:
        spacecraft = frozenset(k for k in keys if k in view.spacecraft)
        rockets = frozenset(
            v for k in keys if k not in view.spacecraft for v in view.vehicle_groups.get(k, {k})
        )
        return Who(vehicles=rockets, spacecraft=spacecraft)
    if subject.kind == MentionKind.FAMILY:
        return Who(families=frozenset(keys))
    if subject.kind == MentionKind.MISSION:
        return Who(missions=frozenset(keys))
    if subject.kind == MentionKind.SERIES:
        return Who(series=frozenset({subject.text.casefold()}))
    return Who()
