"""Query understanding: what a search box query names, which period it gives, what words remain.

`understand("soyuz-u dec 2016")` reads a vehicle (Soyuz-U, every variant of it) and a period
(December 2016); nothing is left to search as text, so the search shows that vehicle's
incidents of that month. The page says how it read the query and each reading is a chip the
reader can remove (a link to the same search without those words).

Rules, in order:
- the text is cleaned (control and private-use characters dropped, quotes normalised) and cut
  to MAX_LENGTH characters and MAX_ATOMS words, so no input is slow;
- "quoted phrases" and -excluded words are only ever searched as text;
- dates: `2016`, `1990s`, `2014-2016`, `2016-12`, `2016-12-01`, `December 2016`, `dec 2016`,
  `1 Dec 2016`, `Dec 1, 2016`; several dates give the period that covers them all;
- names of vehicle families, vehicles, spacecraft series, agencies, launch sites and missions
  (and their aliases), longest first, folded the same way ("Soyuz U" = "soyuz-u" = "SOYUZ-U").
  A vehicle stands for all its variants (Soyuz-U includes Soyuz-U-PVB); a word that begins the
  names of several launch vehicles stands for all of them ("soyuz", "falcon");
- Cyrillic words are also tried transliterated (Прогресс -> progress, Союз -> soyuz,
  Байконур -> baykonur, GCAT's own spelling), and searched as text in both forms;
- a query with an `or` is searched as written: no names are read as filters.

Only `load_names` touches the database; everything else is plain Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from search.query.names import (
    KIND_LABELS,
    URL_NAMES,
    Entity,
    NameMatch,
    NameRecord,
    QuickLink,
    load_names,
    lookup_words,
    match_names,
    mission_is_filter,
    quick_links,
)
from search.query.text import (
    MAX_ATOMS,
    MAX_LENGTH,
    STOP_WORDS,
    Clause,
    Ordinal,
    Period,
    Token,
    clauses_of,
    clean,
    describe_clause,
    find_ordinal,
    find_period,
    fold,
    has_cyrillic,
    read_tokens,
    strip_accents,
    transliterate,
)

__all__ = [
    "KIND_LABELS",
    "MAX_ATOMS",
    "MAX_LENGTH",
    "STOP_WORDS",
    "URL_NAMES",
    "Clause",
    "Entity",
    "Ordinal",
    "NameRecord",
    "Period",
    "QuickLink",
    "Understood",
    "clean",
    "describe_clause",
    "find_ordinal",
    "find_period",
    "fold",
    "has_cyrillic",
    "load_names",
    "lookup_words",
    "strip_accents",
    "transliterate",
    "understand",
]


@dataclass(frozen=True)
class Understood:
    query: str
    clauses: tuple[Clause, ...] = ()
    article_clauses: tuple[Clause, ...] = ()
    entities: tuple[Entity, ...] = ()
    period: Period | None = None
    ordinal: Ordinal | None = None  # only with a vehicle read: its Nth launch
    links: tuple[QuickLink, ...] = ()
    unknown_words: tuple[str, ...] = field(default=())

    @property
    def label(self) -> str:
        """How the query was read: "Soyuz-U · December 2016 · “third stage”"."""
        parts = [e.label for e in self.entities]
        if self.ordinal:
            parts.append(self.ordinal.label)
        if self.period:
            parts.append(self.period.label)
        parts.extend(describe_clause(c) for c in self.clauses)
        return " · ".join(parts)

    @property
    def has_filters(self) -> bool:
        return bool(self.entities or self.period)

    @property
    def is_empty(self) -> bool:
        return not (self.clauses or self.entities or self.period)

    def without(self, *spans: tuple[int, int]) -> str:
        """The query text with these spans removed: the link of a chip's remove button."""
        text = self.query
        for start, end in sorted(spans, reverse=True):
            text = text[:start] + " " + text[end:]
        return " ".join(text.split())

    def relaxed(self) -> tuple[Clause, ...]:
        """Any of the words instead of all of them (for a second try when all give nothing)."""
        positive = [atom for c in self.clauses if not c.negated for atom in c.atoms]
        negative = [c for c in self.clauses if c.negated]
        if len(positive) < 2:
            return ()
        return (Clause(tuple(dict.fromkeys(positive))), *negative)


# --------------------------------------------------------------------------- entry point


def understand(raw: str, *, names: bool = True) -> Understood:
    """Read a search query. `names=False` reads dates and words only (no database access)."""
    query = clean(raw)
    if not query:
        return Understood(query="")
    period = find_period(query)
    tokens = read_tokens(query, period.spans if period else ())
    matches: list[NameMatch] = []
    if names and not any(t.is_or for t in tokens):
        words = lookup_words(t.text for t in tokens if t.readable)
        records = load_names(words, written_together(query, tokens))
        if records:
            matches = match_names(tokens, records)
    entities = [
        m.entity for m in matches if m.entity.kind != "mission" or mission_is_filter(m.entity)
    ]
    ordinal = _ordinal_of_a_vehicle(query, tokens, entities)
    return Understood(
        query=query,
        clauses=clauses_of(tokens),
        article_clauses=clauses_of(tokens, names_as_phrases=True),
        entities=tuple(entities),
        period=period,
        ordinal=ordinal,
        links=tuple(quick_links(matches)),
        unknown_words=tuple(
            t.text for t in tokens if t.readable and not t.entity and len(t.text) >= 4
        ),
    )


def _ordinal_of_a_vehicle(
    query: str, tokens: list[Token], entities: list[Entity]
) -> Ordinal | None:
    """ "Ariane 5 first flight": the Nth launch, when the query also names a vehicle (its words
    are then a filter, not text); without one, "first flight" stays words."""
    ordinal = find_ordinal(query)
    if ordinal is None or not any(e.kind == "vehicle" for e in entities):
        return None
    start, end = ordinal.span
    inside = [t for t in tokens if start <= t.start and t.end <= end and t.readable]
    if not inside or any(t.entity for t in inside):
        return None
    for token in inside:
        token.is_ordinal = True
    return ordinal


MAX_PHRASES = 2


def written_together(query: str, tokens: list[Token]) -> list[str]:
    """The text of each run of two or more readable words, as typed ("Zenit-2 No. 1")."""
    runs: list[list[Token]] = [[]]
    for token in tokens:
        if token.readable and not has_cyrillic(token.text):
            runs[-1].append(token)
        elif runs[-1]:
            runs.append([])
    phrases = [query[run[0].start : run[-1].end] for run in runs if len(run) >= 2]
    return phrases[:MAX_PHRASES]
