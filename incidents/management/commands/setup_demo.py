"""Prepare a local demo: an editor account, the GCAT catalog and the seed articles."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand

from incidents.models import Mission


class Command(BaseCommand):
    help = "Create the demo editor account and load the catalog and seed articles if present."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="editor")
        parser.add_argument("--password", required=True)

    def handle(self, *args, username, password, **options):
        self.create_editor(username, password)
        self.load_catalog()
        self.import_seeds()

    def create_editor(self, username: str, password: str) -> None:
        user, created = get_user_model().objects.get_or_create(username=username)
        user.is_staff = True
        user.set_password(password)
        user.save()
        user.groups.add(Group.objects.get(name="Editors"))
        self.stdout.write(f"Demo editor {'created' if created else 'ready'}: {username}")

    def load_catalog(self) -> None:
        if not (settings.CATALOG_DIR / "orbital-launches.csv").exists():
            self.stdout.write(f"No catalog at {settings.CATALOG_DIR}; skipping.")
            return
        if Mission.objects.filter(launch_tag__isnull=False).exists():
            self.stdout.write("Catalog already loaded; run `manage.py loadcatalog` to refresh it.")
            return
        call_command("loadcatalog", str(settings.CATALOG_DIR), stdout=self.stdout)

    def import_seeds(self) -> None:
        if not settings.SEEDS_DIR.is_dir():
            self.stdout.write(f"No seed articles at {settings.SEEDS_DIR}; skipping.")
            return
        self.stdout.write(f"Importing the seed articles from {settings.SEEDS_DIR} ...")
        try:
            call_command("import_articles", str(settings.SEEDS_DIR), stdout=self.stdout)
        except SystemExit as exit_:
            if exit_.code:
                self.stderr.write("Some seed articles failed to import (see above).")
