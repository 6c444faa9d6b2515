"""PostgreSQL: websearch_to_tsquery over the weighted generated tsvector columns (GIN-indexed),
ts_rank to rank, ts_headline to highlight, pg_trgm word similarity to suggest spellings.

Every piece of user text reaches the database as a bound parameter, inside a websearch
expression this module writes itself ("soyuz" or "союз", -"pad", "third stage").
"""

from __future__ import annotations

from collections.abc import Sequence
from difflib import SequenceMatcher

from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL

from articles.pipeline.titles import publisher_from_address
from search.base import (
    HELD_ARTICLES,
    SNIPPET_WORDS,
    START,
    STOP,
    ArticleMarks,
    ArticleRow,
    BodyEnds,
    Candidate,
    Marks,
    RankedArticles,
    SqlWithParams,
    highlight_clauses,
)
from search.query import Clause, fold

_WEB = "websearch_to_tsquery('english', search_prepare(%s))"
_WEB_AS_WRITTEN = "websearch_to_tsquery('english', %s)"
_TITLE = f"HighlightAll=true, StartSel={START}, StopSel={STOP}"
_SNIPPET = f"MaxWords={SNIPPET_WORDS}, MinWords=15, StartSel={START}, StopSel={STOP}"
_ARTICLE_SNIPPET = (
    f'MaxFragments=2, MaxWords=18, MinWords=8, FragmentDelimiter=" … ", '
    f"StartSel={START}, StopSel={STOP}"
)
BODY_INDEXED = 250_000  # as in search migration 0001
# The part of a long body an article's snippet is marked in: from WINDOW_BEFORE characters
# before the first match as written (article_marks).
WINDOW_BEFORE, WINDOW_LENGTH = 200, 700
# The title's (weight A) and the body's (weight C) part of the stored article vector.
_ARTICLE_TITLE_VECTOR = "ts_filter(a.search_vector, '{a}')"
_ARTICLE_BODY_VECTOR = "ts_filter(a.search_vector, '{c}')"
_NAME_TABLES = ("vehicle", "vehiclefamily", "agency", "launchsite")
# The trigram word similarity a name needs to be considered for a misspelt word: below
# pg_trgm's default of 0.6, which misses one wrong letter in a short word ("challanger"); the
# closest word of those names must still be as close as SQLite's difflib asks (closest_word).
# The name tables are small (a few thousand rows), so no trigram index is needed for this.
SIMILAR_ENOUGH = 0.4


def _marked(text: str, options: str, vector: str = "") -> str:
    """ts_headline marks each word of a phrase wherever it stands ("Stage" in "Stage 3" for
    "third stage"): mark only a text that holds a searched word or phrase (q.q), as SQLite
    does, and return others unmarked (at most 2,000 characters: the caller shortens them).
    A text of SNIPPET_WORDS words or fewer is marked whole, as SQLite's snippet() gives it.
    ts_headline parses the text as written, so it gets the query as written (q.h): "MS-04".
    `vector`, if given, is the text's stored tsvector, saving a parse of the text.
    """
    prepared = vector or f"to_tsvector('english', search_prepare({text}))"
    words = f"array_length(regexp_split_to_array(btrim({text}), '\\s+'), 1)"
    part = f"ts_headline('english', {text}, q.h, '{options}')"
    whole = f"ts_headline('english', {text}, q.h, '{_TITLE}')"
    return f"""CASE WHEN {prepared} @@ q.q THEN
            CASE WHEN length({text}) > 600 THEN {part}
                 WHEN {words} <= {SNIPPET_WORDS} THEN {whole}
                 ELSE {part} END
            ELSE left({text}, 2000) END"""


def _marks_query(clauses: Sequence[Clause]) -> tuple[str, list[str]]:
    """A one-row subquery: q, what to look for; h, the same as written, to highlight."""
    prepared, params = tsquery(highlight_clauses(clauses))
    written = prepared.replace(_WEB, _WEB_AS_WRITTEN)
    return f"(SELECT {prepared} AS q, {written} AS h) AS q", [*params, *params]


