"""The full-text index the search app owns: made by its migration on either database, kept in
step by triggers on SQLite, and restored after a migration that rebuilds a table."""

import pytest
from django.db import connection

from search.core import search_articles, search_incidents
from search.index import restore_sqlite_triggers
from tests.factories import make_article, make_incident

pytestmark = pytest.mark.django_db


def titles(results):
    return [hit.incident.title for hit in results.page.object_list]


def test_new_rows_are_found_through_the_index_the_migration_made():
    make_incident(title="Zenit turbopump failure")
    article = make_article(title="A turbopump report", body="The turbopump failed at T+20.")
    assert titles(search_incidents("turbopump")) == ["Zenit turbopump failure"]
    assert [hit.id for hit in search_articles("turbopump").hits] == [article.pk]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="triggers keep SQLite's FTS5 tables")
def test_a_rebuilt_table_gets_its_triggers_and_its_index_back():
    incident = make_incident(title="Zenit turbopump failure")
    with connection.cursor() as cursor:  # as Django's table rebuild leaves it
        for event in ("insert", "update", "delete"):
            cursor.execute(f"DROP TRIGGER incidents_incident_fts_{event}")
    incident.title = "Zenit fairing failure"
    incident.save()
    assert titles(search_incidents("fairing")) == []  # the index no longer follows

    assert restore_sqlite_triggers(connection) == ["incidents_incident"]

    assert titles(search_incidents("fairing")) == ["Zenit fairing failure"]
    assert restore_sqlite_triggers(connection) == []  # nothing missing: nothing done
    incident.title = "Zenit engine failure"
    incident.save()
    assert titles(search_incidents("engine")) == ["Zenit engine failure"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's generated columns")
def test_postgres_has_the_generated_columns_and_the_functions():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.columns WHERE column_name = "
            "'search_vector' ORDER BY table_name"
        )
        assert [row[0] for row in cursor.fetchall()] == ["articles_article", "incidents_incident"]
        cursor.execute(
            "SELECT proname FROM pg_proc WHERE proname LIKE 'search_%%' ORDER BY proname"
        )
        assert [row[0] for row in cursor.fetchall()] == [
            "search_article_candidates",
            "search_article_index_matches",
            "search_article_matches_before",
            "search_prepare",
        ]
