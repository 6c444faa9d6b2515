"""python manage.py import_feed URL: import the items of a news feed once."""

import sys

from django.core.management.base import CommandError

from articles.management.commands.import_articles import Command as ImportArticles
from articles.models import Feed, ImportedFile
from articles.pipeline.addresses import is_web_address
from articles.web.feeds import check_feed
from articles.web.pages import fetcher


class Command(ImportArticles):
    help = (
        "Fetch a news feed (RSS 2.0, Atom, RSS 1.0) and import its items not imported before, "
        "one outcome per item. A feed kept in the admin is fetched conditionally and its check "
        "recorded. Exits with status 1 when the feed or any item failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("url", metavar="URL")

    def handle(self, *args, url, **options):
        if not is_web_address(url):
            raise CommandError(f"not an http(s) address: {url}")
        feed = Feed.objects.filter(address=url).first() or Feed(address=url)
        self.total = 0
        with fetcher() as pages:
            check = check_feed(feed, pages=pages, progress=self.show_progress, on_items=self._count)
        self.stdout.write(f"{feed}: {check.summary}")
        for title in check.skipped:
            self.stdout.write(self.style.ERROR(f"{'Skipped':17} {title}: it has no web address"))
        if check.results:
            self.summarise(check.results, dry_run=False)
        failed = any(r.outcome == ImportedFile.Outcome.FAILED for r in check.results)
        if check.error or failed:
            sys.exit(1)

    def _count(self, new: int) -> None:
        self.total = new
