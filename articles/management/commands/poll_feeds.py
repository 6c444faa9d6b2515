"""python manage.py poll_feeds: check every feed that is due (the worker does it on schedule)."""

from django.core.management.base import BaseCommand

from articles.web.feeds import poll_feeds


class Command(BaseCommand):
    help = (
        "Check each active feed whose next check has come, and import its new items. "
        "`manage.py worker` runs this on schedule (FEED_POLL_MINUTES, 30 by default)."
    )

    def handle(self, *args, **options):
        checks = poll_feeds()
        for check in checks:
            style = self.style.ERROR if check.error else str
            self.stdout.write(style(f"{check.feed}: {check.summary}"))
        if not checks:
            self.stdout.write("No feed is due.")
