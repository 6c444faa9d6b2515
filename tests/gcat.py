"""The whole real GCAT catalog for the tests that need it, loaded once per test process.

How it works, and why, is told in tests/conftest.py. In short: `django_db_setup` makes a copy
of the empty, migrated test database (`make_copy`); the first `GcatTestCase` to run loads the
catalog from settings.CATALOG_DIR into that copy; and each `GcatTestCase` runs with the
connection "default" pointing at the copy, inside the transaction that TestCase rolls back,
so every such class finds the catalog as it was loaded.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.sqlite3.creation import DatabaseCreation as SQLiteCreation
from django.test import TestCase

from incidents.catalog_loader import LoadReport, load_catalog

SUFFIX = "gcat"


class CatalogCopy:
    """A second test database, made from the first just after migrating, that receives the
    real catalog the first time a test asks for it."""

    def __init__(self, empty: BaseDatabaseWrapper):
        self.empty = empty
        self.copy = _copy_of(empty)
        self.report: LoadReport | None = None

    def use(self) -> None:
        """Point the connection "default" at the copy, loading the catalog the first time."""
        _point_default_at(self.copy)
        if self.report is None:
            self.report = load_catalog(settings.CATALOG_DIR)

    def stop_using(self) -> None:
        """Point the connection "default" back at the ordinary, empty test database."""
        _point_default_at(self.empty)

    def destroy(self) -> None:
        self.copy.creation.destroy_test_db(verbosity=0)


_catalog: CatalogCopy | None = None


def make_copy() -> None:
    """Called by `django_db_setup` (tests/conftest.py) when a GcatTestCase is to run."""
    global _catalog
    _catalog = CatalogCopy(connections[DEFAULT_DB_ALIAS])


def destroy_copy() -> None:
    global _catalog
    if _catalog is not None:
        _catalog.destroy()
        _catalog = None


class GcatTestCase(TestCase):
    """A TestCase whose tests see the whole real catalog (7,141 launches), as loaded by
    `load_catalog`; `catalog_report` is what that load reported."""

    catalog_report: LoadReport

    @classmethod
    def setUpClass(cls):
        if _catalog is None:
            raise RuntimeError("no catalog copy: tests/conftest.py's django_db_setup makes it")
        _catalog.use()
        cls.addClassCleanup(_catalog.stop_using)
        cls.catalog_report = _catalog.report
        super().setUpClass()


def wants_gcat(item) -> bool:
    """Whether a collected test is one of a GcatTestCase."""
    cls = getattr(item, "cls", None)
    return cls is not None and issubclass(cls, GcatTestCase)


def _copy_of(empty: BaseDatabaseWrapper) -> BaseDatabaseWrapper:
    """A new database holding what `empty` holds, and a connection to it.

    PostgreSQL copies a database with CREATE DATABASE ... TEMPLATE (Django's clone_test_db,
    as its parallel test runner does); SQLite's backup API copies an in-memory database into
    another one, named after this one (a file database into a file beside it)."""
    if empty.vendor != "sqlite":
        empty.creation.clone_test_db(suffix=SUFFIX, verbosity=0, autoclobber=True)
        copy = empty.copy()
        copy.settings_dict.update(empty.creation.get_test_db_clone_settings(SUFFIX))
        return copy
    copy = empty.copy()
    name = empty.settings_dict["NAME"]
    if SQLiteCreation.is_in_memory_db(name):
        copy.settings_dict["NAME"] = name.replace("?", f"_{SUFFIX}?", 1)
    else:
        copy.settings_dict["NAME"] = empty.creation.get_test_db_clone_settings(SUFFIX)["NAME"]
    empty.ensure_connection()
    copy.ensure_connection()
    empty.connection.backup(copy.connection)
    return copy


def _point_default_at(wrapper: BaseDatabaseWrapper) -> None:
    """Make `wrapper` the connection "default", in this thread (connections[...]) and in any
    thread a test starts (connections.settings, from which new threads connect).

    Content types are cached by id; the two databases agree on them, but the cache is emptied
    so that nothing read from one is ever taken for the other."""
    connections[DEFAULT_DB_ALIAS] = wrapper
    connections.settings[DEFAULT_DB_ALIAS] = wrapper.settings_dict
    ContentType.objects.clear_cache()
