"""python manage.py resume_imports: take up the import runs whose importer was stopped."""

from django.core.management.base import BaseCommand

from articles.models import ImportRun
from articles.tasks import resume_stalled


class Command(BaseCommand):
    help = (
        "Queue again the uploaded imports whose worker was stopped (their waiting files are "
        "imported by the next worker); mark stopped command-line imports as such."
    )

    def handle(self, *args, **options):
        stalled = [run for run in ImportRun.objects.filter(status=ImportRun.Status.RUNNING)]
        resumed = resume_stalled(stalled)
        marked = [run for run in stalled if run.status == ImportRun.Status.INTERRUPTED]
        for run in resumed:
            self.stdout.write(f"queued again: {run}")
        for run in marked:
            self.stdout.write(f"marked as stopped before the end: {run}")
        if not resumed and not marked:
            self.stdout.write("No stopped imports.")
