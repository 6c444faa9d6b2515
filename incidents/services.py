"""Queries and logic that span models, kept out of views."""

from dataclasses import dataclass

from django.db.models import Count, F, Q
from django.db.models.functions import ExtractYear

from incidents.models import Incident, Mission, Outcome, Vehicle

FAILED_OUTCOMES = (Outcome.FAILURE, Outcome.PAD_EXPLOSION)


def site_counts() -> dict[str, int]:
    published = Incident.objects.published()
    return {
        "incidents": published.count(),
        "missions": Mission.objects.count(),
        "vehicles": Vehicle.objects.count(),
    }


def query_without_page(request) -> str:
    """The current filters as a query string, for pagination links."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def citations_of(incident: Incident) -> list:
    """The incident's citations with their articles, in one query (reverse relation)."""
    return list(
        incident.citations.select_related("article").order_by(
            F("article__published_on").asc(nulls_last=True), "pk"
        )
    )


def related_incidents(incident: Incident, *, limit: int = 8) -> list[Incident]:
    """Other published incidents of the same vehicle families, nearest in time first."""
    family_ids = {v.family_id for v in incident.vehicles.all() if v.family_id}
    if not family_ids:
        return []
    return list(
        Incident.objects.published()
        .filter(vehicles__family__in=family_ids)
        .exclude(pk=incident.pk)
        .distinct()
        .with_list_data()
        .order_by("-date")[:limit]
    )


@dataclass(frozen=True)
class YearRecord:
    year: int
    launches: int
    failures: int

    @property
    def success_percent(self) -> int | None:
        if not self.launches:
            return None
        return round(100 * (self.launches - self.failures) / self.launches)


def yearly_record(*, missions) -> list[YearRecord]:
    """Launches and failures per year for a set of missions, in one query."""
    rows = (
        missions.exclude(launch_date=None)
        .annotate(year=ExtractYear("launch_date"))
        .values("year")
        .order_by("year")
        .annotate(
            launches=Count("pk", distinct=True),
            failures=Count("pk", distinct=True, filter=Q(outcome__in=FAILED_OUTCOMES)),
        )
    )
    return [YearRecord(r["year"], r["launches"], r["failures"]) for r in rows]
