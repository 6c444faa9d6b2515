"""Public pages cached for anonymous readers under the data version (config/page_cache.py,
incidents/data_version.py): a cached page is the page as it would be made now, byte for byte,
and changes the moment its data does, whatever wrote it: the admin, an import, a catalog
reload, a bulk update of the review desk or the admin.

The test suite's cache is in this process's memory (tests/settings.py): a page from the cache
costs no query at all here."""

import io
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from articles.models import Article, Citation
from config.page_cache import code_stamp
from incidents import data_version
from incidents.models import Incident
from tests.admin_forms import change_form_data
from tests.articles.test_review_desk import act
from tests.catalog_samples import write_sample_catalog
from tests.factories import (
    make_article,
    make_citation,
    make_family,
    make_incident,
    make_linked_incident,
    make_user,
)
from tests.processes import ROOT, site_env, url_of_the_test_database, wait_for_other_sessions_to_end

pytestmark = pytest.mark.django_db

SLUG = "progress-ms-04-launch-failure-2016"  # the sample catalog's failure


def load_sample_catalog(folder, **changes) -> None:
    folder.mkdir(exist_ok=True)
    call_command(
        "loadcatalog",
        str(write_sample_catalog(folder, **changes)),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )


@pytest.fixture
def catalog(tmp_path):
    load_sample_catalog(tmp_path)
    incident = Incident.objects.get(origin=Incident.Origin.CATALOG)
    assert incident.status == Incident.Status.PUBLISHED
    return incident


@pytest.fixture
def editor_browser():
    """An editor's own browser, logged in (the `client` stays anonymous)."""
    browser = Client()
    browser.force_login(make_user(editor=True))
    return browser


def made_afresh(url: str, **headers):
    """The page as it is made now, with no page cache."""
    with override_settings(PAGE_CACHE_SECONDS=0):
        return Client().get(url, **headers)


