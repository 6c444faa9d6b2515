"""Decide whether an article reports an incident, and find past failures it mentions.

Plain Python, no Django imports.

``classify`` looks for a sentence that pairs a failure word (``FAILURE_WORDS``) with a
subject: a mission, vehicle or family mention, or a generic word for the article's main
subject ("cargo ship", "spacecraft", "rocket", "third stage"). Failure words that are negated
("no anomaly", "did not fail") or hypothetical ("could fail") do not count, nor do those that
tell of another event ("the first launch since a rocket exploded", "two years after a
failure", "after several failed attempts"). A sentence set in the past ("In October 2014,
...", "Six months later, ...", "Then, ...", "the previous attempt", or a dateless sentence
continuing one of those in its paragraph, see ``past_sentences``) tells of an earlier event,
not the one the article reports. An article with no such present-day failure sentence is
routine coverage. The key span is the first present-day failure sentence with a strong
failure word ("failed to reach orbit", "has been lost", "shut down earlier than planned"),
else the first present-day failure sentence. ``states_success`` tells whether the headline
or the lead says the flight went well.

``find_past_events`` returns the other sentences that tell of a failure with a time expression
("In October 2014", "six months later", "in September"), a sequence word ("Then, ..."), or
a specific mission name, with the vehicles, families, missions and series names they mention.
"""

from __future__ import annotations

import bisect
import datetime
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from articles.pipeline.captions import PageClutter
from articles.pipeline.dates import DateMention, find_dates
from articles.pipeline.extract import MentionKind, NameMention, find_series_mentions
from articles.pipeline.launches import is_specific_name
from articles.pipeline.text import sentence_spans, url_spans


@dataclass(frozen=True)
class FailureWord:
    """One entry of the failure vocabulary: a regular expression matched case-insensitively on
    word boundaries. Strong words say outright that the flight or craft failed."""

    label: str
    pattern: str
    strong: bool
    negation_inside: bool = False  # the pattern itself is a negation ("did not reach orbit")
    in_flight_only: bool = False  # not a failure in a countdown ("a leak scrubbed the launch")


