"""The search itself, the same on every database: read the query, try the reading, fall back
sensibly when it finds nothing, rank, page, mark, count facets."""

from __future__ import annotations

import dataclasses
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar, cast

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils.safestring import SafeString

from incidents import menus
from incidents.links import url_of
from incidents.models import Incident, IncidentQuerySet, Mission, Outcome
from search.base import (
    ARTICLE_CANDIDATES,
    INCIDENT_CANDIDATES,
    Backend,
    Candidate,
    marked_html_many,
    shortened,
    with_ellipses,
)
from search.postgres import PostgresBackend
from search.query import (
    Clause,
    Entity,
    Ordinal,
    Understood,
    has_cyrillic,
    transliterate,
    understand,
)
from search.sqlite import SQLiteBackend

PER_PAGE = 20
ARTICLES_SHOWN = 10
FACET_SIZE = 10
CORRECTED_WORDS = 3
EVIDENCE_WEIGHT = 1.0

Found = TypeVar("Found")
# What a try of a reading finds (None: nothing), in a queryset narrowed to what it read.
Probe = Callable[[IncidentQuerySet, Sequence[Clause]], Found | None]
Attempt = tuple[bool, tuple[Clause, ...], str]  # (apply the names read?, clauses, note)
Tried = tuple[Found, tuple[Clause, ...], str, bool]  # what it found, with the attempt's parts

BACKENDS: dict[str, Backend] = {"postgresql": PostgresBackend(), "sqlite": SQLiteBackend()}


def backend() -> Backend:
    try:
        return BACKENDS[connection.vendor]
    except KeyError:
        raise NotImplementedError(f"search has no backend for {connection.vendor}") from None


# --------------------------------------------------------------------------- incidents


@dataclass(frozen=True)
class IncidentHit:
    incident: Incident
    score: float
    title_html: SafeString
    snippet_html: SafeString


@dataclass
class IncidentResults:
    understood: Understood
    candidates: list[Candidate]
    page: Page[IncidentHit]
    note: str = ""
    corrected_from: str = ""
    filtered: bool = True  # the names and dates read in the query were applied

    @property
    def total(self) -> int:
        return len(self.candidates)

    @property
    def capped(self) -> bool:
        """More incidents match than were ranked: the count is a lower bound."""
        return len(self.candidates) >= INCIDENT_CANDIDATES


def search_incidents(
    query: str | Understood,
    *,
    base: IncidentQuerySet | None = None,
    page: int | str | None = 1,
    per_page: int = PER_PAGE,
    browse: bool = False,
    correct: bool = True,
) -> IncidentResults:
    """Published incidents for `query`, best first, within `base` (e.g. the incident list's
    filters). With nothing to search and `browse`, every incident of `base`, newest first.
    The readings tried are _first_reading's; each try is one query."""
    understood = query if isinstance(query, Understood) else understand(query)
    base = (base if base is not None else Incident.objects.all()).published()
    match = _first_reading(understood, base, browse=browse, correct=correct, probe=_ranked)
    candidates = match.found if match else []
    shown = Paginator(candidates, per_page).get_page(page)
    hits = _hits(list(shown.object_list), match.clauses if match else ())
    paginated = Page(hits, shown.number, cast("Paginator[IncidentHit]", shown.paginator))
    if match is None:
        return IncidentResults(understood, [], paginated)
    return IncidentResults(
        match.understood, candidates, paginated, match.note, match.corrected_from, match.filtered
    )


def matching_incidents(queryset: IncidentQuerySet, words: str) -> IncidentQuerySet:
    """`queryset` narrowed to the incidents the search page finds for `words` (read the same
    way, with the same fallbacks, unranked and uncapped): the incident list's Words box."""
    understood = understand(words)
    if understood.is_empty:
        return queryset
    match = _first_reading(understood, queryset, browse=False, correct=True, probe=_narrowed)
    return match.found if match else queryset.none()


def _narrowed(queryset: IncidentQuerySet, clauses: Sequence[Clause]) -> IncidentQuerySet | None:
    """`queryset` narrowed to the clauses, if that leaves anything (one query)."""
    if clauses:
        queryset = queryset.filter(backend().incident_condition(clauses))
    return queryset if queryset.exists() else None


