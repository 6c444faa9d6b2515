"""The search app owns the full-text index of incidents and articles, one way per database.

This is the one home of its SQL. Incidents migration 0002 and articles migrations 0004-0006
created the same objects until search became its own app; they now leave that to this
migration, which creates whatever is missing (a new database) or replaces it with the same
definition (a database those migrations built), so both end in the same state.

PostgreSQL: extensions unaccent and pg_trgm; search_prepare(text), an IMMUTABLE wrapper of
unaccent that also splits "Soyuz-U" and "MS-04" into words the way SQLite's tokenizer does;
stored generated tsvector columns `search_vector` with GIN indexes (incidents: title A;
search_names and summary B; GCAT note, flight phase and failed system C. Articles: title A,
the first 250,000 characters of the body C, as a tsvector holds at most 1 MB);
search_article_candidates(), which picks the articles to rank in bounded time; trigram
indexes on the names of vehicles, families, agencies, sites and missions (spelling
suggestions, name look-up).

SQLite: FTS5 tables (porter + unicode61 without diacritics) kept in step by three triggers
each, all written by `sqlite_triggers`. Django rebuilds a table on SQLite for most column
changes and the triggers go with the old table: `search.index` creates them again (and
refills the index) after every `migrate`.
"""

from dataclasses import dataclass

from django.db import migrations

TRIGRAM_TABLES = ("vehicle", "vehiclefamily", "agency", "launchsite")


@dataclass(frozen=True)
class FtsTable:
    """An FTS5 table over `table`: its columns as SQL expressions of a row ({row}.title),
    the columns whose change re-indexes a row, and whether the text is read from `table`
    (external content: stored once) or copied into the index."""

    table: str
    columns: dict[str, str]
    watched: tuple[str, ...]
    external_content: bool

    @property
    def name(self) -> str:
        return f"{self.table}_fts"

    def values(self, row: str) -> str:
        return ", ".join(expression.format(row=row) for expression in self.columns.values())

    @property
    def column_list(self) -> str:
        return ", ".join(self.columns)


INCIDENTS = FtsTable(
    table="incidents_incident",
    columns={
        "title": "{row}.title",
        "names": "{row}.search_names",
        "summary": "{row}.summary",
        "note": "{row}.catalog_note",
        # the flight phase in words ("third stage") and the failed system
        "facts": "CASE WHEN {row}.flight_phase = 'unknown' THEN '' "
        "ELSE replace({row}.flight_phase, '_', ' ') END || ' ' || {row}.failed_system",
    },
    watched=("title", "search_names", "summary", "catalog_note", "flight_phase", "failed_system"),
    external_content=False,
)
ARTICLES = FtsTable(
    table="articles_article",
    columns={"title": "{row}.title", "body": "{row}.body"},
    watched=("title", "body"),
    external_content=True,
)
FTS_TABLES = (INCIDENTS, ARTICLES)


def sqlite_triggers(fts: FtsTable) -> list[str]:
    """Insert, update and delete triggers that keep `fts` in step with its table."""
    insert = (
        f"INSERT INTO {fts.name} (rowid, {fts.column_list}) VALUES (new.id, {fts.values('new')});"
    )
    if fts.external_content:
        delete = (
            f"INSERT INTO {fts.name} ({fts.name}, rowid, {fts.column_list}) "
            f"VALUES ('delete', old.id, {fts.values('old')});"
        )
    else:
        delete = f"DELETE FROM {fts.name} WHERE rowid = old.id;"
    return [
        f"CREATE TRIGGER IF NOT EXISTS {fts.name}_insert AFTER INSERT ON {fts.table} "
        f"BEGIN {insert} END",
        f"CREATE TRIGGER IF NOT EXISTS {fts.name}_update "
        f"AFTER UPDATE OF {', '.join(fts.watched)} ON {fts.table} BEGIN {delete} {insert} END",
        f"CREATE TRIGGER IF NOT EXISTS {fts.name}_delete AFTER DELETE ON {fts.table} "
        f"BEGIN {delete} END",
    ]


def sqlite_trigger_names(fts: FtsTable) -> list[str]:
    return [f"{fts.name}_{event}" for event in ("insert", "update", "delete")]


def sqlite_refill(fts: FtsTable) -> list[str]:
    """Index every row of the table again."""
    if fts.external_content:
        return [f"INSERT INTO {fts.name} ({fts.name}) VALUES ('rebuild')"]
    return [
        f"DELETE FROM {fts.name}",
        f"INSERT INTO {fts.name} (rowid, {fts.column_list}) "
        f"SELECT id, {fts.values(fts.table)} FROM {fts.table}",
    ]


def sqlite_table(fts: FtsTable) -> str:
    content = f", content = '{fts.table}', content_rowid = 'id'" if fts.external_content else ""
    return (
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts.name} USING fts5({fts.column_list}{content}, "
        f"tokenize = 'porter unicode61 remove_diacritics 2')"
    )


