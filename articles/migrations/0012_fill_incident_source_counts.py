"""The source and mention counts now kept on each incident (incidents 0010), filled from the
citations as IncidentQuerySet.with_source_count counted them until then: one UPDATE, two
scalar subqueries per incident. From here on services.recount_sources keeps them."""

from django.db import migrations
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

SURE_ENOUGH = 0.75  # incidents.models.SURE_ENOUGH when this was written
REPORTS = ["incident", "fact"]  # Citation.REPORTS
CONTEXT = "context"


def fill(apps, schema_editor):
    Incident = apps.get_model("incidents", "Incident")
    Citation = apps.get_model("articles", "Citation")
    public = Citation.objects.filter(Q(confidence__gte=SURE_ENOUGH) | Q(article__needs_review=False))
    reporting = public.filter(supports__in=REPORTS)
    same_article_reports = reporting.filter(
        incident_id=OuterRef("incident_id"), article_id=OuterRef("article_id")
    )
    passing = public.filter(supports=CONTEXT).exclude(Exists(same_article_reports))
    Incident.objects.update(
        reported_by_count=_articles(reporting), mentioned_by_count=_articles(passing)
    )


def _articles(citations):
    """How many articles the citations of the outer incident come from, as a subquery."""
    counted = (
        citations.filter(incident_id=OuterRef("pk"))
        .order_by()
        .values("incident_id")
        .annotate(n=Count("article_id", distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(counted), 0)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0011_web_sources_and_feeds"),
        ("incidents", "0010_incident_kept_source_counts"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
