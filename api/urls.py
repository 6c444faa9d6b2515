from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView
from rest_framework.routers import DefaultRouter

from api import views

app_name = "api"

router = DefaultRouter()
router.register("incidents", views.IncidentViewSet, basename="incident")
router.register("missions", views.MissionViewSet, basename="mission")
router.register("vehicles", views.VehicleViewSet, basename="vehicle")
router.register("families", views.FamilyViewSet, basename="family")
router.register("agencies", views.AgencyViewSet, basename="agency")
router.register("sites", views.SiteViewSet, basename="site")
router.register("articles", views.ArticleViewSet, basename="article")
router.register("citations", views.CitationViewSet, basename="citation")

REDOC_LOGO_HOST = "https://cdn.redoc.ly"

urlpatterns = [
    path("search/", views.search, name="search"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        # Redoc writes its styles inline, searches in a worker and shows its maker's logo
        # (one image from Redocly's CDN, hidden by Redoc when it cannot load): allowed on
        # this page only. Our own logo (x-logo in the schema) is a file of this site.
        csp_update(
            {
                "style-src": [UNSAFE_INLINE],
                "worker-src": ["blob:"],
                "img-src": [REDOC_LOGO_HOST],
            }
        )(
            SpectacularRedocView.as_view(url_name="api:schema", template_name="api/docs.html")
        ),
        name="docs",
    ),
    path("", include(router.urls)),
    re_path(r"", views.not_found),  # so that every answer under /api/ is JSON
]
