"""Addresses pasted in the admin, queued for the background worker (articles.tasks)."""

from __future__ import annotations

from django.db import transaction

from articles.models import ImportedFile, ImportRun
from articles.tasks import import_queued_run


def queue_addresses(addresses: list[str], *, user=None) -> ImportRun:
    """A run of addresses for a background worker (articles.tasks), which fetches and imports
    them one by one; the run's page shows each as it goes."""
    with transaction.atomic():
        run = ImportRun.objects.create(
            source=ImportRun.Source.WEB, started_by=user, status=ImportRun.Status.QUEUED
        )
        ImportedFile.objects.bulk_create(
            ImportedFile(run=run, name=address[:500], outcome=ImportedFile.Outcome.PENDING)
            for address in addresses
        )
        import_queued_run.enqueue(run.pk)
    return run
