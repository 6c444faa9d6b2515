"""Shared fixtures: the test databases, a logged-in editor (the "Editors" group), a
constraint checker and a database that cannot be reached.

The real GCAT catalog, loaded once
----------------------------------
Most tests start from an empty database and make the few rows they need (tests/factories.py),
or load a small catalog written for them (tests/catalog_samples.py). Some need the whole real
catalog (7,141 launches): the linker on real articles, names people search for, the loader's
own checks. Loading it takes 5-12 seconds, so it is loaded at most once per test process:

- `django_db_setup` below makes, just after pytest-django has migrated the test database, a copy
  of it (PostgreSQL: CREATE DATABASE ... TEMPLATE; SQLite: the backup API into a second
  in-memory database). It does so only when the tests collected include a `GcatTestCase`.
- The first `GcatTestCase` (tests/gcat.py) to run loads the catalog into the copy and commits.
- Every `GcatTestCase` points the connection "default" at the copy for the length of the class
  and back again after. As any TestCase, it runs its setUpTestData and each test inside
  transactions that are rolled back, so the next class finds the catalog exactly as loaded.
- Every other test uses the ordinary test database and finds it as empty as ever.

So the tests that need the catalog are written as `class ...(GcatTestCase)`; a test that has to
commit (a transactional test) cannot share the copy, and loads a written sample instead. Under
pytest-xdist each worker has its own pair of databases (pytest-django suffixes the names with
the worker's id), and loads the catalog only if it runs a GcatTestCase.

In parallel
-----------
`python3 dev.py test` runs the suite on every core with pytest-xdist (`-n auto`), each worker
with databases of its own, and `--dist loadscope` (pyproject.toml) as `pytest_xdist_make_scheduler`
below makes it: the tests of one TestCase class (or pytest class) go to one worker, so that its
setUpTestData runs once; each test function is sent on its own. The workers take them in the
order pytest-django gives, tests in a rolled-back transaction first, then those that commit
(transactional_db, live_server) and have the database flushed after them: a flush also removes
what the migrations wrote (the "Editors" group), so on each worker no TestCase may follow one.
That is why a module's functions are not kept together (a module may mix both kinds), and why
xdist's reordering of units by size is turned off.
"""

import pytest
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.test import override_settings
from xdist.scheduler import LoadScopeScheduling  # type: ignore[import-untyped]

from articles.web.fetch import SHARED_ROBOTS
from tests import gcat
from tests.factories import make_user
from tests.web_server import LocalSite


class ClassesTogether(LoadScopeScheduling):
    """loadscope with a unit per class, and one per test function (see above)."""

    def _split_scope(self, nodeid: str) -> str:
        path = nodeid.split("[", 1)[0]  # a parameter's id may hold "::"
        return path.rsplit("::", 1)[0] if path.count("::") > 1 else nodeid


def pytest_xdist_make_scheduler(config, log):
    if config.getvalue("dist") != "loadscope":
        return None
    config.option.loadscopereorder = False  # keep pytest-django's order (see above)
    return ClassesTogether(config, log)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request):
    """pytest-django's test database and, when a GcatTestCase is to run, the copy that receives
    the real catalog (see above)."""
    if not any(gcat.wants_gcat(item) for item in request.session.items):
        yield
        return
    with django_db_blocker.unblock():
        gcat.make_copy()
    yield
    with django_db_blocker.unblock():
        gcat.destroy_copy()


@pytest.fixture(scope="session", autouse=True)
def quick_password_hashing():
    """Many tests make users with a password, and Django's PBKDF2 takes 0.25-0.7 s a hash on
    this machine. Its fastest hasher (Django's own advice for tests) makes that nothing; what
    the tests check of logins and lockouts is the same with either."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with nothing cached (the filter menus), so query counts are fixed."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def no_page_cache(settings):
    """Every page is made afresh (config/page_cache.py keeps none): for counting what making
    a page costs, the second time with its menus cached."""
    settings.PAGE_CACHE_SECONDS = 0


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
def local_site(settings):
    """A web server on 127.0.0.1 serving the pages the test writes (tests/web_server.py), and
    the importer allowed to fetch from private addresses (its own guard is tested apart)."""
    settings.IMPORT_ALLOW_PRIVATE_ADDRESSES = True
    settings.IMPORT_HOST_INTERVAL = 0
    settings.IMPORT_RETRY_BACKOFF = 0
    SHARED_ROBOTS.clear()
    site = LocalSite().start()
    yield site
    site.stop()


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
