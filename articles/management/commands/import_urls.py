"""python manage.py import_urls URL... [--from-file FILE] [--dry-run]: fetch web pages and
import them as articles, one outcome per address (as import_articles prints them)."""

import sys
from pathlib import Path

from django.core.management.base import CommandError

from articles.importer import import_files
from articles.management.commands.import_articles import Command as ImportArticles
from articles.models import ImportedFile, ImportRun
from articles.web.pages import addresses_in, fetched_inputs, fetcher


class Command(ImportArticles):
    help = (
        "Fetch web pages (http or https addresses) and import each as an article: the page's "
        "own text, headline, date, author and publisher. Exits with status 1 when any failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("urls", nargs="*", metavar="URL")
        parser.add_argument(
            "--from-file", metavar="FILE", help="A file of addresses, one a line (# comments)."
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Fetch and show what would be created and linked; write nothing.",
        )

    def handle(self, *args, urls, from_file, dry_run, **options):
        addresses, bad = addresses_in("\n".join([*urls, self._read(from_file)]))
        if bad:
            raise CommandError(f"not an http(s) address: {bad[0]}")
        if not addresses:
            raise CommandError("Give at least one address, or --from-file.")
        self.total = len(addresses)
        with fetcher() as pages:
            _, results = import_files(
                fetched_inputs(addresses, pages),
                source=ImportRun.Source.COMMAND,
                dry_run=dry_run,
                progress=self.show_progress,
            )
        self.summarise(results, dry_run)
        if any(r.outcome == ImportedFile.Outcome.FAILED for r in results):
            sys.exit(1)

    @staticmethod
    def _read(path: str | None) -> str:
        if not path:
            return ""
        try:
            return Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"--from-file: could not read {path} ({error})") from error
