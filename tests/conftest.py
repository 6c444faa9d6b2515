"""Shared fixtures: a logged-in editor (the "Editors" group), a constraint checker and a
database that cannot be reached."""

import pytest
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction

from tests.factories import make_user


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with nothing cached (the filter menus), so query counts are fixed."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def unreachable_database(transactional_db):
    """The connection's settings point at a port of 127.0.0.1 where nothing listens, for what
    runs inside the test; restored after it."""
    if connection.vendor != "postgresql":
        pytest.skip("the test database of SQLite lives in memory and cannot be made unreachable")
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict["PORT"] = "9"  # nothing listens there
    yield
    connection.close()
    connection.settings_dict.update(saved)


@pytest.fixture
def editor(db):
    return make_user(editor=True)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def _assert_rejected(create, *, constraint: str, sqlite_unique: str = "") -> None:
    """`create()` fails with an IntegrityError that names the constraint which stopped it.

    PostgreSQL names every constraint; SQLite names check constraints but reports a unique
    one by its columns ("UNIQUE constraint failed: table.column, ..."), given as
    `sqlite_unique`. The failed statement runs in its own savepoint, so the test goes on.
    """
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        create()
    if sqlite_unique and connection.vendor == "sqlite":
        expected = f"UNIQUE constraint failed: {sqlite_unique}"
    else:
        expected = constraint
    assert expected in str(caught.value)


@pytest.fixture
def assert_rejected(db):
    return _assert_rejected
