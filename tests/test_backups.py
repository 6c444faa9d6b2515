"""The README's backup runbook works: a backup restored into a fresh database has every table
with every row (PostgreSQL: pg_dump -Fc and pg_restore, the real binaries; SQLite: the online
backup API, a consistent copy of a database in use)."""

import sqlite3
import subprocess
import uuid
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from django.db import connection

from tests.factories import (
    make_article,
    make_citation,
    make_import_run,
    make_imported_file,
    make_linked_incident,
    make_mention,
    make_user,
)
from tests.processes import url_of_the_test_database, wait_for_other_sessions_to_end


def fill_every_kind_of_row() -> None:
    editor = make_user()
    for _ in range(3):
        incident = make_linked_incident()
        article = make_article()
        make_citation(incident=incident, article=article)
        make_mention(article=article)
        make_imported_file(run=make_import_run(started_by=editor), article=article)
    incident.title = "Edited"  # a history row more
    incident.save()


def row_counts(cursor, tables: list[str]) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
    return counts


def assert_same_rows(original: dict[str, int], restored: dict[str, int]) -> None:
    assert restored == original
    for table in ("incidents_incident", "articles_article", "articles_citation", "auth_user"):
        assert original[table] > 0, table  # (so the comparison means something)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump backs up PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_a_pg_dump_restored_with_pg_restore_has_every_row(tmp_path):
    fill_every_kind_of_row()
    tables = connection.introspection.table_names()
    with connection.cursor() as cursor:
        original = row_counts(cursor, tables)

    dump = tmp_path / "incidents.dump"
    source = url_of_the_test_database()
    subprocess.run(["pg_dump", "-Fc", "-f", str(dump), source], check=True)
    fresh = f"incidents_restore_{uuid.uuid4().hex[:8]}"
    target = urlunsplit(urlsplit(source)._replace(path=f"/{fresh}"))
    with psycopg.connect(source, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{fresh}"')
    try:
        restore = ["pg_restore", "--no-owner", "--exit-on-error", "-d", target, str(dump)]
        subprocess.run(restore, check=True)
        with psycopg.connect(target) as restored:
            assert_same_rows(original, row_counts(restored.cursor(), tables))
    finally:
        with psycopg.connect(source, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')
        wait_for_other_sessions_to_end()  # (pg_dump's and these)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the backup API is SQLite's")
@pytest.mark.django_db(transaction=True)
def test_a_sqlite_backup_restored_into_a_fresh_file_has_every_row(tmp_path):
    fill_every_kind_of_row()
    tables = connection.introspection.table_names()
    with connection.cursor() as cursor:
        original = row_counts(cursor, tables)

    connection.ensure_connection()
    backup = sqlite3.connect(tmp_path / "backup.sqlite3")
    connection.connection.backup(backup)  # while the site's connection is open
    backup.close()
    restored = sqlite3.connect(tmp_path / "restored.sqlite3")
    with sqlite3.connect(tmp_path / "backup.sqlite3") as copy:
        copy.backup(restored)
    assert_same_rows(original, row_counts(restored.cursor(), tables))
    restored.close()
