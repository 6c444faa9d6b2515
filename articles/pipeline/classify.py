"""Decide whether an article reports an incident, and find past failures it mentions.

Plain Python, no Django imports.

``classify`` looks for a sentence that pairs a failure word (``FAILURE_WORDS``) with a
subject: a mission, vehicle or family mention, or a generic word for the article's main
subject ("cargo ship", "spacecraft", "rocket", "third stage"). Failure words that are negated
("no anomaly", "did not fail") or hypothetical ("could fail") do not count. A sentence set in
the past ("In October 2014, ...", "Six months later, ...", "Then, ...", "since ... exploded
in September") tells of an earlier event, not the one the article reports. An article with no
such present-day failure sentence is routine coverage. The key span is the first present-day
failure sentence with a strong failure word ("failed to reach orbit", "has been lost",
"shut down earlier than planned"), else the first present-day failure sentence.

``find_past_events`` returns the other sentences that tell of a failure with a time expression
("In October 2014", "six months later", "in September") or a sequence word ("Then, ..."),
with the vehicles, families, missions and series names they mention.
"""

from __future__ import annotations

import bisect
import calendar
import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from articles.pipeline.dates import DateMention, find_dates
from articles.pipeline.extract import Mention, find_series_mentions
from articles.pipeline.text import sentence_spans, url_spans


@dataclass(frozen=True)
class FailureWord:
    """One entry of the failure vocabulary: a regular expression matched case-insensitively on
    word boundaries. Strong words say outright that the flight or craft failed."""

    label: str
    pattern: str
    strong: bool
    negation_inside: bool = False  # the pattern itself is a negation ("did not reach orbit")


FAILURE_WORDS: tuple[FailureWord, ...] = (
    FailureWord(
        "did not reach orbit",
        r"(?:did\s+not|didn['\u2019]t|never|could\s+not|couldn['\u2019]t)\s+"
        r"(?:reach|make\s+it\s+to|achieve|get\s+to)\s+(?:its\s+|the\s+)?(?:\w+\s+)?orbit",
        strong=True,
        negation_inside=True,
    ),
    FailureWord("fail", r"fail(?:s|ed|ing|ures?)?", strong=True),
    FailureWord("lost", r"lost", strong=True),
    FailureWord("loss", r"loss(?:es)?", strong=True),
    FailureWord("explode", r"explo(?:de|des|ded|ding|sions?)", strong=True),
    FailureWord("blew up", r"bl(?:ew|own)\s+up", strong=True),
    FailureWord("burned up", r"burn(?:ed|t|s|ing)?\s+up", strong=True),
    FailureWord("destroyed", r"destr(?:oy|oys|oyed|uction)", strong=True),
    FailureWord("disintegrated", r"disintegrat(?:e|es|ed|ing|ion)", strong=True),
    FailureWord(
        "out of control",
        r"(?:spun|spins?|spinning|tumbl(?:ed|es|ing)|went|goes|going)\s+out\s+of\s+control",
        strong=True,
    ),
    FailureWord("crashed", r"crash(?:es|ed|ing)?", strong=True),
    FailureWord(
        "shut down early",
        r"shut\s+(?:down|off)\s+(?:(?:\w+\s+)?earlier\s+than\s+(?:planned|expected|scheduled)"
        r"|early|prematurely|too\s+soon)",
        strong=True,
    ),
    FailureWord(
        "premature", r"prematurely|premature\s+(?:shutdown|cutoff|separation)", strong=True
    ),
    FailureWord("malfunction", r"malfunction(?:s|ed|ing)?", strong=False),
    FailureWord("anomaly", r"anomal(?:y|ies|ous)", strong=False),
    FailureWord("mishap", r"mishaps?", strong=False),
    FailureWord("accident", r"accidents?", strong=False),
    FailureWord("contingency", r"contingency", strong=False),
    FailureWord("fell back", r"fell\s+back", strong=False),
    FailureWord("aborted", r"abort(?:s|ed)?", strong=False),
    FailureWord("grounded", r"grounded", strong=False),
)

