"""Find mentions of catalog names (missions, vehicles, families, sites, agencies) in a body.

Plain Python, no Django imports.

A ``Gazetteer`` is built once per import batch from ``GazetteerEntry`` rows (names and
aliases). It stores the names as a trie of normalised tokens, so matching an article is one
pass over its tokens, whatever the number of names.

Matching rules:

- Names match case-insensitively on token boundaries after ``normalize_name`` (a token is a
  run of letters or a run of digits, so "N-1" and "N1" match each other); the body may
  join a name's tokens with spaces (one line break at most), a single hyphen, dash,
  underscore, apostrophe or dot, or quotes: an entry "Soyuz-U" matches "Soyuz U", "Soyuz-U"
  and "SOYUZ-U", never "Soyuz. U" (a sentence end).
- Where matches overlap the longest wins; on the same span the kind priority is mission >
  vehicle > family > site > agency. One ``NameMention`` carries every key of the winning kind
  that shares the name; several keys mean the name is ambiguous and lower the confidence
  (the best entry confidence divided by the number of keys).
- Names shorter than three letters or digits, or made only of English stop words, match only
  where the body writes them as an all-caps acronym ("ISS", "US").
- Text written all in lower case never matches: proper names are capitalised, and catalog
  names such as "Test", "Head" or "Progress" are also ordinary words ("engine test").
- A name ending in a digit does not match the start of a longer number: "Falcon 9" matches
  neither "Falcon 90" nor "Falcon 9.5"; likewise a name starting with a digit.
- Web addresses and Markdown link targets are skipped.

``find_series_mentions`` adds bare spacecraft-series names that the gazetteer does not cover,
as mentions of kind "series" without keys: the known ``SERIES_NAMES`` ("Progress", "Cygnus",
"Dragon"), a capitalised word before a craft noun ("a Kite cargo ship") or after "another".
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from articles.pipeline.text import (
    NAME_SEPARATORS,
    STOP_WORDS,
    TOKEN_PATTERN,
    name_tokens,
    url_spans,
)


class MentionKind(StrEnum):
    """What a name in the text names: a catalog record of one of the first five kinds, or a
    spacecraft series the catalog names only inside payload names ("a Progress ship")."""

    MISSION = "mission"
    VEHICLE = "vehicle"
    FAMILY = "family"
    SITE = "site"
    AGENCY = "agency"
    SERIES = "series"


KIND_PRIORITY: tuple[MentionKind, ...] = (
    MentionKind.MISSION,
    MentionKind.VEHICLE,
    MentionKind.FAMILY,
    MentionKind.SITE,
    MentionKind.AGENCY,
)
_KIND_RANK = {kind: rank for rank, kind in enumerate(KIND_PRIORITY)}

Key = int | str


@dataclass(frozen=True)
class GazetteerEntry:
    kind: MentionKind
    key: Key
    name: str
    confidence: float = 1.0

    def __post_init__(self) -> None:
        if self.kind not in _KIND_RANK:
            raise ValueError(
                f"unknown gazetteer kind {self.kind!r}; expected one of {KIND_PRIORITY}"
            )
        object.__setattr__(self, "kind", MentionKind(self.kind))


@dataclass(frozen=True)
class NameMention:
    """A catalog name found in a text, with the records it may mean."""

    kind: MentionKind
    keys: tuple[Key, ...]
    start: int
    end: int
    text: str
    confidence: float


@dataclass(frozen=True, slots=True)
class _NameInfo:
    kind: MentionKind
    keys: tuple[Key, ...]
    confidence: float
    needs_acronym: bool
    starts_with_digit: bool
    ends_with_digit: bool


@dataclass(slots=True)
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    info: _NameInfo | None = None


@dataclass(frozen=True, slots=True)
class _Token:
    start: int
    end: int
    norm: str
    joins_next: bool  # the gap to the next token may sit inside a name
    glued_next: bool  # no gap at all: the next token continues the same word ("N1", "9R")


@dataclass(frozen=True, slots=True)
class _Candidate:
    first: int  # token indexes, inclusive
    last: int
    start: int  # character offsets
    end: int
    info: _NameInfo


class Gazetteer:
    """Names of catalog entities, ready for matching. Build once, match many articles."""

    def __init__(self, entries: Iterable[GazetteerEntry]) -> None:
        self._root = _Node()
        grouped = _group_entries_by_name(entries)
        for tokens, by_kind in grouped.items():
            self._insert(tokens, _name_info(tokens, by_kind))
        self._size = len(grouped)

    def __len__(self) -> int:
        """The number of distinct normalised names."""
        return self._size

    def _insert(self, tokens: tuple[str, ...], info: _NameInfo) -> None:
        node = self._root
        for token in tokens:
            node = node.children.setdefault(token, _Node())
        node.info = info

    def _candidates(self, body: str, tokens: Sequence[_Token]) -> list[_Candidate]:
        """Every name that matches at some token, before overlaps are resolved."""
        found = []
        for first in range(len(tokens)):
            node = self._root.children.get(tokens[first].norm)
            last = first
            while node is not None:
                info = node.info
                if info is not None and _is_whole_word(tokens, first, last):
                    start, end = tokens[first].start, tokens[last].end
                    if _accepts(body, start, end, info):
                        found.append(_Candidate(first, last, start, end, info))
                if not tokens[last].joins_next or last + 1 == len(tokens):
                    break
                last += 1
                node = node.children.get(tokens[last].norm)
        return found


def find_mentions(body: str, gazetteer: Gazetteer) -> tuple[NameMention, ...]:
    """Gazetteer names in ``body``, in text order, with exact offsets."""
    tokens = _body_tokens(body)
    chosen = _longest_without_overlap(gazetteer._candidates(body, tokens))
    return tuple(_mention(body, candidate) for candidate in chosen)


# --------------------------------------------------------------------------- building


def _group_entries_by_name(
    entries: Iterable[GazetteerEntry],
) -> dict[tuple[str, ...], dict[str, dict[Key, float]]]:
    """normalised tokens -> kind -> key -> best confidence."""
    grouped: dict[tuple[str, ...], dict[str, dict[Key, float]]] = {}
    for entry in entries:
        tokens = name_tokens(entry.name)
        if not tokens:
            continue
        keys = grouped.setdefault(tokens, {}).setdefault(entry.kind, {})
        keys[entry.key] = max(entry.confidence, keys.get(entry.key, entry.confidence))
        if not _is_short_acronym(entry.name):
            grouped[tokens].setdefault(_WRITTEN_AS_A_WORD, {})
    return grouped


# Marks a name some entry writes as a word ("Doe"), not only as an acronym ("DOE").
_WRITTEN_AS_A_WORD = "written as a word"


def _is_short_acronym(name: str) -> bool:
    """ "DOE", "ESA": three capitals or fewer, which in text must stay capitals."""
    letters = [c for c in name if c.isalpha()]
    return 0 < len(letters) <= 3 and all(c.isupper() for c in letters)


def _name_info(tokens: tuple[str, ...], by_kind: dict[str, dict[Key, float]]) -> _NameInfo:
    as_a_word = by_kind.pop(_WRITTEN_AS_A_WORD, None) is not None
    kind = min((MentionKind(name) for name in by_kind), key=_KIND_RANK.__getitem__)
    keys = by_kind[kind]
    best = max(keys.values())
    compact = "".join(tokens)
    needs_acronym = (
        len(compact) < 3 or all(token in STOP_WORDS for token in tokens) or not as_a_word
    )
    return _NameInfo(
        kind=kind,
        keys=tuple(keys),
        confidence=best if len(keys) == 1 else best / len(keys),
        needs_acronym=needs_acronym,
        starts_with_digit=compact[0].isdigit(),
        ends_with_digit=compact[-1].isdigit(),
    )


# --------------------------------------------------------------------------- matching

_QUOTES = '"\u201c\u201d'
_DIGIT_CONTINUATION = re.compile(r"[.,]\d")


def _body_tokens(body: str) -> list[_Token]:
    """Tokens of the body outside web addresses, each knowing if the next one may join it."""
    urls = url_spans(body)
    url_starts = [start for start, _ in urls]
    spans = [
        match.span()
        for match in TOKEN_PATTERN.finditer(body)
        if not _inside(match.start(), urls, url_starts)
    ]
    tokens = []
    for index, (start, end) in enumerate(spans):
        gap = body[end : spans[index + 1][0]] if index + 1 < len(spans) else " "
        tokens.append(_Token(start, end, body[start:end].casefold(), _gap_joins(gap), gap == ""))
    return tokens


def _is_whole_word(tokens: Sequence[_Token], first: int, last: int) -> bool:
    """The tokens first..last neither start nor end in the middle of a word."""
    return not tokens[last].glued_next and not (first > 0 and tokens[first - 1].glued_next)


def _inside(position: int, spans: list[tuple[int, int]], starts: list[int]) -> bool:
    index = bisect.bisect_right(starts, position) - 1
    return index >= 0 and position < spans[index][1]


def _gap_joins(gap: str) -> bool:
    """May the text between two tokens join them into one name?"""
    if gap == " " or gap == "-" or gap == "":
        return True
    stripped = gap.strip()
    if stripped == "":
        return gap.count("\n") <= 1
    if len(stripped) != 1:
        return False
    if stripped in _QUOTES:
        return True
    return stripped in NAME_SEPARATORS and stripped == gap


def _accepts(body: str, start: int, end: int, info: _NameInfo) -> bool:
    text = body[start:end]
    if info.needs_acronym and not _is_acronym(text):
        return False
    if text.islower():
        return False
    if info.ends_with_digit and _DIGIT_CONTINUATION.match(body, end):
        return False
    return not (
        info.starts_with_digit
        and start >= 2
        and body[start - 1] in ".,"
        and body[start - 2].isdigit()
    )


def _is_acronym(text: str) -> bool:
    letters = [character for character in text if character.isalpha()]
    return bool(letters) and all(character.isupper() for character in letters)


def _longest_without_overlap(candidates: list[_Candidate]) -> list[_Candidate]:
    ranked = sorted(
        candidates,
        key=lambda c: (-(c.end - c.start), -(c.last - c.first), c.start, _KIND_RANK[c.info.kind]),
    )
    taken: set[int] = set()
    chosen = []
    for candidate in ranked:
        indexes = range(candidate.first, candidate.last + 1)
        if any(index in taken for index in indexes):
            continue
        taken.update(indexes)
        chosen.append(candidate)
    return sorted(chosen, key=lambda c: c.start)


def _mention(body: str, candidate: _Candidate) -> NameMention:
    info = candidate.info
    return NameMention(
        kind=info.kind,
        keys=info.keys,
        start=candidate.start,
        end=candidate.end,
        text=body[candidate.start : candidate.end],
        confidence=info.confidence,
    )


# --------------------------------------------------------------------------- series names

SERIES_NAMES: tuple[str, ...] = (
    "Progress",
    "Cygnus",
    "Dragon",
    "Crew Dragon",
    "Cargo Dragon",
    "Soyuz",
    "Starliner",
    "Dream Chaser",
    "HTV",
    "Kounotori",
    "ATV",
    "Tianzhou",
    "Shenzhou",
    "Orion",
)
SERIES_CONFIDENCE = 0.5

_NOT_SERIES = frozenset(
    """
    Russian Russia American America Japanese Japan Chinese China European Europe Indian India
    Soviet Israeli Iranian Korean French German Italian British Canadian Ukrainian Kazakh
    US USA Commercial Cargo Space Supply Resupply Unmanned Uncrewed Crewed Robotic Another
    Other Its Their Our His Her Several Many Two Three New Next Last First Second Third Same
    Private State Military Heavy Small Big Large Test Each Every Both
    """.split()
)
_SERIES_PATTERN = re.compile(
    r"\b(?:" + "|".join(re.escape(name) for name in SERIES_NAMES) + r")\b"
    r"|\b[A-Z][A-Za-z0-9]+(?=\s+(?:cargo\s+)?(?:ships?|craft|capsules?|spacecraft|freighters?"
    r"|rockets?)\b)"
    r"|(?<=\banother )[A-Z][A-Za-z0-9]+\b"
)


class _Coverage:
    """Spans (which may overlap), to ask whether any of them overlaps a stretch of text."""

    def __init__(self, spans: Sequence[NameMention]) -> None:
        ordered = sorted((m.start, m.end) for m in spans)
        self._starts = [start for start, _ in ordered]
        self._reach = list(itertools.accumulate((end for _, end in ordered), max))

    def overlaps(self, start: int, end: int) -> bool:
        before_end = bisect.bisect_left(self._starts, end)  # spans starting before `end`
        return before_end > 0 and self._reach[before_end - 1] > start


def find_series_mentions(
    body: str, start: int, end: int, existing: Sequence[NameMention]
) -> tuple[NameMention, ...]:
    """Capitalised series names in body[start:end] that no ``existing`` mention covers."""
    found = []
    covered = _Coverage(existing)
    for match in _SERIES_PATTERN.finditer(body, start, end):
        word = match.group(0)
        if word in _NOT_SERIES or word.casefold() in STOP_WORDS:
            continue
        if covered.overlaps(match.start(), match.end()):
            continue
        found.append(
            NameMention(
                kind=MentionKind.SERIES,
                keys=(),
                start=match.start(),
                end=match.end(),
                text=word,
                confidence=SERIES_CONFIDENCE,
            )
        )
    return tuple(found)


# --------------------------------------------------------------------------- designators

_DESIGNATOR = re.compile(r"(?<![\w-])(?P<tag>(?:19[5-9]\d|20\d\d)-\d{3})[A-Z]{0,3}(?![\w-])")


def find_designators(body: str) -> tuple[tuple[int, int, str], ...]:
    """International designators of objects in orbit ("2016-053B"): (start, end, the launch's
    designator "2016-053"). They name one launch exactly."""
    return tuple((m.start(), m.end(), m["tag"]) for m in _DESIGNATOR.finditer(body))
