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
]
POSTGRES_BACKWARD = [
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
