"""Facts an article states about an incident, each with the sentence that states it.

Plain Python, no Django imports (units with pint).

What is found, in sentences about the incident:

- time into flight: "383 seconds into the flight", "after 382 seconds of flight", "six minutes
  and 22 seconds of the flight", "T+39 seconds";
- altitude: "at an altitude of about 190 km", "about 120 miles over Tuva";
- payload mass: "carrying 2.6 tons of food, fuel and supplies", "more than 5,300 pounds of
  cargo" (the load as a whole, not "1,400 pounds of propellant");
- the failed stage: "the third stage … shut down";
- where debris fell: "over … the Republic of Tyva", "debris fell into the Atlantic";
- the cause: "caused by …", "due to …", "the cause was …";
- people: "killing all seven", "a crew of three", "21 people were killed".

A quantity keeps the words as written, its value in SI units (s, m, kg), and the range the
statement allows: "382 seconds" is 381.5 to 382.5 s, "about 120 miles" 115 to 125 miles,
"more than 5,300 pounds" (or "at least", "over") 2,404 kg or more, "up to 3 tons" at most
3, "nearly 3 tons" 2.7 to 3, and "tons" alone any of short, metric or long tons. Two
statements disagree only when their ranges do not meet: 382 s and 383 s do; 118 and "about
120" miles, or "more than 5,300 pounds" and "2.6 tons", do not.

Each fact says who the sentence gives it to ("Roscosmos said …", "according to NASA"), if
anyone.
"""

from __future__ import annotations

import bisect
import difflib
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import pint

from articles.pipeline.text import is_clipped, sentence_spans, shorten, without_last_word

TIME_INTO_FLIGHT = "time_into_flight"
ALTITUDE = "altitude"
PAYLOAD_MASS = "payload_mass"
FAILED_STAGE = "failed_stage"
DEBRIS_LOCATION = "debris_location"
CAUSE = "cause"
FATALITIES = "fatalities"
CREW = "crew"

SI_UNITS = {TIME_INTO_FLIGHT: "second", ALTITUDE: "meter", PAYLOAD_MASS: "kilogram"}


@dataclass(frozen=True)
class Quantity:
    value: float  # as written, in `unit`
    unit: str  # a pint unit: "second", "kilometer", "mile", "pound", "ton", "tonne"
    si: float  # in SI_UNITS of the fact's kind
    low: float  # the range the statement allows, in SI units
    high: float
    qualifier: str = ""  # "", "about", "more than", "less than"

    def meets(self, other: Quantity) -> bool:
        """Do the two statements agree (their ranges meet, not merely touch)?"""
        return self.low < other.high and other.low < self.high


@dataclass(frozen=True)
class FoundFact:
    kind: str
    start: int  # the sentence stating it
    end: int
    text: str  # the words that state it
    value: str  # what the page shows: "383 seconds", "third stage", "Tuva"
    quantity: Quantity | None = None
    said_by: str = ""  # whom the sentence gives it to, if anyone


# --------------------------------------------------------------------------- numbers

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_UNITS_WORDS = "one|two|three|four|five|six|seven|eight|nine"
_NUMBER = (
    r"(?<![\w-])(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?"
    rf"|(?:{_TENS})-(?:{_UNITS_WORDS})|"
    + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
    + r")"
)
_ABOUT = (
    r"(?P<q>about|around|approximately|nearly|almost|roughly|some|close\s+to|just\s+under"
    r"|just\s+over|no\s+more\s+than|more\s+than|at\s+least|at\s+most|in\s+excess\s+of"
    r"|upwards\s+of|over|less\s+than|under|up\s+to)\s+"
)
# What the words before a number allow of it (a value `x` as written):
APPROXIMATE = frozenset({"about", "around", "approximately", "roughly", "some", "close to"})
AT_LEAST = frozenset({"more than", "over", "at least", "in excess of", "upwards of"})  # x or more
AT_MOST = frozenset({"less than", "under", "up to", "at most", "no more than"})  # 0 to x
JUST_BELOW = frozenset({"nearly", "almost", "just under"})  # a little under x
JUST_ABOVE = frozenset({"just over"})  # a little over x
NEAR = 0.1  # how far "nearly" and "just over" reach: a tenth of the value


