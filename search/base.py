"""What every backend shares: result rows, highlight markers, and the sanitiser for snippets."""

from __future__ import annotations

import datetime
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import bleach
from django.db.models.expressions import RawSQL
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from search.query import Clause

# Backends wrap matched words in these private-use characters; query.clean() drops them from
# queries, and marked_html() turns them into <mark> only after escaping the text.
START, STOP = "\ue000", "\ue001"
_ADJACENT_MARKS = re.compile(r"</mark>([^\w<>&;]{0,3})<mark>")
_MARKERS = re.compile(f"[{START}{STOP}]")

# How many matches are ranked. Ranking every match of a common word among a million rows
# costs seconds, so: the newest INCIDENT_CANDIDATES matching incidents (by date); for
# articles, ARTICLE_CANDIDATES matches, the newest when the words are common, else the first
# the index gives (PostgreSQL: search_article_candidates(), search migration 0001; SQLite:
# the newest by rowid). Counts at a cap are shown as "2,000+", facets count the candidates.
INCIDENT_CANDIDATES = 2000
ARTICLE_CANDIDATES = 500
# Articles held from the public pages: waiting for a review and citing nothing (the rule of
# articles.models.ArticleQuerySet.public, in SQL for the backends' raw queries).
HELD_ARTICLES = """
    SELECT held.id FROM articles_article AS held
    WHERE held.needs_review
      AND NOT EXISTS (SELECT 1 FROM articles_citation AS ci WHERE ci.article_id = held.id)
"""


@dataclass(slots=True)
class Candidate:
    """A matching incident: enough to rank it, page it and count it in the facets. (Not
    frozen: thousands are made per search, and a frozen dataclass costs four times more to
    make; with slots it is quicker to make than a named tuple.)"""

    id: int
    date: datetime.date
    outcome: str
    score: float
    family_ids: str | None = ""  # space-separated (Incident.family_ids)
    agency_ids: str | None = ""
    sources: int = 0  # the articles that report it (source_count)


@dataclass(frozen=True)
class Marks:
    """A title and a snippet with matched words between START and STOP."""

    title: str
    snippet: str


@dataclass(frozen=True)
class ArticleRow:
    id: int
    score: float


@dataclass(frozen=True)
class RankedArticles:
    rows: list[ArticleRow]  # the best, best first
    total: int  # how many match (at most the cap the backend was given)


@dataclass(frozen=True)
class BodyEnds:
    """An article body's length, start and end: whether a PostgreSQL headline cut the body
    shows against these (with_ellipses)."""

    length: int
    head: str
    tail: str


@dataclass(frozen=True)
class ArticleMarks:
    """What a hit shows of an article: its marked title and snippet, publisher and date."""

    marks: Marks
    publisher: str
    published_on: datetime.date | None
    body_ends: BodyEnds | None = None  # PostgreSQL's; SQLite's snippet() adds its own "…"


SNIPPET_WORDS = 30

# A query's SQL and parameters, as Django's Query.sql_with_params() gives them.
SqlWithParams = tuple[str, tuple[Any, ...]]


class Backend(Protocol):
    """What the search needs of a database: match, rank and mark incidents and articles, and
    suggest spellings."""

    vendor: str

    def incident_condition(self, clauses: Sequence[Clause]) -> RawSQL: ...

    def rank_columns(self, clauses: Sequence[Clause]) -> dict[str, RawSQL]:
        """What `rank_incidents` reads of each candidate besides its fields, by name: selected
        in the candidates' own query, after their fields."""
        ...

    def rank_incidents(
        self, inner: SqlWithParams, clauses: Sequence[Clause]
    ) -> list[Candidate]: ...

    def incident_marks(self, ids: Sequence[int], clauses: Sequence[Clause]) -> dict[int, Marks]: ...

    def rank_articles(
        self, clauses: Sequence[Clause], *, limit: int, cap: int
    ) -> RankedArticles: ...

    def article_marks(
        self, ids: Sequence[int], clauses: Sequence[Clause]
    ) -> dict[int, ArticleMarks]: ...

    def similar_words(self, words: Sequence[str]) -> dict[str, str]: ...


def highlight_clauses(clauses: Sequence[Clause]) -> tuple[Clause, ...]:
    """What to mark: any of the words and phrases searched for (not the excluded ones)."""
    atoms = [atom for clause in clauses if not clause.negated for atom in clause.atoms]
    return (Clause(tuple(dict.fromkeys(atoms))),) if atoms else ()


def shortened(text: str) -> str:
    """An unmarked text cut like a snippet: the first SNIPPET_WORDS words."""
    if START in text:
        return text
    return Truncator(text).words(SNIPPET_WORDS, truncate="…")


def as_date(value: datetime.date | str) -> datetime.date:
    """SQLite hands raw queries dates as text."""
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)


_SEPARATOR = "\ue002"  # between the texts of one bleach call; never in a query (clean())


def marked_html(text: str) -> SafeString:
    """Escaped text with only <mark> added (neighbouring marks joined: "Soyuz-U" is one mark
    on either database), then through bleach with `mark` as the only allowed tag."""
    return marked_html_many([text])[0]


def marked_html_many(texts: Sequence[str]) -> list[SafeString]:
    """marked_html() of several texts. The texts with a mark go through one bleach call (a
    call costs about as much as the text it cleans is long, plus a fixed half millisecond: a
    page has some forty texts); a text without one is plain escaped text, no HTML of ours,
    and is given as such (bleach cleaning it changed nothing and took half of its time)."""
    parts = [_escaped_with_marks(text) for text in texts]
    marked = [n for n, part in enumerate(parts) if "<mark>" in part]
    if marked:
        cleaned = _bleached([parts[n] for n in marked])
        for n, piece in zip(marked, cleaned, strict=True):
            parts[n] = piece
    return [mark_safe(part) for part in parts]  # noqa: S308 - escaped, and bleached if marked


def _escaped_with_marks(text: str) -> str:
    text = (text or "").replace(_SEPARATOR, "")
    if text.count(START) != text.count(STOP):
        text = unmarked(text)  # a cut marker: no marks rather than a mark left open
    escaped = html.escape(text, quote=False)
    marked = escaped.replace(START, "<mark>").replace(STOP, "</mark>")
    return _ADJACENT_MARKS.sub(r"\1", marked)


def _bleached(parts: list[str]) -> list[str]:
    """Each part through bleach with `mark` the only tag allowed, in one call."""
    pieces = bleach.clean(_SEPARATOR.join(parts), tags={"mark"}, attributes={}, strip=True).split(
        _SEPARATOR
    )
    if len(pieces) != len(parts):  # cannot happen with balanced marks; be safe regardless
        pieces = [bleach.clean(p, tags={"mark"}, attributes={}, strip=True) for p in parts]
    return pieces


def unmarked(text: str) -> str:
    return _MARKERS.sub("", text or "")


def with_ellipses(snippet: str, *, head: str, tail: str, full_length: int) -> str:
    """Add "…" where a PostgreSQL headline cut the text (SQLite's snippet() does it itself)."""
    plain = unmarked(snippet).strip()
    if not plain or len(plain) >= full_length:
        return snippet
    words = plain.split()
    if words and not head.lstrip().startswith(words[0]):
        snippet = "… " + snippet
    if words and not tail.rstrip().endswith(words[-1]):
        snippet = snippet + " …"
    return snippet
