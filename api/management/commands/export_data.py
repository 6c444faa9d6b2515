"""python manage.py export_data FILE.zip: everything public, for researchers, in one file.

One JSON Lines file per kind of record, each line what the API gives for that record (the
API's own serializers), and a README with the counts, the date and the sources' credit. The
zip is written beside FILE and renamed into place when complete, so a stopped export never
leaves a partial file under that name."""

from __future__ import annotations

import json
import os
import tempfile
import zipfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from api import serializers, views
from articles.models import Article, Fact
from incidents.models import Incident

CHUNK = 1000
CREDIT = (
    "Launch, vehicle, agency and site data: GCAT, the General Catalog of Artificial Space "
    "Objects, by Jonathan C. McDowell (planet4589.org). Article texts belong to their "
    "publishers; each citation gives the passage and the article it comes from."
)


def tables():
    """(file name, queryset, serializer class) of each kind of public record."""
    return [
        ("incidents", views.public_incidents().order_by("pk"), serializers.IncidentSerializer),
        ("missions", views.MissionViewSet.queryset.order_by("pk"), serializers.MissionSerializer),
        ("vehicles", views.VehicleViewSet.queryset.order_by("pk"), serializers.VehicleSerializer),
        ("families", views.FamilyViewSet.queryset.order_by("pk"), serializers.FamilySerializer),
        ("agencies", views.AgencyViewSet.queryset.order_by("pk"), serializers.AgencySerializer),
        ("sites", views.SiteViewSet.queryset.order_by("pk"), serializers.SiteSerializer),
        (
            "articles",
            Article.objects.defer("body", "raw_text").order_by("pk"),
            serializers.ArticleSerializer,
        ),
        ("citations", views.CitationViewSet.queryset, serializers.CitationSerializer),
        (
            "facts",
            Fact.objects.public()
            .filter(incident__status=Incident.Status.PUBLISHED)
            .select_related("incident")
            .order_by("pk"),
            serializers.FactSerializer,
        ),
    ]


class Command(BaseCommand):
    help = "Write every public record (the API's fields) to a zip of JSON Lines files."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The zip file to write, e.g. incidents-dump.zip")

    def handle(self, *args, file, **options):
        target = Path(file)
        if target.is_dir() or not target.parent.is_dir():
            raise CommandError(f"Cannot write {target}: give a file name in an existing folder.")
        handle, partial = tempfile.mkstemp(dir=target.parent, suffix=".partial")
        os.close(handle)
        try:
            with transaction.atomic():  # one snapshot of the database for every file
                counts = self.write_zip(Path(partial))
            os.chmod(partial, 0o666 & ~_umask())  # as a file opened for writing would be
            os.replace(partial, target)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise
        summary = ", ".join(f"{count:,} {name}" for name, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Wrote {target}: {summary}."))

    def write_zip(self, path: Path) -> dict[str, int]:
        counts = {}
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, queryset, serializer in tables():
                with archive.open(f"{name}.jsonl", "w") as out:
                    counts[name] = write_lines(out, queryset, serializer)
                self.stdout.write(f"  {name}: {counts[name]:,}")
            archive.writestr("README.txt", readme(counts))
        return counts


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_lines(out, queryset, serializer) -> int:
    count = 0
    for record in queryset.iterator(chunk_size=CHUNK):
        line = json.dumps(serializer(record).data, ensure_ascii=False, default=str)
        out.write(line.encode() + b"\n")
        count += 1
    return count


def readme(counts: dict[str, int]) -> str:
    lines = [
        "Spaceflight Incidents: a full export of the public records",
        f"Exported {timezone.now().replace(microsecond=0).isoformat()}.",
        "",
        "One JSON object per line; the fields are those of the API (see /api/docs/).",
        "Only published incidents, and only the citations and facts their pages show.",
        "",
        *(f"{name}.jsonl: {count:,} records" for name, count in counts.items()),
        "",
        CREDIT,
        "",
    ]
    return "\n".join(lines)
