"""What the counts kept on each incident (Incident.reported_by_count, .mentioned_by_count) must
equal: its sources and mentions counted from the citations as the lists counted them before
the counts were kept, with two scalar subqueries per incident (the rules of
CitationQuerySet.public, .reporting and .in_passing), a way apart from the grouped query that
services.recount_sources writes them with."""

from django.db.models import Count, Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce

from articles.models import Citation
from incidents.models import KEPT_COUNTS, Incident


def counted_from_citations() -> dict[int, tuple[int, int]]:
    """Every incident's (sources, mentions), counted from its public citations."""
    public = Citation.objects.public()
    reporting = public.reporting().filter(incident_id=OuterRef("pk"))
    same_article_reports = public.reporting().filter(
        incident_id=OuterRef("incident_id"), article_id=OuterRef("article_id")
    )
    passing = (
        public.in_passing().filter(incident_id=OuterRef("pk")).exclude(Exists(same_article_reports))
    )
    rows = Incident.objects.annotate(
        counted_sources=_distinct_articles(reporting),
        counted_mentions=_distinct_articles(passing),
    ).values_list("pk", "counted_sources", "counted_mentions")
    return {pk: (sources, mentions) for pk, sources, mentions in rows}


def kept_counts() -> dict[int, tuple[int, int]]:
    rows = Incident.objects.values_list("pk", *KEPT_COUNTS)
    return {pk: (sources, mentions) for pk, sources, mentions in rows}


def assert_counts_kept_right() -> dict[int, tuple[int, int]]:
    """The kept counts of every incident equal the counted ones; returns them."""
    counted = counted_from_citations()
    kept = kept_counts()
    wrong = {pk: (kept[pk], counted[pk]) for pk in counted if kept[pk] != counted[pk]}
    assert not wrong, f"incident: (kept, counted) {wrong}"
    return kept


def _distinct_articles(citations) -> Coalesce:
    counted = (
        citations.order_by()
        .values("incident_id")
        .annotate(n=Count("article_id", distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(counted), 0)
