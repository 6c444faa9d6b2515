"""The read-only API: what the public pages show, as JSON, with the incident list's filters.

Only published incidents, and only the citations the pages show (see CitationQuerySet.public).
"""

from django.db.models import F
from django.http import JsonResponse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import api_view, throttle_classes
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle

from api import serializers
from api.pagination import IncidentPages
from articles.models import Article, Citation
from config.security import SignedInRateThrottle
from incidents.filters import IncidentFilter
from incidents.models import (
    Agency,
    Incident,
    LaunchSite,
    Mission,
    Vehicle,
    VehicleFamily,
)
from search.page import search_page


def public_incidents():
    """Published incidents with what a row shows, and how many articles they cite (as shown)."""
    return Incident.objects.published().with_relations()


# Published incidents as the API list reads them: what `public_incidents` gives, in the rows'
# own query, their vehicles and agencies as ids to name from the filter menus (as the incident
# list page does) rather than prefetched, which took half the list's time. Built once: its
# subqueries took longer to build than to run.
LISTED_INCIDENTS = (
    Incident.objects.published()
    .with_list_data()
    .select_related("mission")
    .defer("mission__aliases", "mission__catalog_values", "mission__notes")
    .with_source_count()
)


class BySlug(viewsets.ReadOnlyModelViewSet):
    """Records on their slug's address. A slug is what Django's <slug:> takes: any other text
    (a NUL, which PostgreSQL refuses in a query) is no address, the API's JSON 404."""

    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"


class ByNumber(viewsets.ReadOnlyModelViewSet):
    """Records on their number's address."""

    lookup_value_regex = "[0-9]+"


class ListFilters(DjangoFilterBackend):
    """The list's filters, left unmade when the request names none of them: a filterset
    with no values leaves the rows as they are, and making one (its filters and its form's
    fields copied for each request) took a sixth of the plain list's time."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class and filterset_class.base_filters.keys().isdisjoint(request.query_params):
            return queryset
        return super().filter_queryset(request, queryset, view)


class IncidentViewSet(BySlug):
    """Published incidents, newest first; the same filters as the incident list page."""

    filter_backends = [ListFilters]
    filterset_class = IncidentFilter
    pagination_class = IncidentPages

    def get_queryset(self):
        incidents = LISTED_INCIDENTS if self.action == "list" else public_incidents()
        return incidents.order_by("-date", "title")

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.IncidentDetailSerializer
        return serializers.IncidentSerializer


class MissionViewSet(BySlug):
    """Every orbital launch of the GCAT catalog (and curated events), newest first."""

    serializer_class = serializers.MissionSerializer
    queryset = Mission.objects.select_related("vehicle", "site").order_by("-launch_date", "name")


class VehicleViewSet(BySlug):
    serializer_class = serializers.VehicleSerializer
    queryset = Vehicle.objects.select_related("family").order_by("name")


class FamilyViewSet(BySlug):
    serializer_class = serializers.FamilySerializer
    queryset = VehicleFamily.objects.order_by("name")


class AgencyViewSet(BySlug):
    serializer_class = serializers.AgencySerializer
    queryset = Agency.objects.order_by("name")


class SiteViewSet(BySlug):
    serializer_class = serializers.SiteSerializer
    queryset = LaunchSite.objects.order_by("name")


class ArticleViewSet(ByNumber):
    """Imported articles, newest first; the full text on an article's own URL."""

    # as the articles page lists them
    queryset = Article.objects.public().order_by(
        F("published_on").desc(nulls_last=True), "-created_at"
    )

    def get_queryset(self):
        if self.action == "retrieve":
            return self.queryset
        return self.queryset.defer("body", "raw_text")

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.ArticleDetailSerializer
        return serializers.ArticleSerializer


class CitationViewSet(ByNumber):
    """The passages of articles that published incidents cite, as the pages show them."""

    serializer_class = serializers.CitationSerializer
    queryset = (
        Citation.objects.public()
        .filter(incident__status=Incident.Status.PUBLISHED)
        .select_related("incident", "article")
        .order_by("pk")
    )


@extend_schema(
    parameters=[
        OpenApiParameter("q", OpenApiTypes.STR, description="As typed in the search box"),
        OpenApiParameter("page", OpenApiTypes.INT, description="Page of ranked incidents"),
    ],
    responses=serializers.SearchSerializer,
)
@api_view(["GET"])
@throttle_classes([AnonRateThrottle, SignedInRateThrottle])
def search(request):
    """The search page's ranked incidents and articles for `q` (and the list's filters)."""
    page = search_page(request.GET)
    if page.errors:
        raise ValidationError({"filters": page.errors})
    incidents = [hit.incident for hit in page.results.page.object_list] if page.results else []
    ranked = {incident.pk: rank for rank, incident in enumerate(incidents)}
    rows = sorted(public_incidents().filter(pk__in=ranked), key=lambda i: ranked[i.pk])
    return Response(
        {
            "query": page.query,
            "count": page.results.total if page.results else 0,
            "incidents": serializers.IncidentSerializer(rows, many=True).data,
            "articles": [
                {"id": hit.id, "page": hit.url, "publisher": hit.publisher}
                for hit in page.articles.hits
            ],
        }
    )


def not_found(request, *args, **kwargs):
    return JsonResponse({"detail": "No such address in the API; see /api/docs/."}, status=404)
