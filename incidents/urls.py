from django.urls import path, register_converter

from incidents import feeds, views

app_name = "incidents"


class ExportFormat:
    regex = "csv|json"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ExportFormat, "export")

urlpatterns = [
    path("", views.home, name="home"),
    path("incidents/", views.incident_list, name="list"),
    path("incidents.<export:fmt>", views.incident_list_export, name="list_export"),
    path("feeds/incidents.atom", feeds.IncidentFeed(), name="feed"),
    path("families/<slug:slug>/feed.atom", feeds.FamilyFeed(), name="family_feed"),
    path("agencies/<slug:slug>/feed.atom", feeds.AgencyFeed(), name="agency_feed"),
    path("statistics/", views.statistics_page, name="statistics"),
    path("about/", views.about, name="about"),
    path("vehicles/", views.record_index, {"kind": "vehicles"}, name="vehicles"),
    path("families/", views.record_index, {"kind": "families"}, name="families"),
    path("agencies/", views.record_index, {"kind": "agencies"}, name="agencies"),
    path("sites/", views.record_index, {"kind": "sites"}, name="sites"),
    path("incidents/<slug:slug>/", views.incident_detail, name="detail"),
    path("vehicles/<slug:slug>/", views.vehicle_detail, name="vehicle"),
    path("families/<slug:slug>/", views.family_detail, name="family"),
    path("agencies/<slug:slug>/", views.agency_detail, name="agency"),
    path("sites/<slug:slug>/", views.site_detail, name="site"),
    path("missions/<slug:slug>/", views.mission_detail, name="mission"),
]
