"""Full-text search for incidents, one way per database (see incidents/search/).

PostgreSQL: extensions unaccent and pg_trgm; search_prepare(text), an IMMUTABLE wrapper of
unaccent that also splits "Soyuz-U" and "MS-04" into words the way SQLite's tokenizer does;
a stored generated tsvector column `search_vector` (title A; search_names and summary B;
GCAT note, flight phase and failed system C) with a GIN index; trigram indexes on the names
of vehicles, families, agencies and sites (spelling suggestions).

SQLite: an FTS5 table incidents_incident_fts (rowid = incident id) kept in step by three
triggers. Note: when a later migration makes Django rebuild incidents_incident on SQLite
(it copies the table for most column changes), the triggers go with the old table; such a
migration must run `create_sqlite_triggers` again (tests/incidents/test_search.py fails if
it does not).
"""

from django.db import migrations, models

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
    ALTER TABLE incidents_incident ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
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
    "CREATE INDEX incident_search_idx ON incidents_incident USING gin (search_vector)",
    *(
        f"CREATE INDEX {table}_names_trgm_idx ON incidents_{table} "
        f"USING gin ((name || ' ' || aliases) gin_trgm_ops)"
        for table in ("vehicle", "vehiclefamily", "agency", "launchsite")
    ),
    # query.load_names() looks missions up with name__icontains / aliases__icontains, which
    # Django writes as UPPER(col::text) LIKE UPPER(%s): trigram indexes on those expressions.
    "CREATE INDEX mission_name_trgm_idx ON incidents_mission "
    "USING gin ((UPPER(name::text)) gin_trgm_ops)",
    "CREATE INDEX mission_aliases_trgm_idx ON incidents_mission "
    "USING gin ((UPPER(aliases::text)) gin_trgm_ops)",
]

POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS mission_name_trgm_idx",
    "DROP INDEX IF EXISTS mission_aliases_trgm_idx",
    *(
        f"DROP INDEX IF EXISTS {table}_names_trgm_idx"
        for table in ("vehicle", "vehiclefamily", "agency", "launchsite")
    ),
    "DROP INDEX IF EXISTS incident_search_idx",
    "ALTER TABLE incidents_incident DROP COLUMN IF EXISTS search_vector",
    "DROP FUNCTION IF EXISTS search_prepare(text)",
]

# The facts column: the flight phase in words ("third stage") and the failed system.
_FACTS = (
    "CASE WHEN {row}.flight_phase = 'unknown' THEN '' "
    "ELSE replace({row}.flight_phase, '_', ' ') END || ' ' || {row}.failed_system"
)
_INSERT = (
    "INSERT INTO incidents_incident_fts (rowid, title, names, summary, note, facts) "
    "VALUES (new.id, new.title, new.search_names, new.summary, new.catalog_note, "
    + _FACTS.format(row="new")
    + ");"
)
SQLITE_TRIGGERS = [
    f"""
    CREATE TRIGGER IF NOT EXISTS incidents_incident_fts_insert
    AFTER INSERT ON incidents_incident BEGIN {_INSERT} END
    """,
    f"""
    CREATE TRIGGER IF NOT EXISTS incidents_incident_fts_update
    AFTER UPDATE OF title, search_names, summary, catalog_note, flight_phase, failed_system
    ON incidents_incident BEGIN
        DELETE FROM incidents_incident_fts WHERE rowid = old.id;
        {_INSERT}
    END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS incidents_incident_fts_delete
    AFTER DELETE ON incidents_incident BEGIN
        DELETE FROM incidents_incident_fts WHERE rowid = old.id;
    END
    """,
]
SQLITE_FORWARD = [
    """
    CREATE VIRTUAL TABLE IF NOT EXISTS incidents_incident_fts USING fts5(
        title, names, summary, note, facts,
        tokenize = 'porter unicode61 remove_diacritics 2'
    )
    """,
    "DELETE FROM incidents_incident_fts",
    "INSERT INTO incidents_incident_fts (rowid, title, names, summary, note, facts) "
    "SELECT id, title, search_names, summary, catalog_note, "
    + _FACTS.format(row="incidents_incident")
    + " FROM incidents_incident",
    *SQLITE_TRIGGERS,
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS incidents_incident_fts_insert",
    "DROP TRIGGER IF EXISTS incidents_incident_fts_update",
    "DROP TRIGGER IF EXISTS incidents_incident_fts_delete",
    "DROP TABLE IF EXISTS incidents_incident_fts",
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
    """For a later migration that rebuilds incidents_incident on SQLite."""
    if schema_editor.connection.vendor == "sqlite":
        _run(schema_editor, SQLITE_TRIGGERS)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _names(obj, *fields: str) -> list[str]:
    if obj is None:
        return []
    return [obj.name, *(getattr(obj, f) for f in fields), *_lines(obj.aliases)]


def fill_search_names(apps, schema_editor):
    """The same text as services.incident_search_names, with the migration's models."""
    Incident = apps.get_model("incidents", "Incident")
    incidents = Incident.objects.select_related("mission__spacecraft", "site").prefetch_related(
        "vehicles__family", "agencies"
    )
    changed = []
    for incident in incidents.iterator(chunk_size=1000):
        names: list[str] = []
        if incident.mission is not None:
            names += _names(incident.mission)
            names += _names(incident.mission.spacecraft)
        for vehicle in incident.vehicles.all():
            names += _names(vehicle) + _names(vehicle.family)
        for agency in incident.agencies.all():
            names += _names(agency, "short_name", "english_name", "native_name")
        names += _names(incident.site)
        incident.search_names = "\n".join(dict.fromkeys(n for n in names if n))
        changed.append(incident)
    Incident.objects.bulk_update(changed, ["search_names"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="incident",
            name="search_names",
            field=models.TextField(
                blank=True,
                editable=False,
                help_text="Names and aliases of the mission, vehicles, families, agencies and "
                "site, one per line, for search; kept by services.refresh_search_names.",
            ),
        ),
        migrations.RunPython(create_search, drop_search),
        migrations.RunPython(fill_search_names, migrations.RunPython.noop),
    ]