def parse_number(text: str) -> tuple[float, float] | None:
    """(value, precision): "382" -> (382, 1), "2.6" -> (2.6, 0.1), "5,300" -> (5300, 100)
    when round, "seven" -> (7, 1)."""
    word = text.casefold()
    if word in NUMBER_WORDS:
        return float(NUMBER_WORDS[word]), 1.0
    if "-" in word and all(part in NUMBER_WORDS for part in word.split("-")):
        tens, units = word.split("-")
        return float(NUMBER_WORDS[tens] + NUMBER_WORDS[units]), 1.0
    digits = text.replace(",", "")
    try:
        value = float(digits)
    except ValueError:
        return None
    if "." in digits:
        return value, 10.0 ** -len(digits.split(".")[1])
    return value, 1.0


def _round_precision(text: str, precision: float) -> float:
    """An approximate round number is known to its last non-zero digit: "about 190" to 10."""
    digits = text.replace(",", "")
    if "." in digits or not digits.isdigit():
        return precision
    zeros = len(digits) - len(digits.rstrip("0"))
    return 10.0**zeros if zeros else precision


# --------------------------------------------------------------------------- units

_UNITS = {
    "s": "second", "sec": "second", "secs": "second", "second": "second", "seconds": "second",
    "minute": "minute", "minutes": "minute", "min": "minute",
    "km": "kilometer", "kilometer": "kilometer", "kilometers": "kilometer",
    "kilometre": "kilometer", "kilometres": "kilometer", "mile": "mile", "miles": "mile",
    "mi": "mile", "m": "meter", "meter": "meter", "meters": "meter", "metre": "meter",
    "metres": "meter", "feet": "foot", "ft": "foot", "foot": "foot",
    "pound": "pound", "pounds": "pound", "lb": "pound", "lbs": "pound", "kg": "kilogram",
    "kilogram": "kilogram", "kilograms": "kilogram", "ton": "ton", "tons": "ton",
    "tonne": "tonne", "tonnes": "tonne", "t": "tonne", "metric tons": "tonne",
    "metric ton": "tonne",
}  # fmt: skip
_UNIT_WORDS = "|".join(sorted((re.escape(u) for u in _UNITS), key=len, reverse=True))


@cache
def _registry() -> pint.UnitRegistry[float]:
    return pint.UnitRegistry()


def quantity(number: str, unit_word: str, kind: str, qualifier: str = "") -> Quantity | None:
    parsed = parse_number(number)
    unit = _UNITS.get(unit_word.casefold())
    if parsed is None or unit is None:
        return None
    value, precision = parsed
    qualifier = " ".join(qualifier.casefold().split())
    low, high = _range(number, value, precision, qualifier)
    low_unit, high_unit = AMBIGUOUS_UNITS.get(unit, (unit, unit))
    return Quantity(
        value=value,
        unit=unit,
        si=value * _to_si(unit, kind),
        low=low * _to_si(low_unit, kind),
        high=high * _to_si(high_unit, kind) if high != math.inf else math.inf,
        qualifier=qualifier,
    )


# "tons" alone may be short tons (US), metric tonnes (the figure an agency gives) or long
# tons: the statement allows any of them, from the lightest to the heaviest.
AMBIGUOUS_UNITS = {"ton": ("ton", "long_ton")}


def _to_si(unit: str, kind: str) -> float:
    return float(_registry().Quantity(1, unit).to(SI_UNITS[kind]).magnitude)