def tsquery(clauses: Sequence[Clause]) -> tuple[str, list[str]]:
    """One websearch_to_tsquery per clause, joined with &&: (a or b) && c && !d."""
    parts, params = [], []
    for clause in clauses:
        if clause.negated:
            for atom in clause.atoms:
                parts.append(_WEB)
                params.append(f'-"{atom}"')
        else:
            parts.append(_WEB)
            params.append(" or ".join(f'"{atom}"' for atom in clause.atoms))
    return "(" + " && ".join(parts) + ")", params


class PostgresBackend:
    vendor = "postgresql"

    def incident_condition(self, clauses: Sequence[Clause]) -> RawSQL:
        sql, params = tsquery(clauses)
        return RawSQL(f'"incidents_incident"."search_vector" @@ {sql}', params, BooleanField())

    def rank_columns(self, clauses: Sequence[Clause]) -> dict[str, RawSQL]:
        """The candidate's score, ranked with its row: ranked from the incidents table
        instead, a candidate is joined back to it, and PostgreSQL hash-joins every incident
        to find the few hundred candidates (13 of 32 ms for '"third stage"'). Ranked there
        rather than above the candidates' limit, the sort of the matches carries a float,
        not their 760-byte vectors (turbopump at 100k incidents: 4,661 matches)."""
        query, query_params = tsquery(clauses)
        return {
            "score": RawSQL(f'ts_rank("incidents_incident"."search_vector", {query})', query_params)
        }

    def rank_incidents(self, inner: SqlWithParams, clauses: Sequence[Clause]) -> list[Candidate]:
        inner_sql, inner_params = inner
        sql = f"""
            SELECT c.id, c.date, c.outcome, c.score, c.family_ids, c.agency_ids, c.sources
            FROM ({inner_sql}) AS c (id, date, outcome, family_ids, agency_ids, sources, score)
            ORDER BY c.score DESC, c.date DESC, c.id DESC
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, inner_params)
            rows = cursor.fetchall()
        return [Candidate(*row) for row in rows]

    def incident_marks(self, ids: Sequence[int], clauses: Sequence[Clause]) -> dict[int, Marks]:
        """Titles and snippets (the summary, else GCAT's note) marked where they hold one of
        the words or phrases searched; other texts come back as they are."""
        query, query_params = _marks_query(clauses)
        sql = f"""
            SELECT i.id, {_marked("i.title", _TITLE)}, {_marked("t.text", _SNIPPET)}
            FROM incidents_incident AS i
            CROSS JOIN LATERAL (SELECT CASE WHEN i.summary <> '' THEN i.summary
                                            ELSE i.catalog_note END AS text) AS t,
                 {query}
            WHERE i.id = ANY(%s)
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, [*query_params, list(ids)])
            return {pk: Marks(title, snippet) for pk, title, snippet in cursor.fetchall()}

    def rank_articles(self, clauses: Sequence[Clause], *, limit: int, cap: int) -> RankedArticles:
        """The best `limit` of the first `cap` matches the GIN index gives (search migration
        0001: search_article_candidates)."""
        query, query_params = tsquery(clauses)
        sql = f"""
            SELECT a.id, ts_rank(a.search_vector, {query}) AS score, count(*) OVER () AS total
            FROM search_article_candidates({query}, %s) AS c
            JOIN articles_article AS a ON a.id = c.id
            WHERE a.id NOT IN ({HELD_ARTICLES})
            ORDER BY score DESC, a.id DESC
            LIMIT %s
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, [*query_params, *query_params, cap, limit])
            rows = cursor.fetchall()
        total = rows[0][2] if rows else 0
        return RankedArticles([ArticleRow(pk, score) for pk, score, _ in rows], total)

    def article_marks(
        self, ids: Sequence[int], clauses: Sequence[Clause]
    ) -> dict[int, ArticleMarks]:
        """Each article's marks, publisher, date and the ends of its body.

        ts_headline parses all the text it is given (about 1.3 ms for a 4 KB body on the
        benchmark machine), so the body's snippet is first taken from a window around the
        first place a searched word or phrase stands as written; the whole body is marked
        when no word stands there as written ("failure" for "failures") or the window holds
        no match after all ("test" inside "latest")."""
        query, query_params = _marks_query(clauses)
        atoms = [a for c in highlight_clauses(clauses) for a in c.atoms]
        body = f"left(a.body, {BODY_INDEXED})"
        sql = f"""
            SELECT a.id, {_marked("a.title", _TITLE, _ARTICLE_TITLE_VECTOR)},
                   CASE WHEN f.at IS NULL OR strpos(m.snippet, '{START}') = 0
                        THEN {_marked(body, _ARTICLE_SNIPPET, _ARTICLE_BODY_VECTOR)}
                        ELSE m.snippet END,
                   a.publisher, a.url, a.published_on, length(a.body), left(a.body, 300),
                   right(a.body, 300)
            FROM articles_article AS a
            CROSS JOIN {query}
            CROSS JOIN LATERAL (
                SELECT min(nullif(strpos(lower(a.body), lower(atom)), 0)) AS at
                FROM unnest(%s::text[]) AS atom
            ) AS f
            CROSS JOIN LATERAL (
                SELECT substr(a.body, greatest(1, f.at - {WINDOW_BEFORE}), {WINDOW_LENGTH})
                       AS text
            ) AS w
            CROSS JOIN LATERAL (
                SELECT CASE WHEN f.at IS NULL THEN ''
                            ELSE {_marked("w.text", _ARTICLE_SNIPPET, _ARTICLE_BODY_VECTOR)}
                            END AS snippet
            ) AS m
            WHERE a.id = ANY(%s)
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, [*query_params, atoms, list(ids)])
            return {
                pk: ArticleMarks(
                    Marks(title, snippet),
                    publisher or publisher_from_address(url),
                    published_on,
                    BodyEnds(length, head, tail),
                )
                for pk, title, snippet, publisher, url, published_on, length, head, tail in (
                    cursor.fetchall()
                )
            }

    def similar_words(self, words: Sequence[str]) -> dict[str, str]:
        """For each word, the closest word of a vehicle, family, agency or site name (the
        names most like it by pg_trgm word similarity, then difflib), if one is close enough."""
        union = " UNION ALL ".join(
            f"SELECT name || ' ' || aliases AS names FROM incidents_{table} "
            f"WHERE word_similarity(w.word, name || ' ' || aliases) >= {SIMILAR_ENOUGH}"
            for table in _NAME_TABLES
        )
        sql = f"""
            SELECT w.word, n.names, word_similarity(w.word, n.names) AS similarity
            FROM unnest(%s::text[]) AS w(word) CROSS JOIN LATERAL ({union}) AS n
            ORDER BY similarity DESC, length(n.names)
            LIMIT 100
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, [[w.casefold() for w in words]])
            rows = cursor.fetchall()
        best: dict[str, str] = {}
        settled: set[str] = set()
        for word, names, _ in rows:  # the most similar first: the first close word wins
            if word in settled:
                continue
            if word in fold(names):
                settled.add(word)  # spelt right: the name simply has no incident
            elif replacement := closest_word(word, names):
                best[word] = replacement
                settled.add(word)
        return best


def closest_word(word: str, names: str, *, cutoff: float = 0.75) -> str:
    """The word of `names` most like `word` ("soyus" in "Soyuz-U Soyuz U" -> "soyuz")."""
    candidates = {token for token in fold(names) if token.isalpha() and len(token) >= 3}
    if word in candidates:
        return ""  # spelt right: the name simply has no incident
    scored = sorted(((SequenceMatcher(None, word, c).ratio(), c) for c in candidates), reverse=True)
    if scored and scored[0][0] >= cutoff:
        return scored[0][1]
    return ""