FAILURE_WORDS: tuple[FailureWord, ...] = (
    FailureWord(
        "did not reach orbit",
        r"(?:did\s+not|didn['\u2019]t|never|could\s+not|couldn['\u2019]t|will\s+not|won['\u2019]t)"
        r"\s+(?:reach|make\s+it\s+to|achieve|get\s+to|dock\s+(?:with|at))\s+(?:its\s+|the\s+)?"
        r"(?:\w+\s+)?(?:orbit|station|ISS|International\s+Space\s+Station)",
        strong=True,
        negation_inside=True,
    ),
    FailureWord(
        "short of orbit",
        r"(?:was|were)\s+unable\s+to\s+(?:\w+\s+){0,2}(?:reach|achieve|enter|attain|get\s+into"
        r"|slip\s+into|make\s+it\s+(?:to|into))\s+(?:its\s+|the\s+)?(?:\w+\s+)?orbit"
        r"|(?:nearly|almost)\s+reach(?:ed|ing)?\s+orbit|(?:fell|falling|came)\s+(?:up\s+)?short"
        r"\s+of\s+(?:\w+\s+)?orbit|ran\s+out\s+of\s+(?:fuel|propellant)",
        strong=True,
        negation_inside=True,
    ),
    FailureWord(
        "not successful",
        r"(?:was|were|is|are|has\s+been|have\s+been)\s+not\s+successful"
        r"|(?:wasn['\u2019]t|weren['\u2019]t)\s+successful|did\s+not\s+succeed",
        strong=True,
        negation_inside=True,
    ),
    FailureWord("fail", r"fail(?:s|ed|ing|ures?)?", strong=True),
    FailureWord("wrecked", r"wreck(?:s|ed|ing|age)?", strong=False),
    FailureWord("lost", r"lost|los(?:es|ing)", strong=True),
    FailureWord("loss", r"loss(?:es)?", strong=True),
    FailureWord("explode", r"explo(?:de|des|ded|ding|sions?)", strong=True),
    FailureWord("blew up", r"bl(?:ew|own)\s+up", strong=True),
    FailureWord("burned up", r"burn(?:ed|t|s|ing)?\s+up", strong=True),
    FailureWord("destroyed", r"destr(?:oy|oys|oyed|uction)", strong=True),
    FailureWord("disintegrated", r"disintegrat(?:e|es|ed|ing|ion)", strong=True),
    FailureWord(
        "out of control",
        r"(?:spun|spins?|spinning|tumbl(?:ed|es|ing)|went|goes|going|thrown|knocked|pushed)"
        r"(?:\s+\w+)?\s+out\s+of\s+control",
        strong=True,
    ),
    FailureWord("crashed", r"crash(?:es|ed|ing)?", strong=True),
    FailureWord(
        "killed", r"kill(?:s|ed|ing)|died(?!\s+down)|deaths?|fatal(?:ly|ities)?", strong=True
    ),
    FailureWord(
        "broke apart",
        r"br(?:eak|eaks|oke|oken|eaking)\s+(?:apart|up)|break-?up"
        r"|t(?:ear|ears|ore|orn|earing)\s+(?:\w+\s+){0,3}apart",
        strong=True,
    ),
    FailureWord("disaster", r"disasters?|tragedy|catastroph(?:e|ic)", strong=True),
    FailureWord("self-destruct", r"self-?destruct(?:s|ed|ion)?", strong=True),
    FailureWord(
        "terminated",
        r"terminat(?:e|ed|ing)\s+(?:the\s+)?flight|flight\s+termination",
        strong=True,
    ),
    FailureWord("unscheduled disassembly", r"rapid\s+unscheduled\s+disassembly|RUD", strong=True),
    FailureWord("unsuccessful", r"unsuccessful", strong=True),
    FailureWord("leak", r"leak(?:s|ed|ing|age)?", strong=True, in_flight_only=True),
    FailureWord(
        "depressurization",
        r"(?:de|un)pressuri[sz](?:ation|ed)|loss\s+of\s+pressure",
        strong=True,
        in_flight_only=True,
    ),
    FailureWord(
        "misfire",
        r"misfir(?:e|es|ed|ing)|(?:inadvertently|unexpectedly|inexplicably|accidentally)\s+"
        r"(?:fired|restarted|started)",
        strong=True,
    ),
    FailureWord(
        "off course",
        r"(?:veer|drift|went|go|goes|going|flew|fly|flies|spun|tumbl)\w*\s+(?:off|from)\s+"
        r"(?:its\s+|the\s+)?(?:planned\s+|intended\s+)?(?:course|trajectory)"
        r"|deviation\s+(?:of|from)\s+(?:the\s+)?(?:planned\s+)?trajectory",
        strong=True,
    ),
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
    FailureWord(
        "emergency",
        r"emergency\s+(?:landing|descent)|ballistic\s+(?:descent|landing)",
        strong=False,
    ),
    FailureWord("doomed", r"doom(?:ed|s)", strong=False),
    FailureWord(
        "technical problem",
        r"problems?\s+with|technical\s+(?:problems?|glitch(?:es)?|snags?|issues?)|glitch(?:es)?",
        strong=False,
    ),
    FailureWord(
        "wrong orbit",
        r"(?:wrong|incorrect|improper|unusable|useless|unplanned|lower)\s+(?:\w+\s+)?orbit"
        r"(?!\s+(?:as\s+planned|than\s+\w+\s+higher))",
        strong=True,
    ),
    FailureWord(
        "lost contact",
        r"(?:lost|losing|loses|lose)\s+(?:all\s+)?(?:contact|communications?|signal)",
        strong=True,
    ),
    FailureWord(
        "no signal",
        r"(?:heard|received|detected)\s+nothing|no\s+(?:signal|word|contact)\s+(?:from|with)"
        r"|(?:has|have|had)\s+not\s+been\s+heard\s+from|(?:remains?|remained|fell|went)\s+silent",
        strong=True,
        negation_inside=True,
    ),
    FailureWord(
        "tipped over",
        r"tip(?:ped|s)?\s+over|toppl(?:ed|es)|fell\s+over"
        r"|(?:landed|settled|lying|lies|rest(?:s|ed|ing)?)\s+on\s+its\s+side",
        strong=True,
    ),
    FailureWord(
        "did not happen",
        r"(?:ignition|separation|burn|deployment)\s+(?:did\s+not|didn['\u2019]t|never|failed\s+to)"
        r"\s+(?:happen|occur|take\s+place)",
        strong=True,
        negation_inside=True,
    ),
)