def _range(number: str, value: float, precision: float, qualifier: str) -> tuple[float, float]:
    """The least and the most the words allow, in the unit as written: "382" is 381.5 to
    382.5, "about 190" 185 to 195, "more than 5,300" 5,300 or more, "nearly 3" 2.7 to 3."""
    if qualifier in APPROXIMATE:
        precision = max(precision, _round_precision(number, precision))
    if qualifier in AT_LEAST:
        return value, math.inf
    if qualifier in AT_MOST:
        return 0.0, value
    if qualifier in JUST_BELOW:
        return value * (1 - NEAR), value
    if qualifier in JUST_ABOVE:
        return value, value * (1 + NEAR)
    return value - precision / 2, value + precision / 2


_WRITTEN = re.compile(rf"^(?:{_ABOUT})?(?P<n>{_NUMBER})\s*(?P<u>{_UNIT_WORDS})$", re.IGNORECASE)


def quantity_of(value: str, kind: str) -> Quantity | None:
    """The quantity a stored value states, as `_as_written` wrote it ("more than 5,300
    pounds"): how the range of a fact found before is worked out again."""
    match = _WRITTEN.match(" ".join(value.split()))
    if match is None or kind not in SI_UNITS:
        return None
    return quantity(match["n"], match["u"], kind, match["q"] or "")


def _as_written(number: str, unit_word: str, qualifier: str) -> str:
    words = f"{qualifier} {number} {unit_word}" if qualifier else f"{number} {unit_word}"
    return " ".join(words.split())


# --------------------------------------------------------------------------- patterns

_Q = rf"(?:{_ABOUT})?(?:\(\s*)?"
_TIME = [
    re.compile(
        rf"{_Q}(?P<n>{_NUMBER})\s+(?P<u>seconds?|secs?|minutes?)\s+(?:into|after)\s+"
        r"(?:the\s+|its\s+)?(?:flight|launch|lift-?off|liftoff|ascent|mission)",
        re.I,
    ),
    re.compile(rf"after\s+{_Q}(?P<n>{_NUMBER})\s+(?P<u>seconds?)\s+of\s+(?:the\s+)?flight", re.I),
    re.compile(rf"\bT\s?\+\s?(?P<n>{_NUMBER})\s*(?P<u>seconds?|s)\b", re.I),
]
_MINUTES_AND_SECONDS = re.compile(
    rf"(?P<m>{_NUMBER})\s+minutes?\s+and\s+(?P<s>{_NUMBER})\s+seconds?\s+"
    r"(?:of|into|after)\s+(?:the\s+)?(?:flight|launch|lift-?off)",
    re.I,
)
_ALTITUDE = [
    re.compile(
        rf"altitude\s+of\s+{_Q}(?P<n>{_NUMBER})\s*(?P<u>{_UNIT_WORDS})\b(?!\s+(?:east|west|north|south))",
        re.I,
    ),
    re.compile(
        rf"{_Q}(?P<n>{_NUMBER})\s*(?P<u>km|kilomet(?:er|re)s|miles)\b\s*\)?\s+(?:over|above)\s+"
        r"(?:the\s+)?[A-Z]",
    ),
]
_CARGO_NOUNS = r"(?:cargo|supplies|payload|freight|provisions|food|goods)"
_MASS = re.compile(
    rf"{_Q}(?P<n>{_NUMBER})\s*(?P<u>metric\s+tons?|tonnes?|tons?|pounds?|lbs?|kg|kilograms?)"
    rf"\s+of\s+(?P<what>{_CARGO_NOUNS})\b",
    re.I,
)
_STAGE = re.compile(
    r"\b(?P<stage>first|second|third|fourth|upper|core|kick)[\s-]+stage\b", re.IGNORECASE
)
_FAILURE_WORDS = re.compile(
    r"\b(?:fail\w*|anomal\w*|shut\s+down|malfunction\w*|explo\w+|lost|loss|problem|cut\s*off"
    r"|did\s+not\s+(?:ignite|fire|separate)|contingenc\w+)\b",
    re.IGNORECASE,
)
_PLACE = (
    r"(?:the\s+)?(?P<place>(?:Republic\s+of\s+)?[A-Z][\w'’-]+(?:\s+(?:of\s+)?[A-Z][\w'’-]+){0,3})"
)
_DEBRIS = [
    re.compile(
        rf"\b(?i:debris|fragments|wreckage|remains|pieces)\b[^.!?]{{0,60}}?\b(?:fell|rained|came\s+down|"
        rf"landed|crashed|scattered)\s+(?:in|into|over|on|near|across)\s+{_PLACE}"
    ),
    re.compile(
        rf"\b(?:over|above)\s+(?:[a-z][\w-]*,?\s+){{0,6}}?(?:of\s+)?{_PLACE}",
    ),
]
_DEBRIS_CONTEXT = re.compile(
    r"\b(?:debris|fragments|burn(?:ed|t)\s+up|contingency|failure|crash\w*|fell|impact\w*"
    r"|atmosphere|destroyed|explo\w+)\b",
    re.IGNORECASE,
)
_NOT_PLACES = frozenset(
    "The This That It Its Earth Moon Mars International Space Station ISS NASA".split()
)
_CAUSE = re.compile(
    r"\b(?:caused\s+by|was\s+due\s+to|because\s+of|(?:the\s+)?(?:root\s+)?cause\s+(?:of\s+the\s+"
    r"\w+\s+)?(?:was|is|has\s+been\s+traced\s+to)|traced\s+(?:back\s+)?to|blamed\s+(?:on|for))\s+"
    r"(?P<cause>[^.;!?]{8,})",
    re.IGNORECASE,
)
_KILLED = [
    re.compile(rf"\bkilling\s+(?:all\s+)?(?P<n>{_NUMBER})\b", re.I),
    re.compile(
        rf"\b(?:at\s+least\s+)?(?P<n>{_NUMBER})\s+(?:people|astronauts|cosmonauts|crew\s+members"
        r"|workers|technicians|members\s+of\s+the\s+ground\s+crew)\s+(?:were\s+|was\s+)?"
        r"(?:killed|died|dead|lost\s+their\s+lives)",
        re.I,
    ),
]
_CREW = re.compile(
    rf"\b(?:crew\s+of\s+(?P<a>{_NUMBER})|(?P<b>{_NUMBER})[\s-]+(?:member|man|person)\s+crew"
    rf"|(?P<c>{_NUMBER})\s+(?:astronauts|cosmonauts|people)\s+(?:on\s+board|aboard))\b"
    r"(?!\s+(?:the\s+)?(?:(?:international\s+)?space\s+station|ISS|station))",
    re.I,
)
_STATION_BEFORE = re.compile(r"\b(?:station|ISS|outpost|orbiting\s+lab)\b", re.IGNORECASE)
_SAID = re.compile(
    r"\b(?:said|says|reported|confirmed|announced|wrote|stated|added|posted|published"
    r"|according\s+to|statement|told)\b",
    re.IGNORECASE,
)


