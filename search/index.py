"""The full-text index after `migrate`: on SQLite, Django rebuilds a table for most column
changes (a migration of incidents or articles, which know nothing of search) and the table's
triggers go with the old one. After every migrate, any trigger that is missing is created
again and that table's index refilled. (PostgreSQL's generated columns need nothing.)"""

from __future__ import annotations

import importlib
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.signals import post_migrate

_schema = importlib.import_module("search.migrations.0001_full_text_index")


def connect_signals() -> None:
    post_migrate.connect(restore_triggers, dispatch_uid="search.restore_triggers")


def restore_triggers(sender: Any, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    if sender.name == "search":
        restore_sqlite_triggers(connections[using])


def restore_sqlite_triggers(connection: BaseDatabaseWrapper) -> list[str]:
    """Create the missing triggers of each indexed table and refill its index; the tables
    whose triggers were missing."""
    if connection.vendor != "sqlite":
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('trigger', 'table')")
        present = {name for (name,) in cursor.fetchall()}
        restored = []
        for fts in _schema.FTS_TABLES:
            if fts.name not in present:
                continue  # not migrated so far yet: search's migration makes it all
            if set(_schema.sqlite_trigger_names(fts)) <= present:
                continue
            for statement in [*_schema.sqlite_refill(fts), *_schema.sqlite_triggers(fts)]:
                cursor.execute(statement)
            restored.append(fts.table)
    return restored