_Spanned = TypeVar("_Spanned", NameMention, DateMention)

# Names that may be what a failure sentence is about (agencies are read apart: they build and
# fly things, and only stand in for a subject when nothing else is named).
SENTENCE_SUBJECT_KINDS = frozenset(
    {MentionKind.MISSION, MentionKind.VEHICLE, MentionKind.FAMILY, MentionKind.SERIES}
)


@dataclass(frozen=True)
class Classification:
    reports_incident: bool
    confidence: float
    key_span: tuple[int, int] | None


class Succession(StrEnum):
    """How a past event is placed after the one told before it: not at all (it has its own
    date, or none), "Then, ..." or "..., six months later"."""

    NONE = ""
    THEN = "then"
    LATER = "later"


@dataclass(frozen=True)
class EventMention:
    start: int
    end: int
    subjects: tuple[NameMention, ...]
    year: int | None
    month: int | None
    on_pad: bool
    sequence: Succession
    after: tuple[int, int] | None
    agencies: tuple[NameMention, ...] = ()
    generic_subject: bool = False


@dataclass(frozen=True)
class _FailureHit:
    start: int
    end: int
    word: FailureWord
    # The words tell of another event than the day's: "the first launch since a rocket
    # exploded", "two years after a failure", "several failed attempts", "failures in 2019".
    elsewhere: bool = False


@dataclass(frozen=True)
class Sentence:
    """A sentence of the body, with what makes it tell of a failure (or not)."""

    start: int
    end: int
    failures: tuple[_FailureHit, ...]
    subjects: tuple[NameMention, ...]
    agencies: tuple[NameMention, ...]
    generic_subject: bool
    dates: tuple[DateMention, ...]
    caption: bool = False
    recovery: bool = False
    # Names the sentence refers back to when it names nothing itself ("The vehicle exploded"
    # after a sentence about "SpaceX's Starship prototype"): the last ones of its paragraph.
    earlier_subjects: tuple[NameMention, ...] = ()

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end

    @property
    def reported_failures(self) -> tuple[_FailureHit, ...]:
        """The failure words that may tell of the day's event (not of earlier ones)."""
        return tuple(hit for hit in self.failures if not hit.elsewhere)

    @property
    def strong(self) -> bool:
        return any(hit.word.strong for hit in self.reported_failures)

    @property
    def reports_failure(self) -> bool:
        """A failure of what the sentence names, told as the day's event."""
        return self.is_failure and bool(self.reported_failures)

    @property
    def is_failure(self) -> bool:
        has_subject = bool(self.subjects) or self.generic_subject
        return bool(self.failures) and has_subject and not self.recovery

    @property
    def tells_a_failure(self) -> bool:
        """A failure of what the sentence names, or of what its paragraph named before
        ("Previous failures were in July 2020 and May 2021")."""
        return self.is_failure or (
            bool(self.failures) and bool(self.earlier_subjects) and not self.recovery
        )