_Spanned = TypeVar("_Spanned", Mention, DateMention)

SUBJECT_KINDS = frozenset({"mission", "vehicle", "family", "series"})


@dataclass(frozen=True)
class Classification:
    reports_incident: bool
    confidence: float
    key_span: tuple[int, int] | None


@dataclass(frozen=True)
class EventMention:
    start: int
    end: int
    subjects: tuple[Mention, ...]
    year: int | None
    month: int | None
    on_pad: bool
    sequence: str  # "" | "then" | "later"
    after: tuple[int, int] | None


@dataclass(frozen=True)
class _FailureHit:
    start: int
    end: int
    word: FailureWord


@dataclass(frozen=True)
class _Sentence:
    start: int
    end: int
    failures: tuple[_FailureHit, ...]
    subjects: tuple[Mention, ...]
    generic_subject: bool
    dates: tuple[DateMention, ...]

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end

    @property
    def strong(self) -> bool:
        return any(hit.word.strong for hit in self.failures)

    @property
    def is_failure(self) -> bool:
        return bool(self.failures) and (bool(self.subjects) or self.generic_subject)


_FAILURE = re.compile(
    "|".join(rf"\b(?P<w{index}>{word.pattern})\b" for index, word in enumerate(FAILURE_WORDS)),
    re.IGNORECASE,
)
_NEGATION_BEFORE = re.compile(
    r"\b(?:no|not|never|without|nothing|nor|n['\u2019]t)\b(?:\W+\w+){0,2}\W*$|n['\u2019]t\W*$",
    re.IGNORECASE,
)
_HYPOTHETICAL_BEFORE = re.compile(
    r"\b(?:could|would|might|may|can|if|risk\s+of|chance\s+of)\s+(?:\w+\s+)?$", re.IGNORECASE
)
_GENERIC_SUBJECT = re.compile(
    r"\b(?:cargo\s+(?:ship|craft|vehicle|capsule|freighter)|spacecraft|space\s*craft|rockets?"
    r"|launcher|launch\s+vehicle|boosters?|(?:first|second|third|fourth|upper|core)\s+stage"
    r"|capsule|ships?|freighter|satellites?|probe|lander|rover|mission|flight|launch|payload)\b",
    re.IGNORECASE,
)
_ROUTINE = re.compile(
    r"\blaunched\s+(?:a|an|the)\s+(?:\w+\s+)?(?:supply|cargo|resupply)\b"
    r"|\b(?:was|were)\s+launched\s+successfully\b|\bsuccessfully\s+(?:launched|lifted\s+off"
    r"|reached|docked|delivered|berthed)\b|\bdue\s+to\s+(?:arrive|dock)\b"
    r"|\bdocked\s+(?:with|at|to)\b|\bis\s+scheduled\s+to\s+(?:arrive|dock)\b",
    re.IGNORECASE,
)
_SEQUENCE_START = re.compile(
    r"^\W*(?:and\s+)?(?P<word>then|after\s+that|before\s+that|previously|prior\s+to\s+that"
    r"|earlier)\b",
    re.IGNORECASE,
)
_PAST_WORDS = re.compile(
    r"\b(?:since|previously|another|again|ago|last\s+(?:year|month|time))\b|\bin\s+recent\s+\w+",
    re.IGNORECASE,
)
_MONTH_AFTER_PREPOSITION = re.compile(
    r"\b(?:in|since|during|last)\s+(?:January|February|March|April|May|June|July|August"
    r"|September|October|November|December)\b"
)
# The day of the news: a weekday, or "today" (but not the newspaper "Florida Today").
_DAY_OF_THE_EVENT = re.compile(
    r"(?<![Ee]very )\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    r"|\b(?:today|tonight|yesterday)\b|(?:^|[.!?:;,\"\u201c]\s*)(?:Today|Tonight|Yesterday)\b"
)
_PRESENT_DATE = re.compile(
    r"^(?:(?:next|last|this)\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
    r"|today|tonight|yesterday|tomorrow|this\s+\w+|next\s+\w+)$",
    re.IGNORECASE,
)
_ON_PAD = re.compile(
    r"\b(?:launch\s*pad|launchpad|on\s+the\s+pad|pad\s+explosion|during\s+(?:\w+\s+)?fuel+ing"
    r"|static[\s-]+(?:fire|test)|engine\s+test|prelaunch\s+test|pre-launch\s+test)\b",
    re.IGNORECASE,
)
PRESENT_WINDOW = datetime.timedelta(days=45)


def classify(
    body: str, mentions: Sequence[Mention], *, anchor: datetime.date | None = None
) -> Classification:
    """Does the article report an incident? ``anchor`` (the publication date), when known,
    keeps explicit dates close to it from counting as the past."""
    sentences = _sentences(body, mentions, find_dates(body, anchor=anchor))
    present = [s for s in sentences if s.is_failure and not _is_set_in_past(body, s, anchor)]
    routine = bool(_ROUTINE.search(body))
    if not present or (routine and not any(s.strong for s in present)):
        return Classification(False, _routine_confidence(sentences, present, routine), None)
    key = next((s for s in present if s.strong), present[0])
    return Classification(True, _incident_confidence(key, present), key.span)


def find_past_events(
    body: str,
    mentions: Sequence[Mention],
    dates: Sequence[DateMention],
    *,
    main_span: tuple[int, int] | None,
) -> tuple[EventMention, ...]:
    """Past failures told in passing, in text order, each linked to the one before it."""
    events: list[EventMention] = []
    main_missions = _mission_keys_within(mentions, main_span)
    for sentence in _sentences(body, mentions, dates):
        if not sentence.is_failure or _overlaps(sentence.span, main_span):
            continue
        if main_missions & _mission_keys_within(sentence.subjects, sentence.span):
            continue  # the main event told again
        event = _past_event(body, sentence, events[-1] if events else None)
        if event is not None:
            events.append(event)
    return tuple(events)


# --------------------------------------------------------------------------- sentences


def _sentences(
    body: str, mentions: Sequence[Mention], dates: Sequence[DateMention]
) -> list[_Sentence]:
    urls = url_spans(body)
    ordered_mentions = sorted(mentions, key=lambda m: m.start)
    subjects = [m for m in ordered_mentions if m.kind in SUBJECT_KINDS]
    ordered_dates = sorted(dates, key=lambda d: d.start)
    sentences = []
    for start, end in sentence_spans(body):
        sentences.append(
            _Sentence(
                start=start,
                end=end,
                failures=_failure_hits(body, start, end, urls),
                subjects=_within(subjects, start, end)
                + find_series_mentions(body, start, end, _within(ordered_mentions, start, end)),
                generic_subject=bool(_GENERIC_SUBJECT.search(body, start, end)),
                dates=_within(ordered_dates, start, end),
            )
        )
    return sentences


def _within(items: Sequence[_Spanned], start: int, end: int) -> tuple[_Spanned, ...]:
    """The items lying inside start..end; ``items`` sorted by start."""
    first = bisect.bisect_left(items, start, key=lambda item: item.start)
    last = bisect.bisect_left(items, end, lo=first, key=lambda item: item.start)
    return tuple(item for item in items[first:last] if item.end <= end)


def _failure_hits(
    body: str, start: int, end: int, urls: list[tuple[int, int]]
) -> tuple[_FailureHit, ...]:
    hits = []
    for match in _FAILURE.finditer(body, start, end):
        if any(u_start <= match.start() < u_end for u_start, u_end in urls):
            continue
        word = FAILURE_WORDS[int(match.lastgroup[1:])] if match.lastgroup else None
        if word is None or not _is_asserted(body, start, match.start(), word):
            continue
        hits.append(_FailureHit(match.start(), match.end(), word))
    return tuple(hits)


def _is_asserted(body: str, sentence_start: int, position: int, word: FailureWord) -> bool:
    """Not negated ("no anomaly", "did not fail") and not hypothetical ("could fail")."""
    before = body[max(sentence_start, position - 40) : position]
    if _HYPOTHETICAL_BEFORE.search(before):
        return False
    return word.negation_inside or not _NEGATION_BEFORE.search(before)


def _overlaps(span: tuple[int, int], other: tuple[int, int] | None) -> bool:
    return other is not None and span[0] < other[1] and other[0] < span[1]


# --------------------------------------------------------------------------- classify


def _is_set_in_past(body: str, sentence: _Sentence, anchor: datetime.date | None) -> bool:
    """Told as an earlier event: "In October 2014, ...", "Then, ...", "since ... exploded".
    A sentence naming the day of the news ("on Thursday", "today") stays in the present."""
    text = body[sentence.start : sentence.end]
    if _DAY_OF_THE_EVENT.search(text):
        return False
    if _SEQUENCE_START.search(text) or _PAST_WORDS.search(text):
        return True
    if anchor is None and _MONTH_AFTER_PREPOSITION.search(text):
        return True
    return any(_is_past_date(date, anchor) for date in sentence.dates)


def _is_past_date(date: DateMention, anchor: datetime.date | None) -> bool:
    if _PRESENT_DATE.match(date.text):
        return False
    if anchor is None:
        return True
    return _last_day(date) < anchor - PRESENT_WINDOW


def _last_day(date: DateMention) -> datetime.date:
    if date.month is None:
        return datetime.date(date.year, 12, 31)
    if date.day is None:
        return datetime.date(date.year, date.month, calendar.monthrange(date.year, date.month)[1])
    return datetime.date(date.year, date.month, date.day)


def _incident_confidence(key: _Sentence, present: list[_Sentence]) -> float:
    confidence = 0.5
    if key.strong:
        confidence += 0.15
    if any(s.subjects for s in present):
        confidence += 0.15
    confidence += 0.05 * min(3, len(present) - 1)
    return round(min(confidence, 0.95), 2)


def _routine_confidence(
    sentences: list[_Sentence], present: list[_Sentence], routine: bool
) -> float:
    if present:
        return 0.55  # only weak failure words next to routine wording
    if routine and not any(s.failures for s in sentences):
        return 0.9
    return 0.7 if not any(s.is_failure for s in sentences) else 0.6


# --------------------------------------------------------------------------- past events


def _past_event(
    body: str, sentence: _Sentence, previous: EventMention | None
) -> EventMention | None:
    text = body[sentence.start : sentence.end]
    if _DAY_OF_THE_EVENT.search(text):
        return None  # "on Thursday" is the day of the news, not an earlier event
    dated = next((d for d in sentence.dates if not _PRESENT_DATE.match(d.text)), None)
    starts_with = _SEQUENCE_START.search(text)
    then = starts_with is not None and starts_with.group("word").casefold() in (
        "then",
        "after that",
    )
    if dated is None and not then:
        return None
    later = dated is not None and dated.relative and dated.text.casefold().endswith("later")
    sequence = "later" if later else ("then" if dated is None else "")
    return EventMention(
        start=sentence.start,
        end=sentence.end,
        subjects=tuple(sorted(sentence.subjects, key=lambda m: m.start)),
        year=dated.year if dated else None,
        month=dated.month if dated else None,
        on_pad=bool(_ON_PAD.search(text)),
        sequence=sequence,
        after=_previous_month(previous) if sequence else None,
    )


def _mission_keys_within(
    mentions: Sequence[Mention], span: tuple[int, int] | None
) -> set[int | str]:
    if span is None:
        return set()
    return {
        key
        for m in mentions
        if m.kind == "mission" and span[0] <= m.start and m.end <= span[1]
        for key in m.keys
    }


def _previous_month(previous: EventMention | None) -> tuple[int, int] | None:
    if previous is None:
        return None
    if previous.year is not None and previous.month is not None:
        return previous.year, previous.month
    return previous.after
