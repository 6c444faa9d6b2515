"""python manage.py recount_sources: count every incident's sources and mentions again from
its citations (see README)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from incidents import data_version
from incidents.models import KEPT_COUNTS, Incident
from incidents.services import recount_sources


class Command(BaseCommand):
    help = (
        "Count every incident's sources and mentions again from its citations, and write "
        "them where lists and search read them; says how many incidents had other counts."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            before = _kept_counts()
            recounted = recount_sources()
            changed = len(set(_kept_counts().items()) - set(before.items()))
            if changed:
                data_version.bump()  # a bulk update sends no signal
        self.stdout.write(
            f"Recounted the sources of {recounted} incidents: {changed} had other counts."
        )


def _kept_counts() -> dict[int, tuple[int, int]]:
    rows = Incident.objects.order_by().values_list("pk", *KEPT_COUNTS)
    return {pk: (sources, mentions) for pk, sources, mentions in rows.iterator(chunk_size=5000)}
