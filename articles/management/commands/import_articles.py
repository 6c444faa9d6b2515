"""python manage.py import_articles PATH... [--dry-run]: import article files and folders."""

import sys

from django.core.management.base import BaseCommand, CommandError

from articles.forms import UNSAFE_ADDRESS
from articles.importer import FileResult, Overrides, import_files
from articles.inputs import count_files, files_from_paths
from articles.models import ImportedFile, ImportRun
from articles.pipeline.addresses import is_web_address
from incidents.partial_dates import parse_partial_date

PROGRESS_FROM = 20  # files; smaller batches just list their results


class Command(BaseCommand):
    help = (
        "Import article texts (.txt, .md, .html, or .zip of them) from files and folders "
        "(recursively). Exits with status 1 when any file failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Show what would be created and linked; write nothing.",
        )
        parser.add_argument("--publisher", default="", help="Publisher for every file.")
        parser.add_argument("--date", default="", help="Publication date (YYYY-MM-DD).")
        parser.add_argument("--url", default="", help="Source URL for every file.")

    def handle(self, *args, paths, dry_run, publisher, date, url, **options):
        if url and not is_web_address(url):
            raise CommandError(f"--url: {UNSAFE_ADDRESS}")
        overrides = Overrides(publisher=publisher, published_on=self._date(date), url=url)
        self.total = count_files(paths)
        if not self.total:
            raise CommandError("No article files found in the given paths.")
        _, results = import_files(
            files_from_paths(paths),
            source=ImportRun.Source.COMMAND,
            overrides=overrides,
            dry_run=dry_run,
            progress=self.show_progress,
        )
        self.summarise(results, dry_run)
        if any(r.outcome == ImportedFile.Outcome.FAILED for r in results):
            sys.exit(1)

    @staticmethod
    def _date(text: str):
        if not text:
            return None
        try:
            first, last = parse_partial_date(text)
        except ValueError as error:
            raise CommandError(str(error)) from error
        if first != last:
            raise CommandError("--date needs a full day: YYYY-MM-DD.")
        return first

    def show_progress(self, index: int, result: FileResult) -> None:
        if self.total >= PROGRESS_FROM:
            width = 30
            filled = width * index // self.total
            self.stderr.write(
                f"\r[{'#' * filled}{'.' * (width - filled)}] {index}/{self.total}", ending=""
            )
            if index == self.total:
                self.stderr.write("")
            return
        self.write_result(result)

    def write_result(self, result: FileResult) -> None:
        line = f"{result.outcome_label:17} {result.name}"
        if result.reason:
            line += f": {result.reason}"
        style = self.style.ERROR if result.outcome == ImportedFile.Outcome.FAILED else str
        self.stdout.write(style(line))
        if result.outcome == ImportedFile.Outcome.CREATED:
            if result.incident is not None:
                made = " (new draft)" if result.created_incident else ""
                self.stdout.write(f"{'':17} cites: {result.incident.title}{made}")
            for incident in result.context:
                self.stdout.write(f"{'':17} mentions in passing: {incident.title}")
            if result.links:
                self.stdout.write(f"{'':17} links: {'; '.join(result.links)}")

    def summarise(self, results: list[FileResult], dry_run: bool) -> None:
        if self.total >= PROGRESS_FROM:
            for result in results:
                if result.outcome == ImportedFile.Outcome.FAILED:
                    self.write_result(result)
        counts = {o: sum(r.outcome == o for r in results) for o in ImportedFile.Outcome}
        prefix = "Dry run, nothing written: would have " if dry_run else ""
        self.stdout.write(
            f"{prefix}{counts[ImportedFile.Outcome.CREATED]} created, "
            f"{counts[ImportedFile.Outcome.KNOWN]} already imported, "
            f"{counts[ImportedFile.Outcome.FAILED]} failed."
        )