_FAILURE = re.compile(
    "|".join(rf"\b(?P<w{index}>{word.pattern})\b" for index, word in enumerate(FAILURE_WORDS)),
    re.IGNORECASE,
)
_NEGATION_BEFORE = re.compile(
    r"\b(?:no|not|never|without|nothing|nor|n['\u2019]t)\b(?:\W+\w+){0,2}\W*$|n['\u2019]t\W*$",
    re.IGNORECASE,
)
# Failure words about another event than the day's: after "since" anywhere before them in
# the sentence, failure nouns after "after", "following" or "before", and plurals.
_SINCE = re.compile(r"\bsince\b(?!\s+(?:then|been|returned|recovered|resumed))", re.IGNORECASE)
_AFTER_A_NOUN = re.compile(
    r"\b(?:after|following|before)\s+(?:(?:a|an|the|its|their|this|that|last|two|three|several"
    r"|earlier|previous|prior|\w+['\u2019]s)\s+)?(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
_FAILURE_NOUN = re.compile(
    r"(?:failures?|loss(?:es)?|explosions?|accidents?|disasters?|mishaps?|anomal(?:y|ies)"
    r"|crash(?:es)?|break-?up)$",
    re.IGNORECASE,
)
_PLURAL_FAILURE = re.compile(
    r"(?:failures|losses|explosions|accidents|disasters|mishaps|anomalies|crashes"
    r"|malfunctions)$",
    re.IGNORECASE,
)
_PLURAL_AFTER = re.compile(
    r"\s+(?:\w+\s+)?(?:attempts|launches|flights|missions|tries|rockets|launchers)\b",
    re.IGNORECASE,
)
_HYPOTHETICAL_BEFORE = re.compile(
    r"\b(?:could|would|might|may|can|if|risk\s+of|chance\s+of)\s+(?:\w+\s+)?$", re.IGNORECASE
)
_GENERIC_SUBJECT = re.compile(
    r"\b(?:cargo\s+(?:ship|craft|vehicle|capsule|freighter)|spacecraft|space\s*craft|rockets?"
    r"|launcher|launch\s+vehicle|boosters?|(?:first|second|third|fourth|upper|core)\s+stage"
    r"|capsule|ships?|craft|freighter|satellites?|probe|lander|rover|mission|flight|launch|payload"
    r"|thrusters?|engines?|modules?|heat\s*shield|parachutes?)\b",
    re.IGNORECASE,
)
_ROUTINE = re.compile(
    r"\blaunched\s+(?:a|an|the)\s+(?:\w+\s+)?(?:supply|cargo|resupply)\b"
    r"|\b(?:was|were)\s+launched\s+successfully\b|\bsuccessfully\s+(?:launched|lifted\s+off"
    r"|reached|docked|delivered|berthed)\b|\bdue\s+to\s+(?:arrive|dock)\b"
    r"|\bdocked\s+(?:with|at|to)\b|\bis\s+scheduled\s+to\s+(?:arrive|dock)\b",
    re.IGNORECASE,
)
# The flight went well: "successfully placed", "reached orbit", "went as planned", "returns to
# flight", "100% mission success".
_SUCCESS = re.compile(
    r"\bsuccess(?:ful(?:ly)?)?\b|\bsucceed(?:s|ed)?\b|\breach(?:ed|es|ing)?\s+(?:\w+\s+)?orbit\b"
    r"|\b(?:went|goes|going|performed)\s+(?:as\s+planned|smoothly|well|flawlessly|perfectly"
    r"|according\s+to\s+plan)|\bflawless(?:ly)?\b|\bnominal(?:ly)?\b"
    r"|\breturn(?:ed|s|ing)?\s+to\s+(?:flight|service)\b"
    r"|\bback\s+(?:in|into|to)\s+(?:service|business|flight)\b"
    r"|\b(?:released|deployed|placed)\s+(?:the|its|all|both|\d+|\w+)\s+(?:[\w-]+\s+){0,3}"
    r"(?:satellites?|payloads?|spacecraft|probes?|capsules?)\b",
    re.IGNORECASE,
)
LEAD_SENTENCES = 3  # the sentences of prose that open an article: its lead
_SEQUENCE_START = re.compile(
    r"^\W*(?:and\s+)?(?P<word>then|after\s+that|before\s+that|previously|prior\s+to\s+that"
    r"|earlier)\b",
    re.IGNORECASE,
)
_PAST_WORDS = re.compile(
    r"\b(?:previously|another|again|ago|last\s+(?:year|month|time)|that\s+(?:year|month|day|time)|at\s+the\s+time"
    r"|back\s+then|(?:previous|prior|preceding|earlier)\s+(?:\w+\s+)?(?:attempts?|flights?"
    r"|launch(?:es)?|missions?|tries|failures?))\b|\bin\s+recent\s+\w+",
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
    r"\b(?:launch\s*pad|launchpad|on\s+(?:the|its|their)\s+pad|pad\s+explosion"
    r"|during\s+(?:\w+\s+)?fuel+ing"
    r"|static[\s-]+(?:fire|test)|engine\s+test|prelaunch\s+test|pre-launch\s+test)\b",
    re.IGNORECASE,
)
_RECOVERY = re.compile(
    r"\b(?:drone\s*ship|droneship|barge|landing\s+(?:pad|zone|attempt|burn|legs?)"
    r"|booster\s+landing|land(?:ing)?\s+(?:the\s+|its\s+)?(?:first\s+stage|booster|core)"
    r"|recover(?:y|ed)?\s+(?:of\s+)?(?:the\s+|its\s+)?(?:booster|first\s+stage|fairing))",
    re.IGNORECASE,
)
# Before launch: a leak that scrubs a countdown is not a failure in flight.
_COUNTDOWN = re.compile(
    r"\b(?:scrub\w*|countdown|fuel+ing|tanking)\b"
    r"|\b(?:launch|lift-?off)\b[^.!?]{0,40}\b(?:postpone\w*|delay\w*|called\s+off|halted)\b"
    r"|\b(?:postpone\w*|delay\w*|called\s+off)\b[^.!?]{0,40}\b(?:launch|lift-?off)\b",
    re.IGNORECASE,
)
PRESENT_WINDOW = datetime.timedelta(days=45)

# Confidence that the article reports an incident: a failure sentence, more with a strong
# failure word, a named subject, the headline, and each further failure sentence (up to three).
REPORT_BASE = 0.5
STRONG_WORD = 0.15
NAMED_SUBJECT = 0.15
IN_THE_HEADLINE = 0.05
FURTHER_SENTENCE, FURTHER_SENTENCES_COUNTED = 0.05, 3
REPORT_CEILING = 0.95
# Confidence that it is routine coverage: surest with routine wording and no failure word.
ROUTINE_DESPITE_WEAK_WORDS = 0.55  # weak failure words next to routine wording
ROUTINE_WORDED = 0.9
ROUTINE_NO_FAILURE_SENTENCE = 0.7
ROUTINE_PAST_FAILURES_ONLY = 0.6


def classify(
    body: str,
    mentions: Sequence[NameMention],
    *,
    anchor: datetime.date | None = None,
    event_date: datetime.date | None = None,
    title: str = "",
    title_mentions: Sequence[NameMention] = (),
    clutter: PageClutter | None = None,
    about: Callable[[Sentence], bool] | None = None,
    sentences: Sequence[Sentence] | None = None,
) -> Classification:
    """Does the article report an incident, and which sentence says so?

    ``anchor`` (the publication date) resolves relative dates; ``event_date`` (the day of the
    launch the article is about, when known) decides which dated sentences tell of that event
    and which of earlier ones, else the anchor does. The headline counts as a failure
    statement. ``about`` narrows the key sentence to those telling of the chosen launch.
    ``sentences``, when the caller has them, saves reading the body again.
    """
    if sentences is None:
        sentences = body_sentences(body, mentions, find_dates(body, anchor=anchor), clutter)
    reference = event_date or anchor
    past = past_sentences(body, sentences, reference)
    present = [s for s in sentences if s.reports_failure and s.span not in past]
    headline = headline_reports_failure(title, title_mentions)
    routine = bool(_ROUTINE.search(body))
    strong = headline or any(s.strong for s in present)
    if not (present or headline) or (routine and not strong):
        return Classification(False, _routine_confidence(sentences, present, routine), None)
    told = [s for s in present if about is None or about(s)]
    prose = [s for s in told if not s.caption] or told
    if not prose:
        return Classification(True, REPORT_BASE, None)
    key = next((s for s in prose if s.strong), prose[0])
    return Classification(True, _incident_confidence(key, present, headline), key.span)


def headline_states_success(title: str) -> bool:
    """ "Astra reaches orbit", "Vega-C back in business": a success, and no failure word."""
    return bool(title and _SUCCESS.search(title) and not _FAILURE.search(title))


def states_success(
    body: str,
    sentences: Sequence[Sentence],
    *,
    title: str,
    past: set[tuple[int, int]],
) -> bool:
    """The headline, or a sentence of the lead that is not set in the past, says the flight
    went well, and says of no failure that it was the day's ("Astra reaches orbit", "the
    launch went smoothly"; not "reached orbit but failed to deploy its satellite")."""
    if headline_states_success(title):
        return True
    lead = [s for s in sentences if not s.caption][:LEAD_SENTENCES]
    return any(
        _SUCCESS.search(body, s.start, s.end) and not s.reported_failures and s.span not in past
        for s in lead
    )


def headline_reports_failure(title: str, title_mentions: Sequence[NameMention]) -> bool:
    """The headline says something failed on the day of the news."""
    if not title:
        return False
    (sentence,) = _sentences_of(title, [(0, len(title))], title_mentions, (), None)
    return sentence.reports_failure and sentence.strong and not _PAST_WORDS.search(title)


def body_sentences(
    body: str,
    mentions: Sequence[NameMention],
    dates: Sequence[DateMention],
    clutter: PageClutter | None = None,
) -> list[Sentence]:
    return _sentences_of(body, sentence_spans(body), mentions, dates, clutter)


def find_past_events(
    body: str,
    mentions: Sequence[NameMention],
    dates: Sequence[DateMention],
    *,
    main_span: tuple[int, int] | None,
    main_mission: int | str | None = None,
    clutter: PageClutter | None = None,
    sentences: Sequence[Sentence] | None = None,
) -> tuple[EventMention, ...]:
    """Past failures told in passing, in text order, each linked to the one before it.

    A sentence may tell of several ("an Antares exploded in October 2014 and a Falcon 9
    broke apart in June 2015"): each date opens an event with the names around it. A sentence
    about the day of the news may still recall an earlier one ("the first failure since
    September 1983, when a Soyuz exploded on the pad"). An undated failure on the launch pad
    is an event too: a vehicle seldom has more than one; so is an undated failure of a mission
    the sentence names ("an engine failure caused LV0006 to skid"). `main_mission` is the key
    of the launch the article reports: sentences naming it tell the main event again.
    """
    events: list[EventMention] = []
    main_missions = _mission_keys_within(mentions, main_span)
    if sentences is None:
        sentences = body_sentences(body, mentions, dates, clutter)
    for sentence in sentences:
        if not sentence.tells_a_failure or sentence.caption or _overlaps(sentence.span, main_span):
            continue
        named = _mission_keys_within(sentence.subjects, sentence.span)
        if main_missions & named:
            continue  # the main event told again
        undated_too = main_mission not in named  # undated, naming the main launch: its event
        for event in _past_events(body, sentence, events[-1] if events else None, undated_too):
            events.append(event)
    return tuple(events)


# --------------------------------------------------------------------------- sentences


def _sentences_of(
    body: str,
    spans: Sequence[tuple[int, int]],
    mentions: Sequence[NameMention],
    dates: Sequence[DateMention],
    clutter: PageClutter | None,
) -> list[Sentence]:
    urls = url_spans(body)
    ordered_mentions = sorted(mentions, key=lambda m: m.start)
    subjects = [m for m in ordered_mentions if m.kind in SENTENCE_SUBJECT_KINDS]
    agencies = [m for m in ordered_mentions if m.kind == MentionKind.AGENCY]
    ordered_dates = sorted(dates, key=lambda d: d.start)
    sentences: list[Sentence] = []
    earlier: tuple[NameMention, ...] = ()
    for start, end in spans:
        if sentences and "\n\n" in body[sentences[-1].end : start]:
            earlier = ()  # a new paragraph
        named = _within(subjects, start, end) + find_series_mentions(
            body, start, end, _within(ordered_mentions, start, end)
        )
        sentences.append(
            Sentence(
                start=start,
                end=end,
                failures=_failure_hits(body, start, end, urls),
                subjects=named,
                agencies=_within(agencies, start, end),
                generic_subject=bool(_GENERIC_SUBJECT.search(body, start, end)),
                dates=_within(ordered_dates, start, end),
                caption=bool(clutter and clutter.in_caption(start, end)),
                recovery=bool(_RECOVERY.search(body, start, end)),
                earlier_subjects=earlier,
            )
        )
        earlier = named or earlier
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
        if word.in_flight_only and _COUNTDOWN.search(body, start, end):
            continue
        hits.append(
            _FailureHit(match.start(), match.end(), word, _tells_of_elsewhere(body, start, match))
        )
    return tuple(hits)


def _tells_of_elsewhere(body: str, sentence_start: int, match: re.Match[str]) -> bool:
    """ "since ... exploded", "after a failure", "several failed attempts", "failures"."""
    text = match.group(0)
    if _SINCE.search(body, sentence_start, match.start()):
        return True
    if _PLURAL_FAILURE.search(text) or (
        text.casefold() == "failed" and _PLURAL_AFTER.match(body, match.end())
    ):
        return True
    before = body[max(sentence_start, match.start() - 60) : match.start()]
    return bool(_FAILURE_NOUN.search(text) and _AFTER_A_NOUN.search(before))


def _is_asserted(body: str, sentence_start: int, position: int, word: FailureWord) -> bool:
    """Not negated ("no anomaly", "did not fail") and not hypothetical ("could fail")."""
    before = body[max(sentence_start, position - 40) : position]
    if _HYPOTHETICAL_BEFORE.search(before):
        return False
    return word.negation_inside or not _NEGATION_BEFORE.search(before)


def _overlaps(span: tuple[int, int], other: tuple[int, int] | None) -> bool:
    return other is not None and span[0] < other[1] and other[0] < span[1]


# --------------------------------------------------------------------------- classify


def told_as_past(body: str, sentence: Sentence) -> bool:
    """Worded as an earlier event ("Then, ...", "the previous attempt", "another ... was
    lost"), whatever its dates; a sentence naming the day of the news ("on Thursday") is not."""
    text = body[sentence.start : sentence.end]
    if _DAY_OF_THE_EVENT.search(text):
        return False
    return bool(_SEQUENCE_START.search(text) or _PAST_WORDS.search(text))


def is_set_in_past(body: str, sentence: Sentence, reference: datetime.date | None) -> bool:
    """Told as an earlier event: "In October 2014, ...", "Then, ...", "two years ago".
    A sentence naming the day of the news ("on Thursday", "today") stays in the present."""
    text = body[sentence.start : sentence.end]
    if _DAY_OF_THE_EVENT.search(text):
        return False
    if told_as_past(body, sentence):
        return True
    if reference is None and _MONTH_AFTER_PREPOSITION.search(text):
        return True
    return any(_is_past_date(date, reference) for date in sentence.dates)


def past_sentences(
    body: str,
    sentences: Sequence[Sentence],
    reference: datetime.date | None,
    *,
    by_dates: bool = True,
) -> set[tuple[int, int]]:
    """The spans of the sentences set before the day of the news: by their own dates and
    words (see `is_set_in_past`; only words when `by_dates` is false), by failure words that
    all tell of other events, or by continuing the story of the sentence before them in
    their paragraph ("In July 2017 the rocket failed. That was traced to a turbopump.")
    when they give no date and no day of their own."""
    past: set[tuple[int, int]] = set()
    previous_was_past = False
    previous: Sentence | None = None
    for sentence in sentences:
        if previous is not None and "\n\n" in body[previous.end : sentence.start]:
            previous_was_past = False
        own = (
            is_set_in_past(body, sentence, reference) if by_dates else told_as_past(body, sentence)
        )
        only_elsewhere = bool(sentence.failures) and not sentence.reported_failures
        continues = previous_was_past and _gives_no_time(body, sentence)
        if own or only_elsewhere or continues:
            past.add(sentence.span)
        previous_was_past = own or only_elsewhere or continues
        previous = sentence
    return past


def _gives_no_time(body: str, sentence: Sentence) -> bool:
    text = body[sentence.start : sentence.end]
    return not sentence.dates and not _DAY_OF_THE_EVENT.search(text)


def _is_past_date(date: DateMention, reference: datetime.date | None) -> bool:
    if _PRESENT_DATE.match(date.text):
        return False
    if reference is None:
        return True
    return date.period.last < reference - PRESENT_WINDOW


def _incident_confidence(key: Sentence, present: list[Sentence], headline: bool) -> float:
    confidence = REPORT_BASE
    if key.strong:
        confidence += STRONG_WORD
    if any(s.subjects for s in present):
        confidence += NAMED_SUBJECT
    if headline:
        confidence += IN_THE_HEADLINE
    confidence += FURTHER_SENTENCE * min(FURTHER_SENTENCES_COUNTED, len(present) - 1)
    return round(min(confidence, REPORT_CEILING), 2)


def _routine_confidence(
    sentences: Sequence[Sentence], present: list[Sentence], routine: bool
) -> float:
    if present:
        return ROUTINE_DESPITE_WEAK_WORDS
    if routine and not any(s.failures for s in sentences):
        return ROUTINE_WORDED
    if any(s.is_failure for s in sentences):
        return ROUTINE_PAST_FAILURES_ONLY
    return ROUTINE_NO_FAILURE_SENTENCE


# --------------------------------------------------------------------------- past events


def _past_events(
    body: str, sentence: Sentence, previous: EventMention | None, undated_too: bool = True
) -> list[EventMention]:
    text = body[sentence.start : sentence.end]
    on_the_day = bool(_DAY_OF_THE_EVENT.search(text))
    dated = [d for d in sentence.dates if not _PRESENT_DATE.match(d.text)]
    starts_with = _SEQUENCE_START.search(text)
    then = starts_with is not None and starts_with.group("word").casefold() in (
        "then",
        "after that",
    )
    on_pad = bool(_ON_PAD.search(text))
    if on_the_day and not dated:
        return []  # "on Thursday" is the day of the news, not an earlier event
    names_a_mission = any(
        m.kind == MentionKind.MISSION and m.keys and is_specific_name(m.text)
        for m in sentence.subjects
    )
    if not dated:
        if not undated_too:
            return []
        if then or ((on_pad or names_a_mission) and not on_the_day):
            order = Succession.THEN if then else Succession.NONE
            return [_event(sentence, sentence.span, None, on_pad, order, previous)]
        return []
    events: list[EventMention] = []
    for index, date in enumerate(dated):
        if any(_same_period(date, other) for other in dated[:index]):
            continue  # "in July 2006 ... last year": one event, told twice
        # The names that go with this date: from the previous date on, or (on the day of the
        # news) from this date to the sentence's end, where "…, when a Soyuz exploded" follows,
        # or from a "since" before it ("the first flight since one crashed in July").
        first = sentence.start if index == 0 else dated[index - 1].end
        since = _since_before(body, first, date.start) if on_the_day else None
        if on_the_day:
            first = date.start if since is None else since
        last = dated[index + 1].start if index + 1 < len(dated) else sentence.end
        clause = body[first:last] if on_the_day else text
        if on_the_day and not _tells_a_failure(sentence, first, last, named=since is None):
            continue
        event = _event(
            sentence,
            (first, last),
            date,
            bool(_ON_PAD.search(clause)),
            Succession.NONE,
            events[-1] if events else previous,
        )
        events.append(event)
    return events


def _same_period(date: DateMention, other: DateMention) -> bool:
    """One date lies within the other's period (a year and a month of it)."""
    period, within = date.period, other.period
    return (period.first <= within.first and within.last <= period.last) or (
        within.first <= period.first and period.last <= within.last
    )


def _tells_a_failure(sentence: Sentence, first: int, last: int, *, named: bool = True) -> bool:
    """A failure word inside first..last, and (when `named`) a named subject there too."""
    return any(first <= hit.start < last for hit in sentence.failures) and (
        not named or any(first <= m.start and m.end <= last for m in sentence.subjects)
    )


def _since_before(body: str, start: int, end: int) -> int | None:
    """Where the last "since" between start and end begins, if any."""
    found = [match.start() for match in _SINCE.finditer(body, start, end)]
    return found[-1] if found else None


def _event(
    sentence: Sentence,
    span: tuple[int, int],
    date: DateMention | None,
    on_pad: bool,
    order: Succession,
    previous: EventMention | None,
) -> EventMention:
    first, last = span
    later = date is not None and date.relative and date.text.casefold().endswith("later")
    sequence = Succession.LATER if later else order
    subjects = tuple(m for m in sentence.subjects if first <= m.start and m.end <= last)
    agencies = tuple(m for m in sentence.agencies if first <= m.start and m.end <= last)
    if not subjects and not agencies:
        # "... failed in 1997 and 1999": the names are the sentence's, or (for "Previous
        # failures were in July 2020 and May 2021") those of the sentence before.
        subjects = sentence.subjects or sentence.earlier_subjects
        agencies = sentence.agencies
    return EventMention(
        start=sentence.start,
        end=sentence.end,
        subjects=subjects,
        year=date.year if date else None,
        month=date.month if date else None,
        on_pad=on_pad,
        sequence=sequence,
        after=_previous_month(previous) if sequence != Succession.NONE else None,
        agencies=agencies,
        generic_subject=sentence.generic_subject,
    )


def _mission_keys_within(
    mentions: Sequence[NameMention], span: tuple[int, int] | None
) -> set[int | str]:
    if span is None:
        return set()
    return {
        key
        for m in mentions
        if m.kind == MentionKind.MISSION and span[0] <= m.start and m.end <= span[1]
        for key in m.keys
    }


def _previous_month(previous: EventMention | None) -> tuple[int, int] | None:
    if previous is None:
        return None
    if previous.year is not None and previous.month is not None:
        return previous.year, previous.month
    return previous.after
