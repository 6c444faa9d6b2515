"""Article search candidates, chosen by how common the words are among the newest articles.

0004 tested the newest 5 x cap articles and, short of `cap` matches there, built a bitmap of
every match in the GIN index: for a word in one article in seven ("progress" in the
benchmark), 150,000 rows and 70 ms. Now: the newest 2 x cap articles are tested; if they hold
`cap` matches, those are the candidates; if at least one in ten matches, the walk goes on
newest first from where it stopped (it will find the rest within a few thousand rows);
otherwise the words are rare and the bitmap scan is the quick way.
"""

import importlib

from django.db import migrations

POSTGRES_FORWARD = [
    """
    CREATE OR REPLACE FUNCTION search_article_matches_before(
        query tsquery, cap integer, below bigint
    )
    RETURNS TABLE (id bigint) LANGUAGE sql STABLE PARALLEL SAFE
    SET enable_seqscan = off SET enable_bitmapscan = off
    AS $$ SELECT id FROM articles_article WHERE id < below AND search_vector @@ query
          ORDER BY id DESC LIMIT cap $$
    """,
    """
    CREATE OR REPLACE FUNCTION search_article_candidates(query tsquery, cap integer)
    RETURNS TABLE (id bigint) LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
    DECLARE
        recent bigint[];
        found integer;
        below bigint;
    BEGIN
        SELECT array_agg(r.id) INTO recent FROM (
            SELECT a.id FROM (SELECT articles_article.id, search_vector FROM articles_article
                              ORDER BY articles_article.id DESC LIMIT 2 * cap) AS a
            WHERE a.search_vector @@ query LIMIT cap) AS r;
        found := coalesce(array_length(recent, 1), 0);
        IF found >= cap THEN
            RETURN QUERY SELECT unnest(recent);
        ELSIF found * 10 >= 2 * cap THEN
            SELECT min(n.id) INTO below FROM (
                SELECT articles_article.id FROM articles_article
                ORDER BY articles_article.id DESC LIMIT 2 * cap) AS n;
            RETURN QUERY SELECT unnest(recent)
                UNION ALL
                SELECT m.id FROM search_article_matches_before(query, cap - found, below) AS m;
        ELSE
            RETURN QUERY SELECT m.id FROM search_article_index_matches(query, cap) AS m;
        END IF;
    END
    $$
    """,
]


def _previous_candidates_function() -> str:
    previous = importlib.import_module("articles.migrations.0004_article_search")
    (statement,) = [
        s for s in previous.POSTGRES_FORWARD if "FUNCTION search_article_candidates" in s
    ]
    return statement


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES_FORWARD:
            schema_editor.execute(statement, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_previous_candidates_function(), params=None)
        schema_editor.execute(
            "DROP FUNCTION IF EXISTS search_article_matches_before(tsquery, integer, bigint)",
            params=None,
        )


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_article_search")]

    operations = [migrations.RunPython(forward, backward)]