@dataclass(frozen=True)
class Reading(Generic[Found]):
    """The first reading of a query that finds something, and what it found."""

    understood: Understood
    found: Found
    clauses: tuple[Clause, ...]
    note: str = ""
    corrected_from: str = ""
    filtered: bool = True  # the names and dates read in the query were applied


def _first_reading(
    understood: Understood,
    base: IncidentQuerySet,
    *,
    browse: bool,
    correct: bool,
    probe: Probe[Found],
) -> Reading[Found] | None:
    """Tries, until one finds something: the query as read; any of its words instead of all;
    the closest spelling of words that match nothing (pg_trgm on PostgreSQL, difflib on
    SQLite; "Soyus" -> "soyuz"); the names and dates read without the remaining words; the
    words without reading names. `probe` says what a try finds (None or empty: nothing)."""
    as_read = _as_read(understood, browse)
    found = _first_match(understood, base, as_read[:1], probe)
    if found is None and correct and understood.unknown_words:
        corrections = _corrections(understood.unknown_words[:CORRECTED_WORDS])
        if corrections:
            retry = understand(_replace_words(understood.query, corrections))
            # A correction counts only if the corrected words themselves find something;
            # otherwise "explosion" would become "exploration" and then be dropped anyway.
            found = _first_match(retry, base, _as_read(retry, browse), probe)
            if found is not None:
                return _reading(retry, found, corrected_from=understood.query)
    if found is None:  # before any of the words instead of all: a misspelling first
        found = _first_match(understood, base, as_read[1:], probe)
    if found is None and understood.ordinal:
        without = dataclasses.replace(understood, ordinal=None)
        names = " · ".join(e.label for e in understood.entities)
        note = f"The {understood.ordinal.label} of {names} was no incident; here are its incidents."
        found = _first_match(without, base, [(True, without.clauses, note)], probe)
    if found is None:
        found = _first_match(understood, base, _loosened(understood), probe)
    return None if found is None else _reading(understood, found)


def _reading(
    understood: Understood, found: Tried[Found], corrected_from: str = ""
) -> Reading[Found]:
    result, clauses, note, filtered = found
    return Reading(understood, result, clauses, note, corrected_from, filtered)


def _corrections(words: Sequence[str]) -> dict[str, str]:
    """The closest catalog word for each word that names nothing; a Cyrillic word through its
    transliteration ("Колумбия" -> "kolumbiya" -> "columbia")."""
    spelled = {w.casefold(): transliterate(w) if has_cyrillic(w) else w.casefold() for w in words}
    found = backend().similar_words(list(dict.fromkeys(spelled.values())))
    return {word: found[latin] for word, latin in spelled.items() if latin in found}


def _replace_words(query: str, corrections: dict[str, str]) -> str:
    def replace(match: re.Match[str]) -> str:
        word = match.group()
        return corrections.get(word.casefold(), word)

    return re.sub(r"[^\W\d_]+", replace, query)


def _first_match(
    understood: Understood,
    base: IncidentQuerySet,
    attempts: Sequence[Attempt],
    probe: Probe[Found],
) -> Tried[Found] | None:
    for filtered, clauses, note in attempts:
        queryset = _filtered(base, understood, None if filtered else 0)
        result = probe(queryset, clauses)
        if result is not None:
            return result, clauses, note, filtered
    return None


def _as_read(u: Understood, browse: bool) -> list[Attempt]:
    """The query as read; then any of its words instead of all of them."""
    if not u.clauses:
        return [(True, (), "")] if u.has_filters or browse else []
    attempts: list[Attempt] = [(True, u.clauses, "")]
    if relaxed := u.relaxed():
        note = "No incident matches all the words; these match some of them."
        attempts.append((True, relaxed, note))
    return attempts


def _loosened(u: Understood) -> list[Attempt]:
    """The names and dates read without the other words; the words without reading names."""
    read = " · ".join(e.label for e in u.entities) or (u.period.label if u.period else "")
    attempts: list[Attempt] = []
    if u.clauses and u.has_filters:
        words = " ".join(c.atoms[0] for c in u.clauses if not c.negated)
        attempts.append(
            (True, (), f"No incident of {read} mentions “{words}”; here are all of them.")
        )
    if u.entities and u.article_clauses:
        note = f"No incident matches {read}; these mention the words instead."
        attempts.append((False, u.article_clauses, note))
        relaxed = Understood(query=u.query, clauses=u.article_clauses).relaxed()
        if relaxed:
            attempts.append((False, relaxed, note))
    return attempts