def answered_from_the_cache(client, url: str, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    assert response.status_code == 200, url
    assert len(queries) == 0, (url, [q["sql"] for q in queries.captured_queries])
    return response


def cache_pages(client, urls: list[str]) -> dict[str, bytes]:
    """Each page asked for twice: made, then answered from the cache; its body."""
    bodies = {}
    for url in urls:
        first = client.get(url)
        assert first.status_code == 200, url
        assert answered_from_the_cache(client, url).content == first.content
        bodies[url] = first.content
    return bodies


def assert_changed(client, before: dict[str, bytes]) -> None:
    """Each page, asked for again, is what it is made now, and no longer what it was."""
    for url, old in before.items():
        now = client.get(url)
        assert now.content == made_afresh(url).content, url
        assert now.content != old, f"{url} did not change"


def incident_pages(slug: str = SLUG) -> list[str]:
    return [
        f"/incidents/{slug}/",
        "/incidents/",
        "/search/?q=progress",
        "/api/incidents/",
        f"/api/incidents/{slug}/",
    ]


# --------------------------------------------------------------------------- what is cached


class TestWhatIsCached:
    def test_each_public_page_comes_from_the_cache_as_it_would_be_made(self, client, catalog):
        family = catalog.vehicles.get().family
        agency = catalog.agencies.first()
        urls = [
            "/",
            "/incidents/",
            f"/incidents/?family={family.slug}&page=1",
            f"/incidents/{SLUG}/",
            "/statistics/",
            "/about/",
            "/vehicles/",
            "/families/",
            "/agencies/",
            "/sites/",
            f"/vehicles/{catalog.vehicles.get().slug}/",
            f"/families/{family.slug}/",
            f"/agencies/{agency.slug}/",
            f"/sites/{catalog.site.slug}/",
            f"/missions/{catalog.mission.slug}/",
            "/search/?q=progress+ms-04",
            "/api/incidents/",
            f"/api/incidents/{SLUG}/",
        ]
        for url in urls:
            client.get(url)
            cached = answered_from_the_cache(client, url)
            fresh = made_afresh(url)
            assert cached.content == fresh.content, url
            assert dict(cached.items()) == dict(fresh.items()), url

    def test_head_is_answered_from_the_page_get_kept(self, client, catalog):
        url = f"/incidents/{SLUG}/"
        page = client.get(url)
        with CaptureQueriesContext(connection) as queries:
            head = client.head(url)
        assert len(queries) == 0
        assert (head.status_code, head.content) == (200, b"")
        assert dict(head.items()) == dict(page.items())

    def test_the_api_is_kept_apart_for_each_format_asked_for(self, client, catalog):
        url = f"/api/incidents/{SLUG}/"
        indented = "application/json; indent=4"
        client.get(url)
        client.get(url, HTTP_ACCEPT=indented)
        plain = answered_from_the_cache(client, url)
        pretty = answered_from_the_cache(client, url, HTTP_ACCEPT=indented)
        assert plain.content == made_afresh(url).content
        assert pretty.content == made_afresh(url, HTTP_ACCEPT=indented).content
        assert plain.content != pretty.content

    def test_the_about_page_is_kept_for_each_host(self, client, settings):
        settings.ALLOWED_HOSTS = ["a.example", "b.example"]
        client.get("/about/", HTTP_HOST="a.example")
        page = client.get("/about/", HTTP_HOST="b.example")
        assert b"b.example/incidents/" in page.content

    def test_a_page_not_found_is_not_kept(self, client):
        assert client.get("/incidents/no-such-incident/").status_code == 404
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/incidents/no-such-incident/").status_code == 404
        assert len(queries) > 0

    def test_a_page_off_the_list_is_not_kept(self, client, catalog):
        article = make_article(title="Progress lost")
        make_citation(incident=catalog, article=article)
        client.get(article.get_absolute_url())
        with CaptureQueriesContext(connection) as queries:
            client.get(article.get_absolute_url())
        assert len(queries) > 0

    def test_an_api_answer_from_the_cache_is_not_counted_by_the_rate_limit(
        self, client, catalog, monkeypatch
    ):
        from rest_framework.throttling import AnonRateThrottle

        monkeypatch.setitem(AnonRateThrottle.THROTTLE_RATES, "anon", "2/minute")
        kept = [client.get("/api/incidents/").status_code for _ in range(3)]
        made = [client.get(f"/api/incidents/?page_size={n}").status_code for n in (5, 6)]
        assert (kept, made) == ([200, 200, 200], [200, 429])

    def test_a_cached_incident_page_costs_no_query(self, client, django_assert_num_queries):
        make_linked_incident(family=make_family(), slug="progress-ms-04")
        client.get("/incidents/progress-ms-04/")
        with django_assert_num_queries(0):
            client.get("/incidents/progress-ms-04/")


def test_a_deploy_of_other_code_keeps_its_pages_apart(tmp_path):
    template = tmp_path / "templates" / "incidents" / "incident_detail.html"
    template.parent.mkdir(parents=True)
    template.write_text("<h1>{{ incident.title }}</h1>")
    before = code_stamp(tmp_path)
    template.write_text("<h1 class='title'>{{ incident.title }}</h1>")
    assert code_stamp(tmp_path) != before


class TestEditors:
    def test_an_editor_never_gets_the_anonymous_page(self, client, catalog, editor_browser):
        cache_pages(client, incident_pages())
        for url in incident_pages():
            with CaptureQueriesContext(connection) as queries:
                assert editor_browser.get(url).status_code == 200
            assert len(queries) > 0, url  # made for them, not from the cache

    def test_an_editor_never_fills_the_cache(self, client, catalog, editor_browser):
        for url in incident_pages():
            editor_browser.get(url)
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            assert len(queries) > 0, url  # made for the reader: nothing kept for them


# --------------------------------------------------------------------------- never stale


class TestChangesShowAtOnce:
    def test_an_edit_in_the_admin(self, client, catalog, editor_browser):
        before = cache_pages(client, incident_pages())
        change_url = reverse("admin:incidents_incident_change", args=[catalog.pk])
        data = change_form_data(editor_browser.get(change_url))
        data["title"] = "Progress MS-04 lost to a third-stage failure"
        response = editor_browser.post(change_url, data)
        assert response.status_code == 302, response.context["adminform"].errors
        assert_changed(client, before)
        assert b"lost to a third-stage failure" in client.get(f"/incidents/{SLUG}/").content

    def test_an_admin_action_that_publishes(self, client, catalog, editor_browser):
        draft = make_incident(title="Progress MS-05 anomaly", published=False)
        before = cache_pages(
            client, ["/incidents/", "/statistics/", "/search/?q=anomaly", "/api/incidents/"]
        )
        editor_browser.post(
            reverse("admin:incidents_incident_changelist"),
            {"action": "publish", "_selected_action": [draft.pk]},
        )
        assert Incident.objects.get(pk=draft.pk).status == Incident.Status.PUBLISHED
        assert_changed(client, before)

    def test_an_import(self, client, catalog, tmp_path):
        before = cache_pages(client, incident_pages())
        folder = tmp_path / "articles"
        folder.mkdir()
        (folder / "progress.txt").write_text(
            "Cargo ship lost after launch\n"
            "https://news.example/2016/12/01/progress-ms-04-lost/\n\n"
            "The Progress MS-04 cargo ship bound for the space station was lost on Thursday "
            "when the third stage of its Soyuz-U rocket failed, Roscosmos said.\n",
            encoding="utf-8",
        )
        call_command("import_articles", str(folder), stdout=io.StringIO())
        article = Article.objects.get()
        assert article.citations.filter(incident=catalog).exists()
        assert_changed(client, before)
        assert b"Cargo ship lost after launch" in client.get(f"/incidents/{SLUG}/").content

    def test_a_catalog_reload(self, client, tmp_path):
        before = cache_pages(
            client, ["/", "/incidents/", "/statistics/", "/search/?q=progress", "/api/incidents/"]
        )
        load_sample_catalog(tmp_path / "first")
        assert_changed(client, before)

        before = cache_pages(client, [f"/incidents/{SLUG}/"])  # (the note is on its page only)
        load_sample_catalog(tmp_path / "second", note="Gas generator")
        assert_changed(client, before)
        assert b"Gas generator" in client.get(f"/incidents/{SLUG}/").content

    def test_the_review_action_a_bulk_update(self, client, catalog, editor_browser):
        article = held_report_of(catalog)
        before = cache_pages(client, incident_pages())
        editor_browser.post(
            reverse("admin:articles_article_changelist"),
            {"action": "confirm_links", "_selected_action": [article.pk]},
        )
        assert not Article.objects.get(pk=article.pk).needs_review
        assert_changed(client, {url: before[url] for url in incident_pages()[:1]})
        assert b"Kite rocket fails" in client.get(f"/incidents/{SLUG}/").content

    def test_confirm_all_on_the_review_desk(self, client, catalog, editor_browser):
        article = held_report_of(catalog)
        before = cache_pages(client, incident_pages())
        response = act(editor_browser, article, "confirm_all")
        assert "Every link of this article is confirmed" in response.content.decode()
        assert_changed(client, {url: before[url] for url in incident_pages()[:1]})


class TestTheDataVersion:
    def test_a_write_changes_it_now_and_again_when_its_transaction_commits(
        self, django_capture_on_commit_callbacks
    ):
        from django.db import transaction

        before = data_version.current()
        with django_capture_on_commit_callbacks(execute=True):
            with transaction.atomic():
                data_version.bump()
                inside = data_version.current()
        assert len({before, inside, data_version.current()}) == 3

    def test_it_is_read_once_per_request(self, client, catalog, monkeypatch):
        reads = []
        real_get = data_version.cache.get

        def counting_get(key, *args, **kwargs):
            if key == data_version.KEY:
                reads.append(key)
            return real_get(key, *args, **kwargs)

        monkeypatch.setattr(data_version.cache, "get", counting_get)
        with override_settings(PAGE_CACHE_SECONDS=0):
            client.get("/incidents/")
        assert len(reads) == 1


# --------------------------------------------------------------------------- in every worker

# A process of the site as a gunicorn worker is, with the site's own settings (its cache is the
# database's, shared by all processes): it answers the commands written to it, one a line.
WORKER = """
import re
import sys

import django

django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from incidents.models import Incident

client = Client()
for line in sys.stdin:
    command, _, argument = line.strip().partition(" ")
    if command == "get":
        with CaptureQueriesContext(connection) as queries:
            response = client.get(argument)
        title = re.search(r"<h1>(.*?)</h1>", response.content.decode())
        print(response.status_code, len(queries), title.group(1) if title else "-", flush=True)
    elif command == "retitle":
        slug, title = argument.split(" ", 1)
        incident = Incident.objects.get(slug=slug)
        incident.title = title
        incident.save()
        print("saved", flush=True)
"""


class SiteWorker:
    def __init__(self, env: dict):
        self.process = subprocess.Popen(
            [sys.executable, "-c", WORKER],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def ask(self, command: str) -> str:
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        return self.process.stdout.readline().strip()

    def get(self, url: str) -> tuple[int, int, str]:
        status, queries, title = self.ask(f"get {url}").split(" ", 2)
        return int(status), int(queries), title

    def stop(self) -> None:
        assert self.process.stdin
        self.process.stdin.close()
        self.process.wait(60)


def a_site_database(tmp_path) -> str:
    """The test database on PostgreSQL; on SQLite (whose test database lives in this
    process's memory) a file, migrated."""
    if connection.vendor == "postgresql":
        return url_of_the_test_database()
    url = f"sqlite:///{tmp_path / 'site.sqlite3'}"
    subprocess.run(
        [sys.executable, "manage.py", "migrate"],
        cwd=ROOT,
        env=site_env(DATABASE_URL=url),
        check=True,
        capture_output=True,
    )
    return url


def load_catalog_in_its_own_process(catalog, env: dict) -> None:
    """`manage.py loadcatalog` as someone runs it beside the site."""
    subprocess.run(
        [sys.executable, "manage.py", "loadcatalog", str(catalog)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )


@pytest.mark.django_db(transaction=True)
def test_a_write_in_one_worker_shows_in_every_other_at_once(tmp_path):
    env = site_env(DATABASE_URL=a_site_database(tmp_path))
    (tmp_path / "catalog").mkdir()
    catalog = write_sample_catalog(tmp_path / "catalog")
    load_catalog_in_its_own_process(catalog, env)
    page = f"/incidents/{SLUG}/"
    first, second = SiteWorker(env), SiteWorker(env)
    try:
        status, made, title = first.get(page)
        assert status == 200 and made > 2 and title.startswith("Progress MS-04 launch failure")
        # From the shared cache, in either worker: the data version, then the page.
        assert first.get(page) == (200, 2, title)
        assert second.get(page) == (200, 2, title)

        assert second.ask(f"retitle {SLUG} Progress MS-04 lost") == "saved"
        status, queries, title = first.get(page)
        assert (status, title) == (200, "Progress MS-04 lost") and queries > 2

        # A catalog reload in a third process, as `manage.py loadcatalog` is run.
        write_sample_catalog(catalog, note="Gas generator")
        load_catalog_in_its_own_process(catalog, env)
        assert first.get(page)[1] > 2
        assert second.get(page)[1] == 2  # the first made it again, for both
    finally:
        first.stop()
        second.stop()
    if connection.vendor == "postgresql":
        wait_for_other_sessions_to_end()


def held_report_of(incident) -> Article:
    """An article waiting for review that reports `incident`, with an unsure link: the public
    pages show it once an editor confirms it."""
    article = make_article(title="Kite rocket fails", body="The rocket failed.")
    Article.objects.filter(pk=article.pk).update(needs_review=True)
    make_citation(
        incident=incident, article=article, supports=Citation.Supports.INCIDENT, confidence=0.5
    )
    return article
