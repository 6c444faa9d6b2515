"""News feeds: their new items imported as articles.

feedparser reads RSS 2.0, Atom and RSS 1.0/RDF (and survives a broken item). A feed is
fetched with the validators of its last answer (ETag, Last-Modified), so an unchanged feed
costs one 304. An item whose address was imported before (as an article's address, or by an
earlier run) is skipped; the others are fetched and imported in one run per check.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

import feedparser  # type: ignore[import-untyped]
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from articles.importer import FileResult, import_files
from articles.models import Article, Feed, ImportedFile, ImportRun
from articles.pipeline.addresses import is_web_address
from articles.web.fetch import FEED_TYPES, Fetcher, FetchFailed
from articles.web.pages import fetched_inputs, fetcher

logger = logging.getLogger(__name__)


@dataclass
class FeedItem:
    title: str
    address: str


@dataclass
class FeedCheck:
    """What one check of a feed did."""

    feed: Feed
    unchanged: bool = False
    error: str = ""
    items: int = 0  # in the feed
    skipped: list[str] = field(default_factory=list)  # items without a usable address
    run: ImportRun | None = None
    results: list[FileResult] = field(default_factory=list)

    @property
    def summary(self) -> str:
        if self.error:
            return f"failed: {self.error}"
        if self.unchanged:
            return "unchanged since the last check"
        new = len(self.results)
        return f"{self.items} items, {new} new" + (
            f", {len(self.skipped)} without an address" if self.skipped else ""
        )


def read_items(content: bytes) -> tuple[str, list[FeedItem], list[str]]:
    """The feed's title, its items with a web address, and the titles of those without."""
    parsed = feedparser.parse(content)
    if parsed.bozo and not parsed.entries and not parsed.feed:
        raise FetchFailed("not a news feed: it could not be read as RSS or Atom")
    items, skipped = [], []
    for entry in parsed.entries:
        address = str(entry.get("link") or entry.get("id") or "").strip()
        title = str(entry.get("title") or address or "an item").strip()
        if is_web_address(address):
            items.append(FeedItem(title, address))
        else:
            skipped.append(title)
    return str(parsed.feed.get("title") or "").strip(), items, skipped


def already_imported(addresses: list[str]) -> set[str]:
    """The addresses imported before: an article's own, or one a run created or found."""
    done = set(Article.objects.filter(url__in=addresses).values_list("url", flat=True))
    done |= set(
        ImportedFile.objects.filter(
            name__in=addresses,
            outcome__in=[ImportedFile.Outcome.CREATED, ImportedFile.Outcome.KNOWN],
        ).values_list("name", flat=True)
    )
    return done


def check_feed(
    feed: Feed,
    *,
    pages: Fetcher,
    progress: Callable[[int, FileResult], None] | None = None,
    on_items: Callable[[int], None] | None = None,
) -> FeedCheck:
    """Fetch the feed (conditionally), import its new items, and record the check on the feed
    (when it is saved: `import_feed` may read one that is not)."""
    check = FeedCheck(feed)
    try:
        page = pages.fetch(
            feed.address, accept=FEED_TYPES, etag=feed.etag, last_modified=feed.last_modified
        )
        if page.not_modified:
            check.unchanged = True
        else:
            title, items, check.skipped = read_items(page.content)
            check.items = len(items)
            feed.title = feed.title or title[:300]
            feed.etag, feed.last_modified = page.etag[:500], page.last_modified[:100]
            done = already_imported([item.address for item in items])
            new = [item.address for item in items if item.address not in done]
            if on_items:
                on_items(len(new))
            if new:
                check.run, check.results = import_files(
                    fetched_inputs(new, pages), source=ImportRun.Source.FEED, progress=progress
                )
    except FetchFailed as failed:
        check.error = failed.reason
    _record_check(feed, check)
    return check


def _record_check(feed: Feed, check: FeedCheck) -> None:
    now = timezone.now()
    feed.last_checked_at = now
    feed.last_error = check.error
    feed.next_check_at = now + datetime.timedelta(minutes=settings.FEED_POLL_MINUTES)
    if feed.pk is not None:
        feed.save(
            update_fields=[
                "title",
                "etag",
                "last_modified",
                "last_checked_at",
                "last_error",
                "next_check_at",
            ]
        )


def claim(feed: Feed) -> bool:
    """Take the feed for this check, unless another worker has just taken it: its next check
    is moved on in the same statement that tests it is due."""
    later = timezone.now() + datetime.timedelta(minutes=settings.FEED_POLL_MINUTES)
    due = Q(next_check_at__isnull=True) | Q(next_check_at__lte=timezone.now())
    return bool(Feed.objects.filter(due, pk=feed.pk).update(next_check_at=later))


def poll_feeds() -> list[FeedCheck]:
    """Check every active feed that is due, one after another, with one fetcher."""
    checks = []
    with fetcher() as pages:
        for feed in Feed.objects.due().order_by("next_check_at", "pk"):
            if not claim(feed):
                continue
            check = check_feed(feed, pages=pages)
            if check.error:
                logger.warning("feed %s: %s", feed.address, check.error)
            checks.append(check)
    return checks


@task()
def poll_due_feeds() -> None:
    """poll_feeds, as background work."""
    poll_feeds()


def queue_due_feeds() -> None:
    """A chore of the worker (articles.tasks.work), every minute: queue a check of the feeds
    when one is due; each feed is claimed, so two workers never check one twice."""
    if Feed.objects.due().exists():
        poll_due_feeds.enqueue()