# --------------------------------------------------------------------------- finding


def find_facts(
    body: str,
    *,
    spans: Sequence[tuple[int, int]] | None = None,
    speakers: Sequence[tuple[int, int, str]] = (),
) -> list[FoundFact]:
    """Facts stated in the sentences `spans` (default: every sentence of the body).
    `speakers` are organisations named in the body, as (start, end, name): a sentence that
    names one with "said", "reported", "according to" is theirs, and so is the next sentence
    of a quoted statement."""
    found: list[FoundFact] = []
    sentences = list(spans) if spans is not None else sentence_spans(body)
    named = _Speakers(speakers)
    for start, end in sentences:
        facts = _facts_in(body[start:end], clipped=is_clipped(body, start, end))
        said_by = _speaker(body, start, end, named) if facts else ""
        for fact in facts:
            found.append(
                FoundFact(
                    kind=fact.kind,
                    start=start,
                    end=end,
                    text=fact.text,
                    value=fact.value,
                    quantity=fact.quantity,
                    said_by=said_by,
                )
            )
    return found


def _facts_in(sentence: str, *, clipped: bool = False) -> list[FoundFact]:
    facts: list[FoundFact] = []
    facts += _times(sentence)
    facts += _quantities(sentence, _ALTITUDE, ALTITUDE)
    facts += _masses(sentence)
    if _FAILURE_WORDS.search(sentence):
        facts += _stages(sentence)
    facts += _debris(sentence)
    facts += _causes(sentence, clipped=clipped)
    facts += _people(sentence)
    return facts


