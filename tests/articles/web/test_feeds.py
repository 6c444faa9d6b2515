"""News feeds: `import_feed`, `poll_feeds` and the worker's schedule, against feeds and pages
served on 127.0.0.1; conditional GET, items already imported, a broken item, a failing feed."""

import datetime
import io
import time

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.management.commands.worker import CHORES
from articles.models import Article, Feed, ImportRun
from articles.tasks import queue_worker, work
from articles.web.feeds import read_items
from tests.articles.web.samples import atom_feed, news_page, rdf_feed, rss_feed

pytestmark = pytest.mark.django_db
RSS = "application/rss+xml"


def story(n: int) -> str:
    return news_page(
        headline=f"Story {n}",
        paragraphs=(f"Story number {n} tells of a test firing that went as planned.",),
        canonical=None,
    )


def serve_feed(site, count: int = 2, **options) -> str:
    items = [(f"Story {n}", site.page(f"/news/{n}", story(n))) for n in range(1, count + 1)]
    return site.page("/feed.xml", rss_feed(items), content_type=RSS, **options)


def import_feed(address: str) -> tuple[str, int]:
    out = io.StringIO()
    try:
        call_command("import_feed", address, stdout=out, stderr=io.StringIO())
    except SystemExit as exit:
        return out.getvalue(), int(exit.code or 0)
    return out.getvalue(), 0


def test_import_feed_imports_each_item_once(local_site):
    address = serve_feed(local_site)
    output, status = import_feed(address)
    assert status == 0, output
    assert "Orbit Courier news: 2 items, 2 new" in output
    assert "2 created, 0 already imported, 0 failed." in output
    assert sorted(Article.objects.values_list("title", flat=True)) == ["Story 1", "Story 2"]
    assert set(ImportRun.objects.values_list("source", flat=True)) == {ImportRun.Source.FEED}

    output, status = import_feed(address)
    assert "2 items, 0 new" in output
    assert local_site.hits("/news/1") == 1 and Article.objects.count() == 2


def test_a_feed_with_a_broken_item_imports_the_others(local_site):
    good = local_site.page("/news/good", story(1))
    feed = rss_feed([("Good", good), ("Broken", "javascript:alert(1)")]).replace(
        "</channel>", "<item><title>No link at all</title></item></channel>"
    )
    address = local_site.page("/broken.xml", feed, content_type=RSS)
    output, status = import_feed(address)
    assert status == 0, output
    assert "Skipped           Broken: it has no web address" in output
    assert "Skipped           No link at all: it has no web address" in output
    assert list(Article.objects.values_list("title", flat=True)) == ["Story 1"]


def test_an_item_that_fails_is_reported_and_the_command_fails(local_site):
    items = [("Gone", local_site.url("/news/gone")), ("Here", local_site.page("/news/h", story(2)))]
    address = local_site.page("/f.xml", rss_feed(items), content_type=RSS)
    output, status = import_feed(address)
    assert status == 1
    assert f"Failed            {local_site.url('/news/gone')}: not found (HTTP 404)" in output
    assert Article.objects.count() == 1


def test_a_page_that_is_not_a_feed_fails_with_its_reason(local_site):
    address = local_site.page("/not-a-feed", b"%PDF-1.4", content_type="application/pdf")
    output, status = import_feed(address)
    assert status == 1
    assert "failed: not a news feed (the server sent application/pdf)" in output


def test_atom_and_rdf_feeds_are_read():
    items = [("One", "https://a.example/1"), ("Two", "https://a.example/2")]
    for feed, title in ((atom_feed(items), "Pad Notes"), (rdf_feed(items), "Launch Wire")):
        name, found, skipped = read_items(feed.encode())
        assert name == title and skipped == []
        assert [(i.title, i.address) for i in found] == items


def test_polling_checks_due_feeds_and_an_unchanged_feed_costs_one_304(local_site):
    address = serve_feed(local_site, etag='"v1"')
    feed = Feed.objects.create(address=address)
    call_command("poll_feeds", stdout=io.StringIO())
    feed.refresh_from_db()
    assert (feed.title, feed.etag, feed.last_error) == ("Orbit Courier news", '"v1"', "")
    assert feed.next_check_at - feed.last_checked_at == datetime.timedelta(minutes=30)
    assert Article.objects.count() == 2

    out = io.StringIO()
    call_command("poll_feeds", stdout=out)  # not due yet
    assert out.getvalue() == "No feed is due.\n"

    Feed.objects.update(next_check_at=timezone.now())
    requests_before = len(local_site.requests)
    out = io.StringIO()
    call_command("poll_feeds", stdout=out)
    assert "unchanged since the last check" in out.getvalue()
    new_requests = local_site.requests[requests_before:]
    assert [(path, headers.get("If-None-Match")) for _, path, headers in new_requests] == [
        ("/feed.xml", '"v1"')
    ]


def test_an_inactive_feed_is_not_checked_and_a_failing_one_records_why(local_site):
    Feed.objects.create(address=serve_feed(local_site), active=False)
    failing = Feed.objects.create(address=local_site.url("/missing.xml"))
    call_command("poll_feeds", stdout=io.StringIO())
    failing.refresh_from_db()
    assert failing.last_error == "not found (HTTP 404)"
    assert failing.next_check_at > timezone.now()
    assert local_site.hits("/feed.xml") == 0 and not Article.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_worker_checks_a_due_feed_on_its_own(local_site):
    feed = Feed.objects.create(address=serve_feed(local_site))

    give_up = time.monotonic() + 120  # a worker that never gets there fails, not hangs

    def checked() -> bool:
        feed.refresh_from_db()
        return feed.last_checked_at is not None or time.monotonic() > give_up

    work(worker=queue_worker(worker_id="test-worker"), interval=0.05, until=checked, chores=CHORES)
    assert feed.last_checked_at is not None
    assert Article.objects.count() == 2
