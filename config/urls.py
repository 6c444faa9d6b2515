from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.decorators.cache import cache_page
from django.views.generic import TemplateView

from config.sitemaps import SITEMAPS

admin.site.site_header = "Spaceflight Incidents: editors"
admin.site.site_title = "Spaceflight Incidents admin"
admin.site.index_title = "Curate incidents, articles and citations"


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says (a feed, an API answer): the
    icon is a static file."""
    return HttpResponsePermanentRedirect(static("img/favicon.ico"))


handler400 = "config.errors.bad_request"
handler500 = "config.errors.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("favicon.ico", favicon, name="favicon"),
    path("api/", include("api.urls")),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
    path(
        "sitemap.xml",
        cache_page(3600)(sitemaps.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        cache_page(3600)(sitemaps.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("", include("articles.urls")),
    path("", include("search.urls")),
    path("", include("incidents.urls")),
]
