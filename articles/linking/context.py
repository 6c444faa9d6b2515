"""Past incidents an article mentions in passing, resolved to published incidents.

"In October 2014, an Antares rocket exploded": the published failure of that vehicle, family,
spacecraft series or agency in the period the sentence gives. A link is made only when the
sentence picks out one incident: one match in a month or a year, or the only pad explosion of
a vehicle for an undated "exploded on its pad". The article's own event is never a passing
mention of itself.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q

from articles.linking.catalog_view import FAILED, CatalogView
from articles.pipeline.captions import PageClutter
from articles.pipeline.classify import EventMention, Sentence, find_past_events
from articles.pipeline.extract import Mention, find_series_mentions
from incidents.models import Incident, Outcome
from incidents.partial_dates import PartialDate

if TYPE_CHECKING:
    from articles.linking.article import LinkResult

OWN_EVENT_DAYS = 45  # a dated mention this close after the main launch is the main event
EXACT = 0.9  # one incident in the month the sentence names
WITHIN_YEAR = 0.8  # one in the year
UNDATED_PAD = 0.8  # the only pad explosion of the vehicle
SEQUENCE = 0.6  # "then ...", "six months later ...": the first one after the previous event
MAX_EVENTS = 40  # earlier events read per article: a history piece recalls a dozen, a digest of
# thousands is not an article, and each event costs a query or two


@dataclass(frozen=True)
class ContextCitation:
    incident: Incident
    span: tuple[int, int]
    confidence: float


def context_citations(
    body: str,
    mentions: Sequence[Mention],
    sentences: Sequence[Sentence],
    *,
    clutter: PageClutter,
    result: LinkResult,
    view: CatalogView,
) -> list[ContextCitation]:
    main = result.mission
    own = set(Incident.objects.filter(mission=main).values_list("pk", flat=True)) if main else set()
    events = find_past_events(
        body, mentions, (), main_span=result.key_span, clutter=clutter, sentences=sentences
    )
    citations = []
    seen = set(own)
    for event in events[:MAX_EVENTS]:
        if main is not None and _is_the_main_event(event, main.launch_date):
            continue
        incident, confidence = resolve_event(
            body,
            event,
            anchor=result.anchor,
            mentions=mentions,
            main=main,
            view=view,
        )
        if incident is not None and incident.pk not in seen:
            seen.add(incident.pk)
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
    mentions: Sequence[Mention],
    main=None,
    view: CatalogView | None = None,
) -> tuple[Incident | None, float]:
    """The published incident a sentence like 'In October 2014, an Antares rocket exploded'
    refers to, with a confidence; (None, 0) when the sentence does not pick out one. What
    the sentence names is read first, then the agencies it names, then (for "the rocket")
    the main launch's family."""
    for who in _subject_filters(body, event, mentions, main, view):
        found = _resolve_for(who, event, anchor=anchor, main=main)
        if found[0] is not None:
            return found
    return None, 0.0


def _resolve_for(who: Q, event: EventMention, *, anchor, main) -> tuple[Incident | None, float]:
    candidates = Incident.objects.published().filter(who, outcome__in=FAILED)
    if main is not None:
        candidates = candidates.exclude(mission=main)
    if event.year is None and event.sequence == "":  # undated: only on the pad
        pads = list(
            candidates.filter(outcome=Outcome.PAD_EXPLOSION, **_before(anchor)).distinct()[:2]
        )
        return (pads[0], UNDATED_PAD) if len(pads) == 1 else (None, 0.0)
    if event.year is not None:
        period = PartialDate.of(event.year, event.month)
        found = list(
            candidates.filter(date__range=(period.first, period.last))
            .distinct()
            .order_by("date")[:3]
        )
        if event.on_pad and len(found) > 1:
            found = [i for i in found if i.outcome == Outcome.PAD_EXPLOSION] or found
        if len(found) != 1:
            return None, 0.0
        return found[0], EXACT if event.month else WITHIN_YEAR
    # "then ...", "six months later ...": the first such failure after the previous event.
    if event.after is None:
        return None, 0.0
    after_month = PartialDate.of(*event.after)
    later = candidates.filter(date__gt=after_month.last, **_before(anchor)).exclude(
        outcome=Outcome.PAD_EXPLOSION
    )
    found = list(later.distinct().order_by("date")[:1])
    return (found[0], SEQUENCE) if found else (None, 0.0)


def _before(anchor: datetime.date | None) -> dict:
    return {"date__lte": anchor} if anchor else {}


def _subject_filters(body, event: EventMention, mentions, main, view) -> list[Q]:
    """Incidents of what the sentence names: vehicles (all variants), families, missions,
    spacecraft series; else of the agencies it names; else, when it speaks of "a vehicle" or
    "the rocket" (not of a test on the pad), of the main launch's family."""
    subjects = list(event.subjects) + list(
        find_series_mentions(body, event.start, event.end, [*event.subjects, *mentions])
    )
    filters = []
    named = Q()
    for subject in subjects:
        named |= _named_filter(subject, view)
    if named:
        filters.append(named)
    agencies = [int(k) for m in event.agencies for k in m.keys]
    if not subjects and agencies:
        filters.append(Q(agencies__in=agencies) | Q(vehicles__manufacturer__in=agencies))
    if not subjects and event.generic_subject and not event.on_pad and main and main.vehicle_id:
        family = view.vehicle_family.get(main.vehicle_id) if view else None
        filters.append(Q(vehicles__family=family) if family else Q(vehicles=main.vehicle_id))
    return filters


def _named_filter(subject: Mention, view: CatalogView | None) -> Q:
    keys = [int(k) for k in subject.keys]
    if subject.kind == "vehicle" and view is not None:
        spacecraft = [k for k in keys if k in view.spacecraft]
        rockets = {
            v for k in keys if k not in view.spacecraft for v in view.vehicle_groups.get(k, {k})
        }
        query = Q(vehicles__in=rockets) if rockets else Q()
        return query | Q(mission__spacecraft__in=spacecraft) if spacecraft else query
    if subject.kind == "vehicle":
        return Q(vehicles__in=keys)
    if subject.kind == "family":
        return Q(vehicles__family__in=keys)
    if subject.kind == "mission":
        return Q(mission__in=keys)
    if subject.kind == "series":
        return Q(mission__spacecraft__name__iexact=subject.text)
    return Q()
