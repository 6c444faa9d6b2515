"""Browser tests: the app served for real (pytest-django's live_server, so every test has a
transactional database) and driven by headless Chromium through Playwright.

Chromium is found at $CHROMIUM, else /usr/bin/chromium (Playwright's own browser downloads
are not used). Without it the tests are skipped, saying so, unless CI_BROWSER=1, where they
fail: CI must run them.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from playwright.sync_api import sync_playwright

from tests.browser.world import build_world
from tests.factories import make_user

DEFAULT_CHROMIUM = "/usr/bin/chromium"
VIEWPORT = {"width": 1280, "height": 900}
EDITOR_PASSWORD = "Progress-65-lost-over-Tuva"  # noqa: S105 - a test account


def chromium_executable() -> str:
    """Chromium's path; a skip with the reason when it is missing, or a failure under
    CI_BROWSER=1."""
    path = os.environ.get("CHROMIUM") or DEFAULT_CHROMIUM
    if Path(path).is_file() and os.access(path, os.X_OK):
        return path
    reason = f"no Chromium at {path} (install it, or set CHROMIUM to its path)"
    if os.environ.get("CI_BROWSER") == "1":
        pytest.fail(f"{reason}; CI_BROWSER=1 requires the browser tests to run", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="package")
def browser():
    """One headless Chromium for the browser tests, closed (with Playwright's event loop) when
    they are done, before the rest of the suite goes on.

    Playwright's sync API keeps an event loop running in the test thread, so Django would
    refuse the queries the tests make there to set up and check their data:
    DJANGO_ALLOW_ASYNC_UNSAFE allows them while the browser runs."""
    executable = chromium_executable()
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=executable, headless=True)
        yield browser
        browser.close()


def new_page(browser, **options):
    context = browser.new_context(viewport=VIEWPORT, **options)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


@pytest.fixture
def page(browser):
    page = new_page(browser)
    yield page
    page.context.close()


@pytest.fixture
def axe_page(browser):
    """A page whose Content-Security-Policy is bypassed, so that axe can be injected."""
    page = new_page(browser, bypass_csp=True)
    yield page
    page.context.close()


@pytest.fixture
def site(live_server) -> str:
    """The address of the running app."""
    return live_server.url


@pytest.fixture
def world(transactional_db):
    return build_world()


@pytest.fixture
def editor(transactional_db):
    """A member of "Editors", as make_user makes one, with a password to log in with."""
    restore_editors_group()
    return make_user(editor=True, password=EDITOR_PASSWORD)


def restore_editors_group() -> None:
    """Data migrations make the "Editors" group; a transactional test that ran before this one
    emptied the database, and the group with it. Make it again as those migrations do."""
    if Group.objects.filter(name="Editors").exists():
        return
    state_apps = MigrationLoader(connection).project_state().apps
    for module, function in [
        ("articles.migrations.0002_editors_group", "create_editors_group"),
        ("articles.migrations.0007_facts", "editors_may_curate_facts"),
        ("articles.migrations.0011_web_sources_and_feeds", "editors_may_keep_feeds"),
    ]:
        getattr(importlib.import_module(module), function)(state_apps, None)


def log_in(page, site: str, user, password: str = EDITOR_PASSWORD) -> None:
    page.goto(f"{site}/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url(f"{site}/admin/")