def _fact(kind: str, match: re.Match[str], value: str, q: Quantity | None = None) -> FoundFact:
    return FoundFact(kind, 0, 0, match.group(0).strip(), value, q)


def _times(sentence: str) -> list[FoundFact]:
    found = []
    for match in _MINUTES_AND_SECONDS.finditer(sentence):
        minutes, seconds = parse_number(match["m"]), parse_number(match["s"])
        if minutes and seconds:
            total = minutes[0] * 60 + seconds[0]
            q = quantity(str(int(total)), "seconds", TIME_INTO_FLIGHT)
            found.append(_fact(TIME_INTO_FLIGHT, match, f"{int(total)} seconds", q))
    if found:
        return found
    return _quantities(sentence, _TIME, TIME_INTO_FLIGHT)


def _quantities(sentence: str, patterns: Sequence[re.Pattern[str]], kind: str) -> list[FoundFact]:
    for pattern in patterns:
        for match in pattern.finditer(sentence):
            qualifier = match.groupdict().get("q") or ""
            q = quantity(match["n"], match["u"], kind, qualifier)
            if q is not None:
                return [_fact(kind, match, _as_written(match["n"], match["u"], qualifier), q)]
    return []


def _masses(sentence: str) -> list[FoundFact]:
    for match in _MASS.finditer(sentence):
        qualifier = match["q"] or ""
        q = quantity(match["n"], match["u"], PAYLOAD_MASS, qualifier)
        if q is not None:
            return [_fact(PAYLOAD_MASS, match, _as_written(match["n"], match["u"], qualifier), q)]
    return []


def _stages(sentence: str) -> list[FoundFact]:
    match = _STAGE.search(sentence)
    if match is None:
        return []
    return [_fact(FAILED_STAGE, match, f"{match['stage'].casefold()} stage")]


def _debris(sentence: str) -> list[FoundFact]:
    if not _DEBRIS_CONTEXT.search(sentence):
        return []
    for pattern in _DEBRIS:
        for match in pattern.finditer(sentence):
            place = _trim_place(match["place"])
            if place and place.split()[0] not in _NOT_PLACES:
                return [_fact(DEBRIS_LOCATION, match, place)]
    return []


def _trim_place(place: str) -> str:
    words = place.split()
    while words and words[-1] in ("The", "A", "An"):
        words.pop()
    return " ".join(words)


CAUSE_LENGTH = 160  # characters of a cause the page shows, cut after a whole word


def _causes(sentence: str, *, clipped: bool = False) -> list[FoundFact]:
    """What the sentence says caused the failure. A sentence cut off mid-word (`clipped`: the
    excerpt stops there) loses its last word rather than show "design err"."""
    match = _CAUSE.search(sentence)
    if match is None:
        return []
    cause = match["cause"].strip(" ,\"'“”")
    if clipped and match.end() >= len(sentence.rstrip()):
        cause = without_last_word(cause)
    if len(cause.split()) < 2:
        return []
    return [_fact(CAUSE, match, shorten(cause, CAUSE_LENGTH))]


def _people(sentence: str) -> list[FoundFact]:
    found = []
    for pattern in _KILLED:
        match = pattern.search(sentence)
        if match:
            number = parse_number(match["n"])
            if number:
                found.append(_fact(FATALITIES, match, str(int(number[0]))))
                break
    crew = _CREW.search(sentence)
    if crew and _STATION_BEFORE.search(sentence, max(0, crew.start() - 50), crew.start()):
        crew = None  # "the space station, which has six astronauts on board": its crew
    if crew:
        number = parse_number(crew["a"] or crew["b"] or crew["c"])
        if number:
            found.append(_fact(CREW, crew, str(int(number[0]))))
    return found


