"""What every backend shares: result rows, highlight markers, and the sanitiser for snippets."""

from __future__ import annotations

import datetime
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

import bleach
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from incidents.query import Clause

# Backends wrap matched words in these private-use characters; query.clean() drops them from
# queries, and marked_html() turns them into <mark> only after escaping the text.
START, STOP = "\ue000", "\ue001"
_ADJACENT_MARKS = re.compile(r"</mark>([^\w<>&;]{0,3})<mark>")
_MARKERS = re.compile(f"[{START}{STOP}]")

# How many matches are ranked: the newest INCIDENT_CANDIDATES incidents (by date) and the
# newest ARTICLE_CANDIDATES articles (by id) that match. Ranking every match of a common word
# among a million rows costs seconds; counts above the cap are shown as "2,000+".
INCIDENT_CANDIDATES = 2000
ARTICLE_CANDIDATES = 1000


@dataclass(frozen=True)
class Candidate:
    """A matching incident: enough to rank it, page it and count it in the facets."""

    id: int
    date: datetime.date
    outcome: str
    score: float


@dataclass(frozen=True)
class Marks:
    """A title and a snippet with matched words between START and STOP."""

    title: str
    snippet: str


@dataclass(frozen=True)
class ArticleRow:
    id: int
    score: float


SNIPPET_WORDS = 30


def highlight_clauses(clauses: Sequence[Clause]) -> tuple[Clause, ...]:
    """What to mark: any of the words and phrases searched for (not the excluded ones)."""
    atoms = [atom for clause in clauses if not clause.negated for atom in clause.atoms]
    return (Clause(tuple(dict.fromkeys(atoms))),) if atoms else ()


def shortened(text: str) -> str:
    """An unmarked text cut like a snippet: the first SNIPPET_WORDS words."""
    if START in text:
        return text
    return Truncator(text).words(SNIPPET_WORDS, truncate="…")


def as_date(value) -> datetime.date:
    """SQLite hands raw queries dates as text."""
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)


def marked_html(text: str) -> SafeString:
    """Escaped text with only <mark> added (neighbouring marks joined: "Soyuz-U" is one mark
    on either database), then through bleach with `mark` as the only allowed tag."""
    escaped = html.escape(text or "", quote=False)
    marked = escaped.replace(START, "<mark>").replace(STOP, "</mark>")
    marked = _ADJACENT_MARKS.sub(r"\1", marked)
    return mark_safe(bleach.clean(marked, tags={"mark"}, attributes={}, strip=True))  # noqa: S308


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
