"""Full-text search for articles (see incidents/search/): title weighs most, then the body.

PostgreSQL: a stored generated tsvector column `search_vector` (title A, body C) with a GIN
index, built with search_prepare() from incidents 0002. Only the first 250,000 characters of
a body are indexed: a tsvector holds at most 1 MB, and the importer accepts 5 MB files.

SQLite: an FTS5 table over articles_article's own columns (external content: the text is not
stored twice), kept in step by three triggers. As for incidents: a later migration that makes
Django rebuild articles_article on SQLite must create the triggers again
(`create_sqlite_triggers`).
"""

from django.db import migrations

POSTGRES_FORWARD = [
    """
    ALTER TABLE articles_article ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, search_prepare(title)), 'A')
        || setweight(to_tsvector('english'::regconfig, search_prepare(left(body, 250000))), 'C')
    ) STORED
    """,
    "CREATE INDEX article_search_idx ON articles_article USING gin (search_vector)",
    # Which matches get ranked, in bounded time. The planner cannot tell how common a word
    # is well enough to choose between walking the primary key backwards testing each row
    # (fast when the word is everywhere: "soyuz" in 78% of the benchmark's articles) and a
    # bitmap scan of the GIN index (fast when it is rarer, slow to build for 700,000 rows);
    # asked for "newest matches first" it walked 59,000 rows for "antares explosion". So:
    # test the newest 5 x cap articles; if they hold `cap` matches, those are the
    # candidates; otherwise the first `cap` matches the GIN index gives (bitmap scan only).
    """
    CREATE OR REPLACE FUNCTION search_article_index_matches(query tsquery, cap integer)
    RETURNS TABLE (id bigint) LANGUAGE sql STABLE PARALLEL SAFE
    SET enable_seqscan = off SET enable_indexscan = off
    AS $$ SELECT id FROM articles_article WHERE search_vector @@ query LIMIT cap $$
    """,
    """
    CREATE OR REPLACE FUNCTION search_article_candidates(query tsquery, cap integer)
    RETURNS TABLE (id bigint) LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
    DECLARE
        recent bigint[];
    BEGIN
        SELECT array_agg(r.id) INTO recent FROM (
            SELECT a.id FROM (SELECT articles_article.id, search_vector FROM articles_article
                              ORDER BY articles_article.id DESC LIMIT 5 * cap) AS a
            WHERE a.search_vector @@ query LIMIT cap) AS r;
        IF coalesce(array_length(recent, 1), 0) >= cap THEN
            RETURN QUERY SELECT unnest(recent);
        ELSE
            RETURN QUERY SELECT m.id FROM search_article_index_matches(query, cap) AS m;
        END IF;
    END
    $$
    """,
]
POSTGRES_BACKWARD = [
    "DROP FUNCTION IF EXISTS search_article_candidates(tsquery, integer)",
    "DROP FUNCTION IF EXISTS search_article_index_matches(tsquery, integer)",
    "DROP INDEX IF EXISTS article_search_idx",
    "ALTER TABLE articles_article DROP COLUMN IF EXISTS search_vector",
]

_DELETE = (
    "INSERT INTO articles_article_fts (articles_article_fts, rowid, title, body) "
    "VALUES ('delete', old.id, old.title, old.body);"
)
_INSERT = (
    "INSERT INTO articles_article_fts (rowid, title, body) VALUES (new.id, new.title, new.body);"
)
SQLITE_TRIGGERS = [
    f"""
    CREATE TRIGGER IF NOT EXISTS articles_article_fts_insert
    AFTER INSERT ON articles_article BEGIN {_INSERT} END
    """,
    f"""
    CREATE TRIGGER IF NOT EXISTS articles_article_fts_update
    AFTER UPDATE OF title, body ON articles_article BEGIN {_DELETE} {_INSERT} END
    """,
    f"""
    CREATE TRIGGER IF NOT EXISTS articles_article_fts_delete
    AFTER DELETE ON articles_article BEGIN {_DELETE} END
    """,
]
SQLITE_FORWARD = [
    """
    CREATE VIRTUAL TABLE IF NOT EXISTS articles_article_fts USING fts5(
        title, body, content = 'articles_article', content_rowid = 'id',
        tokenize = 'porter unicode61 remove_diacritics 2'
    )
    """,
    "INSERT INTO articles_article_fts (articles_article_fts) VALUES ('rebuild')",
    *SQLITE_TRIGGERS,
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS articles_article_fts_insert",
    "DROP TRIGGER IF EXISTS articles_article_fts_update",
    "DROP TRIGGER IF EXISTS articles_article_fts_delete",
    "DROP TABLE IF EXISTS articles_article_fts",
]


def _run(schema_editor, statements) -> None:
    for statement in statements:
        schema_editor.execute(statement, params=None)


def create_search(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, POSTGRES_FORWARD)
    elif vendor == "sqlite":
        _run(schema_editor, SQLITE_FORWARD)


def drop_search(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, POSTGRES_BACKWARD)
    elif vendor == "sqlite":
        _run(schema_editor, SQLITE_BACKWARD)


def create_sqlite_triggers(apps, schema_editor):
    """For a later migration that rebuilds articles_article on SQLite."""
    if schema_editor.connection.vendor == "sqlite":
        _run(schema_editor, SQLITE_TRIGGERS)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_mention_dates"),
        ("incidents", "0002_incident_search"),
    ]

    operations = [
        migrations.RunPython(create_search, drop_search),
    ]