_SUBJECT_SAID = re.compile(
    r"(?<![\w.&-])(?P<who>[A-Z][\w.&-]*+(?:\s+[A-Z][\w.&-]*+){0,3})(?:['’]s)?\s+(?:officials\s+|spokes\w+\s+)?"
    r"(?:also\s+)?(?:said|says|added|wrote|published|posted|reported|announced|stated"
    r"|confirmed|told)\b"
    r"|\baccording\s+to\s+(?:the\s+)?(?P<source>[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,3})"
)
_QUOTE_INTRO = re.compile(r":\s*$")
QUOTED_PARAGRAPHS = 2


class _Speakers:
    """The organisations a body names: their spellings, and which a stretch of text holds."""

    def __init__(self, speakers: Sequence[tuple[int, int, str]]) -> None:
        self._found = sorted(speakers)
        self._starts = [start for start, _, _ in self._found]
        self.names = list(dict.fromkeys(name for _, _, name in self._found))

    def within(self, start: int, end: int) -> list[str]:
        first = bisect.bisect_left(self._starts, start)
        last = bisect.bisect_right(self._starts, end)
        return [name for s, e, name in self._found[first:last] if e <= end]


def _speaker(body: str, start: int, end: int, speakers: _Speakers) -> str:
    """Whom the sentence gives its statement to: an organisation it names with "said",
    "reported", "according to"; else the one that introduces the quoted statement it stands
    in ("Roscosmos added the following on its blog:"); else the sentence before it, when that
    one tells who reported what follows."""
    own = _named_speaker(body, start, end, speakers)
    if own:
        return own
    intro = _quote_intro(body, start)
    if intro is not None:
        return _named_speaker(body, *intro, speakers)
    previous = _previous_sentence(body, start)
    return _named_speaker(body, *previous, speakers) if previous else ""


def _named_speaker(body: str, start: int, end: int, speakers: _Speakers) -> str:
    """The subject of "said" (or "wrote", "reported" …), else the source of "according to",
    else an organisation the sentence names; an organisation's own spelling is preferred to
    the subject as written ("Roscomos" in a text that also writes "Roscosmos")."""
    sentence = body[start:end]
    if not _SAID.search(sentence):
        return ""
    for group in ("who", "source"):
        for match in _SUBJECT_SAID.finditer(sentence):
            who = match[group]
            if who and who.split()[0] not in _PRONOUNS:
                return _canonical(who, speakers.names)
    named = speakers.within(start, end)
    return named[0] if named else ""


_PRONOUNS = frozenset("It He She They We The This That A An".split())


def _canonical(who: str, names: Sequence[str]) -> str:
    """`who` as the text otherwise spells it, when a name it names is close enough."""
    words = who.split()
    for name in names:
        if name.casefold() == who.casefold():
            return name
    for name in names:
        for word in words:
            if (
                len(word) >= 5
                and difflib.SequenceMatcher(None, word.casefold(), name.casefold()).ratio() >= 0.85
            ):
                return name
    return who


def _quote_intro(body: str, start: int) -> tuple[int, int] | None:
    """One of the two paragraphs before the one `start` is in, when it ends with a colon
    ("Roscosmos added the following on its blog:") and so introduces a quoted statement."""
    position = start
    for _ in range(QUOTED_PARAGRAPHS):
        paragraph_start = body.rfind("\n", 0, position)
        if paragraph_start < 0:
            return None
        previous_end = paragraph_start
        while previous_end > 0 and body[previous_end - 1].isspace():
            previous_end -= 1
        previous_start = body.rfind("\n", 0, previous_end) + 1
        if _QUOTE_INTRO.search(body[previous_start:previous_end]):
            return previous_start, previous_end
        position = previous_start
    return None


def _previous_sentence(body: str, start: int) -> tuple[int, int] | None:
    paragraph_start = body.rfind("\n", 0, start) + 1
    before = body[paragraph_start:start]
    spans = sentence_spans(before)
    if not spans:
        return None
    last_start, last_end = spans[-1]
    return paragraph_start + last_start, paragraph_start + last_end