def sqlite_forward() -> list[str]:
    statements = []
    for fts in FTS_TABLES:
        statements += [f"DROP TRIGGER IF EXISTS {name}" for name in sqlite_trigger_names(fts)]
        statements += [sqlite_table(fts), *sqlite_refill(fts), *sqlite_triggers(fts)]
    return statements


def sqlite_backward() -> list[str]:
    statements = []
    for fts in FTS_TABLES:
        statements += [f"DROP TRIGGER IF EXISTS {name}" for name in sqlite_trigger_names(fts)]
        statements.append(f"DROP TABLE IF EXISTS {fts.name}")
    return statements


POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    r"""
    CREATE OR REPLACE FUNCTION search_prepare(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS
    $$ SELECT regexp_replace(
           public.unaccent('public.unaccent'::regdictionary, $1),
           '([[:alnum:]])[-./_''’‐‑–](?=[[:alnum:]])', '\1 ', 'g') $$
    """,
    """
    ALTER TABLE incidents_incident ADD COLUMN IF NOT EXISTS search_vector tsvector
    GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, search_prepare(title)), 'A')
        || setweight(to_tsvector('english'::regconfig,
                                 search_prepare(search_names || ' ' || summary)), 'B')
        || setweight(to_tsvector('english'::regconfig, search_prepare(
               catalog_note || ' '
               || CASE WHEN flight_phase = 'unknown' THEN ''
                       ELSE replace(flight_phase, '_', ' ') END
               || ' ' || failed_system)), 'C')
    ) STORED
    """,
    "CREATE INDEX IF NOT EXISTS incident_search_idx ON incidents_incident USING gin (search_vector)",
    *(
        f"CREATE INDEX IF NOT EXISTS {table}_names_trgm_idx ON incidents_{table} "
        f"USING gin ((name || ' ' || aliases) gin_trgm_ops)"
        for table in TRIGRAM_TABLES
    ),
    # query.load_names() looks missions up with name__icontains / aliases__icontains, which
    # Django writes as UPPER(col::text) LIKE UPPER(%s): trigram indexes on those expressions.
    "CREATE INDEX IF NOT EXISTS mission_name_trgm_idx ON incidents_mission "
    "USING gin ((UPPER(name::text)) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS mission_aliases_trgm_idx ON incidents_mission "
    "USING gin ((UPPER(aliases::text)) gin_trgm_ops)",
    """
    ALTER TABLE articles_article ADD COLUMN IF NOT EXISTS search_vector tsvector
    GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, search_prepare(title)), 'A')
        || setweight(to_tsvector('english'::regconfig, search_prepare(left(body, 250000))), 'C')
    ) STORED
    """,
    "CREATE INDEX IF NOT EXISTS article_search_idx ON articles_article USING gin (search_vector)",
    # Which articles get ranked, in bounded time. The planner cannot tell how common a word is
    # well enough to choose between walking the primary key backwards testing each row (fast
    # when the word is everywhere) and a bitmap scan of the GIN index (fast when it is rarer,
    # slow to build for 700,000 rows). So: the newest 2 x cap articles are tested; if they hold
    # `cap` matches, those are the candidates; if at least one in ten matches, the walk goes on
    # newest first from where it stopped; otherwise the words are rare and the bitmap scan of
    # the index is the quick way.
    """
    CREATE OR REPLACE FUNCTION search_article_index_matches(query tsquery, cap integer)
    RETURNS TABLE (id bigint) LANGUAGE sql STABLE PARALLEL SAFE
    SET enable_seqscan = off SET enable_indexscan = off
    AS $$ SELECT id FROM articles_article WHERE search_vector @@ query LIMIT cap $$
    """,
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

POSTGRES_BACKWARD = [
    "DROP FUNCTION IF EXISTS search_article_candidates(tsquery, integer)",
    "DROP FUNCTION IF EXISTS search_article_matches_before(tsquery, integer, bigint)",
    "DROP FUNCTION IF EXISTS search_article_index_matches(tsquery, integer)",
    "DROP INDEX IF EXISTS article_search_idx",
    "ALTER TABLE articles_article DROP COLUMN IF EXISTS search_vector",
    "DROP INDEX IF EXISTS mission_name_trgm_idx",
    "DROP INDEX IF EXISTS mission_aliases_trgm_idx",
    *(f"DROP INDEX IF EXISTS {table}_names_trgm_idx" for table in TRIGRAM_TABLES),
    "DROP INDEX IF EXISTS incident_search_idx",
    "ALTER TABLE incidents_incident DROP COLUMN IF EXISTS search_vector",
    "DROP FUNCTION IF EXISTS search_prepare(text)",
]


def _run(schema_editor, statements) -> None:
    for statement in statements:
        schema_editor.execute(statement, params=None)


def create_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, POSTGRES_FORWARD)
    elif vendor == "sqlite":
        _run(schema_editor, sqlite_forward())


def drop_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, POSTGRES_BACKWARD)
    elif vendor == "sqlite":
        _run(schema_editor, sqlite_backward())


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0007_mission_gcat_citation"),
        ("articles", "0008_import_runs_in_the_background"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
