"""python manage.py loadcatalog [DIR]: load GCAT's launch catalog (see README)."""

import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from incidents import catalog
from incidents.catalog_loader import load_catalog

GCAT_URL = "https://planet4589.org/space/gcat/"
REQUIRED = (catalog.LAUNCHES_FILE, catalog.VEHICLES_FILE, catalog.ORGS_FILE, catalog.SITES_FILE)


class Command(BaseCommand):
    help = "Create or update agencies, vehicles, sites, missions and incidents from GCAT files."

    def add_arguments(self, parser):
        parser.add_argument(
            "directory",
            nargs="?",
            help=f"Folder with the GCAT files (default: {settings.CATALOG_DIR})",
        )

    def handle(self, *args, directory=None, **options):
        folder = Path(directory) if directory else settings.CATALOG_DIR
        missing = [name for name in REQUIRED if not (folder / name).is_file()]
        if missing:
            raise CommandError(
                f"No GCAT catalog in {folder} (missing: {', '.join(missing)}). Download "
                f"orbital-launches.csv, lv.tsv, orgs.tsv and sites.tsv from {GCAT_URL} "
                "(or use ../shared/catalog) and pass the folder: manage.py loadcatalog DIR"
            )
        self.stdout.write(f"Loading the GCAT catalog from {folder} ...")
        try:
            report = load_catalog(folder, progress=self.show_progress)
        except catalog.CatalogFormatError as error:
            raise CommandError(str(error)) from error
        self.stdout.write("")
        for label, tally in report.tallies.items():
            self.stdout.write(f"{label:17} {tally}")
        for problem in report.problems:
            self.stderr.write(f"skipped {problem}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Done in {report.seconds:.1f} s; {len(report.problems)} row(s) skipped. "
                "Source: GCAT (J. McDowell, planet4589.org)."
            )
        )

    def show_progress(self, stage: str, done: int, total: int) -> None:
        if self.stdout.isatty() if hasattr(self.stdout, "isatty") else sys.stdout.isatty():
            self.stdout.write(f"\r{stage}: {done}/{total}", ending="")
            self.stdout.flush()
        elif done == total:
            self.stdout.write(f"{stage}: {total} rows")