def _filtered(
    base: IncidentQuerySet, understood: Understood, entities: int | None = None
) -> IncidentQuerySet:
    """`base` narrowed to the names (all, or none with entities=0) and period read."""
    queryset = base
    for entity in understood.entities[:entities]:
        queryset = queryset.filter(entity.incident_filter())
    vehicles = [e for e in understood.entities[:entities] if e.kind == "vehicle"]
    if understood.ordinal and vehicles:
        queryset = queryset.filter(mission__in=_nth_launch(vehicles[0], understood.ordinal))
    if understood.period:
        queryset = queryset.filter(
            date__gte=understood.period.first, date__lte=understood.period.last
        )
    return queryset


def _nth_launch(entity: Entity, ordinal: Ordinal) -> QuerySet[Mission, dict[str, Any]]:
    """The Nth launch (by date) of the vehicles, families and spacecraft `entity` names, as
    a subquery."""
    launched = Q(vehicle_id__in=entity.ids("vehicle")) | Q(
        spacecraft_id__in=entity.ids("spacecraft")
    )
    launched |= Q(vehicle__family_id__in=entity.ids("family"))
    missions = Mission.objects.filter(launched, launch_date__isnull=False)
    n = ordinal.number
    return missions.order_by("launch_date", "id").values("id")[n - 1 : n]


def _ranked(queryset: IncidentQuerySet, clauses: Sequence[Clause]) -> list[Candidate] | None:
    return _candidates(queryset, clauses) or None


def _candidates(queryset: IncidentQuerySet, clauses: Sequence[Clause]) -> list[Candidate]:
    """The newest INCIDENT_CANDIDATES matches, ranked (one query)."""
    ordered = queryset.order_by("-date", "-id")
    if not clauses:
        rows = ordered.values_list(*_CANDIDATE_FIELDS)[:INCIDENT_CANDIDATES]
        return [Candidate(pk, day, outcome, 0.0, *ids) for pk, day, outcome, *ids in rows]
    engine = backend()
    columns = engine.rank_columns(clauses)
    matching = ordered.filter(engine.incident_condition(clauses)).with_source_count()
    inner = matching.annotate(**columns).values_list(*_CANDIDATE_FIELDS, "source_count", *columns)
    inner = inner[:INCIDENT_CANDIDATES]
    return with_evidence(engine.rank_incidents(inner.query.sql_with_params(), clauses))


_CANDIDATE_FIELDS = ("id", "date", "outcome", "family_ids", "agency_ids")


def with_evidence(candidates: list[Candidate]) -> list[Candidate]:
    """The matches ranked by their words and the articles that report them: each doubling
    of the sources adds EVIDENCE_WEIGHT times the words' score (so the scale of either
    database's score does not matter); equal scores keep the backend's order."""
    for candidate in candidates:
        candidate.score *= 1 + EVIDENCE_WEIGHT * math.log2(1 + candidate.sources)
    return sorted(candidates, key=lambda candidate: -candidate.score)


def _hits(candidates: list[Candidate], clauses: Sequence[Clause]) -> list[IncidentHit]:
    """The page's incidents with their vehicles, agencies and site, and their marks."""
    if not candidates:
        return []
    ids = [c.id for c in candidates]
    incidents = Incident.objects.filter(pk__in=ids).with_list_data().with_source_count().in_bulk()
    marks = backend().incident_marks(ids, clauses) if clauses else {}
    texts = []
    for candidate in candidates:
        incident = incidents[candidate.id]
        mark = marks.get(candidate.id)
        if mark is not None:
            texts += [mark.title, shortened(mark.snippet)]
        else:
            texts += [incident.title, shortened(incident.summary or incident.catalog_note)]
    safe = marked_html_many(texts)
    return [
        IncidentHit(incidents[c.id], c.score, safe[2 * n], safe[2 * n + 1])
        for n, c in enumerate(candidates)
    ]


# --------------------------------------------------------------------------- facets


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int


