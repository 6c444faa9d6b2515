"""SQLite: FTS5 tables (porter + unicode61 without diacritics) with bm25() to rank and
highlight()/snippet() to mark, kept in step by the triggers of the search migrations.

User text never reaches FTS5 as syntax: every word or phrase is put in double quotes here
(with any quote inside doubled), joined by the operators this module writes itself.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from difflib import get_close_matches

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
    Candidate,
    Marks,
    RankedArticles,
    SqlWithParams,
    as_date,
    highlight_clauses,
)
from search.query import Clause, fold

# Column weights, as PostgreSQL's A/B/C: title; names, summary; GCAT note, phase and system.
INCIDENT_WEIGHTS = "10.0, 4.0, 4.0, 2.0, 2.0"
ARTICLE_WEIGHTS = "10.0, 2.0"
_NAME_TABLES = ("vehicle", "vehiclefamily", "agency", "launchsite")


def quote(atom: str) -> str:
    return '"' + atom.replace('"', '""') + '"'


def fts_query(clauses: Sequence[Clause]) -> str:
    """("a" OR "b") AND "c" NOT "d": every word quoted, so nothing the reader typed is syntax."""
    positive = [c for c in clauses if not c.negated]
    expression = " AND ".join(
        "(" + " OR ".join(quote(atom) for atom in clause.atoms) + ")" for clause in positive
    )
    for clause in clauses:
        if clause.negated:
            for atom in clause.atoms:
                expression = f"({expression}) NOT {quote(atom)}"
    return expression


class SQLiteBackend:
    vendor = "sqlite"

    def incident_condition(self, clauses: Sequence[Clause]) -> RawSQL:
        sql = (
            '"incidents_incident"."id" IN (SELECT rowid FROM incidents_incident_fts '
            "WHERE incidents_incident_fts MATCH %s)"
        )
        return RawSQL(sql, [fts_query(clauses)], BooleanField())

    def rank_columns(self, clauses: Sequence[Clause]) -> dict[str, RawSQL]:
        return {}  # bm25() reads the full-text table, which the ranking joins by rowid

    def rank_incidents(self, inner: SqlWithParams, clauses: Sequence[Clause]) -> list[Candidate]:
        inner_sql, inner_params = inner
        sql = f"""
            SELECT c.id, c.date, c.outcome,
                   bm25(incidents_incident_fts, {INCIDENT_WEIGHTS}) AS score,
                   c.family_ids, c.agency_ids, c.source_count
            FROM ({inner_sql}) AS c
            JOIN incidents_incident_fts ON incidents_incident_fts.rowid = c.id
            WHERE incidents_incident_fts MATCH %s
            ORDER BY score, c.date DESC, c.id DESC
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, [*inner_params, fts_query(clauses)])
            rows = cursor.fetchall()
        # bm25() is lower for better matches; flip it so that higher is better everywhere.
        return [
            Candidate(pk, as_date(day), outcome, -score, *ids)
            for pk, day, outcome, score, *ids in rows
        ]

    def incident_marks(self, ids: Sequence[int], clauses: Sequence[Clause]) -> dict[int, Marks]:
        sql = f"""
            SELECT rowid, highlight(incidents_incident_fts, 0, %s, %s),
                   CASE WHEN summary <> ''
                        THEN snippet(incidents_incident_fts, 2, %s, %s, '…', {SNIPPET_WORDS})
                        ELSE snippet(incidents_incident_fts, 3, %s, %s, '…', {SNIPPET_WORDS})
                   END
            FROM incidents_incident_fts
            WHERE incidents_incident_fts MATCH %s AND rowid IN (SELECT value FROM json_each(%s))
        """
        params = [START, STOP] * 3 + [fts_query(highlight_clauses(clauses)), json.dumps(list(ids))]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return {pk: Marks(title, snippet or "") for pk, title, snippet in cursor.fetchall()}

    def rank_articles(self, clauses: Sequence[Clause], *, limit: int, cap: int) -> RankedArticles:
        """The best `limit` of the newest `cap` matches (by rowid: a range FTS5 reads fast)."""
        match = fts_query(clauses)
        sql = f"""
            WITH ranked AS MATERIALIZED (
                SELECT rowid AS id, bm25(articles_article_fts, {ARTICLE_WEIGHTS}) AS score
                FROM articles_article_fts
                WHERE articles_article_fts MATCH %s
                  AND rowid >= (SELECT coalesce(min(rowid), 0) FROM (
                          SELECT rowid FROM articles_article_fts
                          WHERE articles_article_fts MATCH %s ORDER BY rowid DESC LIMIT %s)))
            SELECT id, score, count(*) OVER () AS total FROM ranked
            WHERE id NOT IN ({HELD_ARTICLES})
            ORDER BY score, id DESC
            LIMIT %s
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, [match, match, cap, limit])
            rows = cursor.fetchall()
        total = rows[0][2] if rows else 0
        return RankedArticles([ArticleRow(pk, -score) for pk, score, _ in rows], total)

    def article_marks(
        self, ids: Sequence[int], clauses: Sequence[Clause]
    ) -> dict[int, ArticleMarks]:
        """Each article's marks, publisher and date."""
        sql = f"""
            SELECT a.id, highlight(articles_article_fts, 0, %s, %s),
                   snippet(articles_article_fts, 1, %s, %s, '…', {SNIPPET_WORDS}),
                   a.publisher, a.url, a.published_on
            FROM articles_article_fts
            JOIN articles_article AS a ON a.id = articles_article_fts.rowid
            WHERE articles_article_fts MATCH %s
              AND articles_article_fts.rowid IN (SELECT value FROM json_each(%s))
        """
        match = fts_query(highlight_clauses(clauses))
        params = [START, STOP, START, STOP, match, json.dumps(list(ids))]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return {
                pk: ArticleMarks(
                    Marks(title, snippet or ""),
                    publisher or publisher_from_address(url),
                    published_on and as_date(published_on),
                )
                for pk, title, snippet, publisher, url, published_on in cursor.fetchall()
            }

    def similar_words(self, words: Sequence[str]) -> dict[str, str]:
        """For each word, the closest word of a vehicle, family, agency or site name (difflib
        over the names: SQLite has no trigram similarity)."""
        union = " UNION ALL ".join(
            f"SELECT name || ' ' || aliases FROM incidents_{table}" for table in _NAME_TABLES
        )
        with connection.cursor() as cursor:
            cursor.execute(union)
            vocabulary = {
                token
                for (names,) in cursor.fetchall()
                for token in fold(names)
                if token.isalpha() and len(token) >= 3
            }
        best = {}
        for word in words:
            word = word.casefold()
            if word in vocabulary:
                continue  # spelt right: the name simply has no incident
            found = get_close_matches(word, vocabulary, n=1, cutoff=0.75)
            if found:
                best[word] = found[0]
        return best
