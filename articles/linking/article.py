"""Linking one article: the launch it reports, the sentence that says so, and what it names.

The pipeline finds names, dates, captions and failure sentences in plain text; this module
turns them into evidence for `choose_launch` and resolves the rest against the catalog view
(in memory: linking reads no database; the importer persists what it finds).
"""

from __future__ import annotations

import bisect
import datetime
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from articles.linking.catalog_view import KIND_MODELS, CatalogView
from articles.linking.context import ContextCitation, context_citations
from articles.pipeline.captions import PageClutter, find_clutter
from articles.pipeline.classify import (
    Classification,
    Sentence,
    body_sentences,
    classify,
    headline_reports_failure,
    headline_states_success,
    past_sentences,
    states_success,
)
from articles.pipeline.dates import DateMention, find_dates, find_days_without_year
from articles.pipeline.extract import MentionKind, NameMention, find_designators, find_mentions
from articles.pipeline.facts import FoundFact, find_facts
from articles.pipeline.launches import (
    SPECIFIC_NAME,
    CatalogLaunch,
    Choice,
    Clue,
    ClueKind,
    DateClue,
    Evidence,
    choose_launch,
    is_specific_name,
)
from articles.pipeline.text import title_case_spans
from incidents.models import SURE_ENOUGH
from incidents.partial_dates import PartialDate, Precision