@dataclass
class Facets:
    families: list[FacetValue] = field(default_factory=list)
    agencies: list[FacetValue] = field(default_factory=list)
    outcomes: list[FacetValue] = field(default_factory=list)
    decades: list[FacetValue] = field(default_factory=list)
    years: list[FacetValue] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.outcomes)


def facet_counts(candidates: Sequence[Candidate]) -> Facets:
    """Counts over the ranked incidents, from the candidates themselves: families and agencies
    (by id, named from the filter menus' cache), outcomes, decades and years."""
    if not candidates:
        return Facets()
    family_counts = _id_counts(c.family_ids for c in candidates)
    agency_counts = _id_counts(c.agency_ids for c in candidates)
    labels = dict(Outcome.choices)
    outcomes = Counter(c.outcome for c in candidates)
    years = Counter(c.date.year for c in candidates)
    decades: Counter[int] = Counter()
    for year, n in years.items():
        decades[year // 10 * 10] += n
    return Facets(
        families=_named_counts(menus.FAMILIES, list(family_counts.items())),
        agencies=_named_counts(menus.AGENCIES, list(agency_counts.items())),
        outcomes=[
            FacetValue(o, labels.get(o, o), n)
            for o, n in sorted(outcomes.items(), key=lambda i: (-i[1], i[0]))
        ],
        decades=[FacetValue(str(d), f"{d}s", n) for d, n in sorted(decades.items(), reverse=True)],
        years=[
            FacetValue(str(y), str(y), n)
            for y, n in sorted(years.items(), reverse=True)[: FACET_SIZE + 2]
        ],
    )


def _id_counts(id_lists: Iterable[str | None]) -> Counter[int]:
    """How many of the lists ("3 17") hold each id: each distinct list split once (a few
    hundred of them among 2,000 candidates)."""
    counts: Counter[int] = Counter()
    for ids, n in Counter(id_lists).items():
        for pk in (ids or "").split():
            counts[int(pk)] += n
    return counts


def _named_counts(menu: menus.Menu, counts: list[tuple[int, int]]) -> list[FacetValue]:
    """The FACET_SIZE largest counts, named from `menu` (read again if it lacks one)."""
    entries = menu.options().by_pk
    if any(pk not in entries for pk, _ in counts):
        entries = menu.refresh().by_pk
    values = [
        FacetValue(entries[pk].slug, entries[pk].name, n) for pk, n in counts if pk in entries
    ]
    values.sort(key=lambda value: (-value.count, value.label))
    return values[:FACET_SIZE]


# --------------------------------------------------------------------------- articles


@dataclass(frozen=True)
class ArticleHit:
    id: int
    url: str
    title_html: SafeString
    snippet_html: SafeString
    publisher: str
    published_on: object
    score: float


@dataclass
class ArticleResults:
    hits: list[ArticleHit] = field(default_factory=list)
    total: int = 0

    @property
    def capped(self) -> bool:
        return self.total >= ARTICLE_CANDIDATES


def search_articles(query: str | Understood, *, limit: int = ARTICLES_SHOWN) -> ArticleResults:
    """Articles for the words of `query` (names included, dates not), best first (two
    queries: rank, then mark the ones shown)."""
    understood = query if isinstance(query, Understood) else understand(query, names=False)
    clauses = understood.article_clauses
    if not clauses:
        return ArticleResults()
    engine = backend()
    ranked = engine.rank_articles(clauses, limit=limit, cap=ARTICLE_CANDIDATES)
    rows = ranked.rows
    if not rows:
        return ArticleResults()
    details = engine.article_marks([r.id for r in rows], clauses)
    texts = []
    for row in rows:
        marks, ends = details[row.id].marks, details[row.id].body_ends
        snippet = shortened(marks.snippet)
        if ends and snippet == marks.snippet:  # PostgreSQL: say where the headline cut the text
            snippet = with_ellipses(
                snippet, head=ends.head, tail=ends.tail, full_length=ends.length
            )
        texts += [marks.title, snippet]
    safe = marked_html_many(texts)
    hits = [
        ArticleHit(
            id=row.id,
            url=url_of("articles:detail", row.id),
            title_html=safe[2 * n],
            snippet_html=safe[2 * n + 1],
            publisher=details[row.id].publisher,
            published_on=details[row.id].published_on,
            score=row.score,
        )
        for n, row in enumerate(rows)
    ]
    return ArticleResults(hits, ranked.total)
