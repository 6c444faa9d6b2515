from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Spaceflight Incidents: editors"
admin.site.site_title = "Spaceflight Incidents admin"
admin.site.index_title = "Curate incidents, articles and citations"

handler500 = "config.errors.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("api.urls")),
    path("", include("articles.urls")),
    path("", include("incidents.urls")),
]