ROUTINE_BY_SUCCESS = 0.8  # routine: the article says its flight went well
RELATIVE_DATE_CONFIDENCE = 0.7  # "on Thursday", "six months later": read against another date
READ_LIMIT = 300_000  # characters of a body the linker reads (see readable_part)
REVIEW_BELOW = SURE_ENOUGH
TITLE_WEIGHT = 1.3
CAPTION_WEIGHT = 0.6
FAILURE_SENTENCE_WEIGHT = 1.5  # a name or date in the sentence that states the failure
AHEAD_WEIGHT = 0.3
NAMED_CRAFT_FACTOR = 2.5  # an ordinary word as a craft's name counts half a specific name
_CRAFT_NOUN_AFTER = re.compile(
    r"[^\S\n]+(?:capsule|spacecraft|probe|lander|orbiter|satellites?|rover|telescope"
    r"|observatory|space\s+station|module)\b",
    re.IGNORECASE,
)
CLEAR_LEAD = 1.0  # points ahead of the next launch for a draft on an unnamed failure sentence
# A name told as something else than the event: "similar to the one on Soyuz MS-22", "after
# the failure of PSLV-D1", "to replace Palapa-D", "the successful launch of Apstar-6D".
COMPARED_WEIGHT = 0.5
PAST_WEIGHT = 0.6  # a name or date in a sentence that tells of an earlier failure
_COMPARED = re.compile(
    r"\b(?:similar\s+to|like|as\s+with|unlike|compared\s+(?:to|with)|the\s+same\s+as"
    r"|replac(?:e|es|ed|ing)|successor\s+to|follow(?:s|ed|ing)\s+the\s+successful"
    r"|successful(?:ly)?"
    r"|reminiscent\s+of|in\s+the\s+case\s+(?:of|with)|(?:since|after|before)\s+the\s+"
    r"(?:\w+\s+){0,2}(?:failure|loss|explosion|accident|disaster|breakup|crash|incident)"
    r"\s+(?:of|on|with))\b[^.!?;]*$",
    re.IGNORECASE,
)
LOOK_BACK = 60
_AHEAD = re.compile(
    r"\b(?:until|postpone\w*|delay\w*|resched\w*|scheduled|planned|set\s+(?:for|to)"
    r"|no\s+earlier\s+than|will|expected|targeting|next)\b[^.!?]*$",
    re.IGNORECASE,
)
# Weekdays and "today" need the day of publication; a month from a web address is too vague.
_NEEDS_A_DAY = re.compile(
    r"^(?:(?:next|last|this)\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|today|tonight|yesterday|tomorrow)$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Link:
    """One mention to persist: what the text says and the record it points to."""

    kind: MentionKind
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


@dataclass
class LinkResult:
    links: list[Link] = field(default_factory=list)
    dates: list[DateLink] = field(default_factory=list)
    launch: CatalogLaunch | None = None
    launch_confidence: float = 0.0
    evidence: list[str] = field(default_factory=list)  # why that launch, in short words
    classification: Classification | None = None
    anchor: datetime.date | None = None
    context: list[ContextCitation] = field(default_factory=list)
    may_create_incident: bool = False  # strong enough to open a draft on a launch that flew
    facts: list[FoundFact] = field(default_factory=list)  # what it states about the incident
    unread: int = 0  # characters at the end of a very long body that were not read
    # The next launch, when it scored close to the chosen one: (its name, points behind).
    rival: tuple[str, float] | None = None

    @property
    def reports_incident(self) -> bool:
        return bool(self.classification and self.classification.reports_incident)

    @property
    def key_span(self) -> tuple[int, int] | None:
        return self.classification.key_span if self.classification else None


def link_article(
    *, body: str, headline: str, published: PartialDate | None, view: CatalogView
) -> LinkResult:
    """Link one article. `headline` is its own title, "" when it has none (a title derived
    from the first sentence would count that sentence twice). Of a very long text only the
    beginning is read (see `readable_part`)."""
    unread = len(body) - len(body := readable_part(body))
    clutter = find_clutter(body)
    mentions = [
        m for m in find_mentions(body, view.gazetteer) if not clutter.in_credit(m.start, m.end)
    ]
    mentions = sorted([*mentions, *_designated(body, view)], key=lambda m: m.start)
    title_mentions = find_mentions(headline, view.gazetteer) if headline else ()
    anchor = published.exact_day if published else None
    dates = _dates(body, published, clutter)
    sentences = body_sentences(body, mentions, dates, clutter)
    weigh = _Weigher(body, clutter, sentences, anchor, success=headline_states_success(headline))
    first = classify(
        body,
        mentions,
        anchor=anchor,
        title=headline,
        title_mentions=title_mentions,
        sentences=sentences,
    )
    choice = choose_launch(
        view.launches,
        clues=_clues(body, mentions, title_mentions, weigh, view, headline),
        dates=_date_clues(body, dates, weigh, undated=not published),
        published=published,
        failure_report=_reports_a_failure(body, headline, title_mentions, sentences, first, anchor),
    )
    result = LinkResult(
        anchor=anchor, evidence=choice.reasons if choice.launch else [], unread=unread
    )
    launch = choice.launch
    tells = _TellsOf(launch, view) if launch else None
    if launch is not None:
        result.launch = launch
        result.launch_confidence = choice.confidence
        if len(choice.ranked) > 1 and _margin(choice) < CLEAR_LEAD:
            result.rival = (choice.ranked[1].launch.name, round(_margin(choice), 1))
    if anchor is None and launch is not None and launch.date:
        # No day of publication: relative dates ("on Thursday", "Aug. 28") are read against
        # the day of the launch the article reports.
        result.anchor = launch.date
        dates = _dates(body, PartialDate(launch.date), clutter)
        sentences = body_sentences(body, mentions, dates, clutter)
    result.classification = classify(
        body,
        mentions,
        anchor=anchor,
        event_date=launch.date if launch else None,
        title=headline,
        title_mentions=title_mentions,
        clutter=clutter,
        about=tells if launch else None,
        sentences=sentences,
    )
    if launch is not None and tells is not None and result.reports_incident:
        if _tells_of_its_success(body, headline, title_mentions, sentences, launch, tells):
            result.classification = Classification(False, ROUTINE_BY_SUCCESS, None)
    result.may_create_incident = _strong_enough_for_a_draft(choice, result, sentences, tells)
    result.links = _links(mentions, launch)
    result.dates = [_date_link(d) for d in dates]
    result.context = context_citations(
        body,
        mentions,
        sentences,
        clutter=clutter,
        main=launch,
        main_span=result.key_span,
        anchor=result.anchor,
        view=view,
    )
    if result.reports_incident and launch is not None:
        result.facts = _facts(body, sentences, mentions, result, tells, launch.date)
    return result


def readable_part(body: str) -> str:
    """The text up to the last paragraph break within READ_LIMIT characters (all of it when
    shorter). News articles run to some tens of thousands of characters; what is longer
    (a digest, a book) is kept and searchable whole, but its links are read from the start,
    so that one import stays within seconds."""
    if len(body) <= READ_LIMIT:
        return body
    cut = body.rfind("\n", 0, READ_LIMIT)
    return body[: cut if cut > 0 else READ_LIMIT]


def _facts(body, sentences, mentions, result: LinkResult, tells, launched) -> list[FoundFact]:
    """Facts from the sentences about the incident: not captions, not earlier events, not
    sentences about other launches."""
    passing = [item.span for item in result.context]
    past = past_sentences(body, sentences, launched)
    spans = [
        s.span
        for s in sentences
        if not s.caption
        and tells(s)
        and s.span not in past
        and not any(start <= s.start and s.end <= end for start, end in passing)
    ]
    speakers = [(m.start, m.end, m.text) for m in mentions if m.kind == MentionKind.AGENCY]
    return find_facts(body, spans=spans, speakers=speakers)


# --------------------------------------------------------------------------- evidence


def _dates(body: str, published: PartialDate | None, clutter: PageClutter):
    """Dates in the body outside credits, relative ones resolved against the publication."""
    if published is None:
        return [d for d in find_dates(body, anchor=None) if not clutter.in_credit(d.start, d.end)]
    return [
        d
        for d in find_dates(body, anchor=published.last)
        if not clutter.in_credit(d.start, d.end)
        and not (published.precision != Precision.DAY and _NEEDS_A_DAY.match(d.text))
    ]


class _Weigher:
    """How much a name or date at some place of the body counts: less in a caption, more in
    a sentence that states the failure (not one told as an earlier event)."""

    def __init__(
        self,
        body: str,
        clutter: PageClutter,
        sentences: Sequence[Sentence],
        anchor: datetime.date | None,
        *,
        success: bool = False,
    ):
        self.body = body
        self.clutter = clutter
        failures = [s for s in sentences if s.is_failure and not s.caption]
        # Without a day of publication every date looks old: only words tell the past then.
        # Under a headline that says the flight went well, every failure is background.
        past = past_sentences(body, sentences, anchor, by_dates=anchor is not None)
        if success:
            past |= {s.span for s in failures}
        self.failure_spans = _Spans(s.span for s in failures if s.span not in past)
        self.past_spans = _Spans(s.span for s in sentences if s.span in past and not s.caption)

    def __call__(self, start: int, end: int) -> float:
        if self.clutter.in_caption(start, end):
            return CAPTION_WEIGHT
        if self.past_spans.hold(start, end):
            return PAST_WEIGHT
        if _COMPARED.search(self.body[max(0, start - LOOK_BACK) : start]):
            return COMPARED_WEIGHT
        if self.failure_spans.hold(start, end):
            return FAILURE_SENTENCE_WEIGHT
        return 1.0

    def of_date(self, start: int, end: int) -> float:
        """A date the text looks ahead to ("postponed until August 3") is not the event's."""
        before = self.body[max(0, start - LOOK_BACK) : start]
        if _AHEAD.search(before):
            return AHEAD_WEIGHT
        return self(start, end)


class _Spans:
    """Sentence spans (which never overlap), to ask whether one holds a stretch of text."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self._spans = sorted(spans)
        self._starts = [start for start, _ in self._spans]

    def hold(self, start: int, end: int) -> bool:
        at = bisect.bisect_right(self._starts, start) - 1
        return at >= 0 and end <= self._spans[at][1]


def _date_clues(
    body: str, dates: Sequence[DateMention], weigh: _Weigher, *, undated: bool
) -> list[DateClue]:
    clues = [DateClue(d.year, d.month, d.day, weigh.of_date(d.start, d.end)) for d in dates]
    if undated:  # "August 28" with no year and no publication date to place it
        clues += [
            DateClue(None, month, day, weigh.of_date(start, end))
            for start, end, month, day in find_days_without_year(body)
            if not weigh.clutter.in_credit(start, end)
        ]
    return clues


def _designated(body: str, view: CatalogView) -> list[NameMention]:
    """Launches named by international designator ("2016-053B")."""
    return [
        NameMention(MentionKind.MISSION, (view.by_tag[tag],), start, end, body[start:end], 1.0)
        for start, end, tag in find_designators(body)
        if tag in view.by_tag
    ]


_ATTRIBUTE_CLUES = {
    MentionKind.FAMILY: ClueKind.FAMILY,
    MentionKind.AGENCY: ClueKind.AGENCY,
    MentionKind.SITE: ClueKind.SITE,
}


def _clues(
    body: str,
    mentions: Sequence[NameMention],
    title_mentions: Sequence[NameMention],
    weigh: _Weigher,
    view: CatalogView,
    headline: str,
) -> list[Clue]:
    title_case = _Spans(title_case_spans(body))
    clues = [
        _clue(m, weigh(m.start, m.end), view, body, title_case=title_case.hold(m.start, m.end))
        for m in mentions
    ]
    in_title_case = bool(title_case_spans(headline))
    clues += [
        _clue(m, TITLE_WEIGHT, view, headline=True, title_case=in_title_case)
        for m in title_mentions
    ]
    return [clue for clue in clues if clue is not None]


def _clue(
    mention: NameMention,
    weight: float,
    view: CatalogView,
    body: str = "",
    headline=False,
    title_case=False,
) -> Clue | None:
    keys = tuple(int(key) for key in mention.keys)
    if mention.kind == MentionKind.MISSION:
        specific = is_specific_name(mention.text, title_case=title_case)
        if not specific and not headline and _CRAFT_NOUN_AFTER.match(body, mention.end):
            weight *= NAMED_CRAFT_FACTOR  # "the Genesis capsule": a name, not the word
        return Clue(ClueKind.MISSION, keys, mention.text, specific=specific, weight=weight)
    if mention.kind == MentionKind.VEHICLE:
        if any(key in view.spacecraft for key in keys):
            return Clue(ClueKind.SPACECRAFT, keys, mention.text, weight=weight)
        grouped = {variant for key in keys for variant in view.vehicle_groups.get(key, {key})}
        return Clue(ClueKind.VEHICLE, tuple(sorted(grouped)), mention.text, weight=weight)
    if mention.kind in _ATTRIBUTE_CLUES:
        return Clue(_ATTRIBUTE_CLUES[mention.kind], keys, mention.text, weight=weight)
    return None


# --------------------------------------------------------------------------- the report


class _TellsOf:
    """A test for failure sentences: does this one tell of the chosen launch? Not when it
    names only other missions, or vehicles of other families. `names_it` is stricter: the
    sentence names the launch's own mission or spacecraft."""

    def __init__(self, launch: CatalogLaunch, view: CatalogView):
        self.launch = launch
        vehicle = launch.vehicle
        self.vehicles = view.vehicle_groups.get(vehicle, frozenset()) if vehicle else frozenset()
        self.family = view.vehicle_family.get(vehicle) if vehicle else None

    def __call__(self, sentence: Sentence) -> bool:
        named = [m for m in sentence.subjects if m.keys]
        if not named and not any(m.kind == MentionKind.SERIES for m in sentence.subjects):
            named = [m for m in sentence.earlier_subjects if m.keys]
        return not named or any(self._is_own(m) for m in named)

    def _is_own(self, mention: NameMention) -> bool:
        keys = {int(key) for key in mention.keys}
        if mention.kind == MentionKind.FAMILY:
            return self.family in keys
        if mention.kind == MentionKind.VEHICLE:
            return bool(keys & (self.vehicles | {self.launch.spacecraft}))
        return self.names_it(mention)

    def names_it(self, mention: NameMention) -> bool:
        keys = {int(key) for key in mention.keys}
        if mention.kind == MentionKind.MISSION:
            return self.launch.key in keys
        return mention.kind == MentionKind.VEHICLE and self.launch.spacecraft in keys


def _reports_a_failure(
    body: str,
    headline: str,
    title_mentions: Sequence[NameMention],
    sentences: Sequence[Sentence],
    first: Classification,
    anchor: datetime.date | None,
) -> bool:
    """Whether to look for a launch that failed: the article reports a failure (without a
    day of publication, any failure sentence not worded as past will do), and its headline
    does not say the flight went well."""
    if headline_states_success(headline):
        return False
    if first.reports_incident:
        return True
    if anchor is not None:
        return False
    past = past_sentences(body, sentences, None, by_dates=False)
    return any(s.reports_failure and s.span not in past for s in sentences)


def _tells_of_its_success(
    body: str,
    headline: str,
    title_mentions: Sequence[NameMention],
    sentences: Sequence[Sentence],
    launch: CatalogLaunch,
    tells: _TellsOf,
) -> bool:
    """The article says its flight went well (headline or lead), its headline tells of no
    failure, and no failure sentence of the day names the launch's own mission or craft:
    the failures it tells of are background (a return to flight, a first success after
    failures), even where the catalog counts the flight a partial failure."""
    if launch.failed and not launch.partly:
        return False
    if headline_reports_failure(headline, title_mentions):
        return False
    past = past_sentences(body, sentences, launch.date)
    if not states_success(body, sentences, title=headline, past=past):
        return False
    return not any(
        s.reports_failure and s.strong and s.span not in past and tells.names_it(m)
        for s in sentences
        for m in s.subjects
    )


def _strong_enough_for_a_draft(
    choice: Choice, result: LinkResult, sentences: Sequence[Sentence], tells: _TellsOf | None
) -> bool:
    """A launch that failed may always get a draft. One that went well needs a strong
    failure statement about it, and to be named outright (a specific mission name, or its
    spacecraft with a date): in a failure sentence, or so far ahead of any other launch that
    "the spacecraft crashed" can only mean it."""
    launch = choice.launch
    if launch is None or tells is None or not result.reports_incident:
        return False
    if launch.failed:
        return True
    if not _key_sentence_is_strong(result, sentences):
        return False  # "a problem with a valve" never opens an incident on a good launch
    parts = choice.ranked[0].parts
    named = parts.get(Evidence.NAMED, 0.0)
    on_board = parts.get(Evidence.SPACECRAFT, 0.0) > 0 and parts.get(Evidence.DATED, 0.0) > 0
    says_which = any(
        s.is_failure and tells(s) and any(tells.names_it(m) for m in s.subjects) for s in sentences
    )
    identified = named >= SPECIFIC_NAME * CAPTION_WEIGHT or on_board
    return identified and (says_which or _margin(choice) >= CLEAR_LEAD)


def _margin(choice: Choice) -> float:
    if len(choice.ranked) < 2:
        return choice.ranked[0].points
    return choice.ranked[0].points - choice.ranked[1].points


def _key_sentence_is_strong(result: LinkResult, sentences: Sequence[Sentence]) -> bool:
    return any(s.span == result.key_span and s.strong for s in sentences)


# --------------------------------------------------------------------------- persisted links


def _links(mentions: Sequence[NameMention], launch: CatalogLaunch | None) -> list[Link]:
    """One Link per mention worth keeping; an ambiguous name is resolved with the chosen
    launch's help. Ordinary-word mission names that are not the chosen mission are noise
    ("Image" in a caption) and are not kept."""
    preferred = {
        MentionKind.MISSION: launch.key if launch else None,
        MentionKind.VEHICLE: launch.vehicle if launch else None,
        MentionKind.SITE: launch.site if launch else None,
    }
    links = []
    for mention in mentions:
        if mention.kind not in KIND_MODELS or not mention.keys:
            continue
        pk, confidence = mention.keys[0], mention.confidence
        chosen = preferred.get(mention.kind)
        if len(mention.keys) > 1 and chosen is not None and chosen in mention.keys:
            pk, confidence = chosen, max(confidence, 0.8)
        if not isinstance(pk, int):  # (catalog records have numbers; only series have names)
            continue
        if mention.kind == MentionKind.MISSION and pk != preferred[MentionKind.MISSION]:
            if not is_specific_name(mention.text):
                continue
        links.append(Link(mention.kind, mention.start, mention.end, mention.text, pk, confidence))
    return links


def _date_link(found: DateMention) -> DateLink:
    period = found.period
    return DateLink(
        found.start,
        found.end,
        found.text,
        period.first,
        period.precision,
        RELATIVE_DATE_CONFIDENCE if found.relative else 1.0,
    )
