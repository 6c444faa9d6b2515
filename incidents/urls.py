from django.urls import path

from incidents import views

app_name = "incidents"

urlpatterns = [
    path("", views.home, name="home"),
    path("incidents/", views.incident_list, name="list"),
    path("search/", views.search, name="search"),
    path("statistics/", views.statistics_page, name="statistics"),
    path("incidents/<slug:slug>/", views.incident_detail, name="detail"),
    path("vehicles/<slug:slug>/", views.vehicle_detail, name="vehicle"),
    path("families/<slug:slug>/", views.family_detail, name="family"),
    path("agencies/<slug:slug>/", views.agency_detail, name="agency"),
    path("sites/<slug:slug>/", views.site_detail, name="site"),
    path("missions/<slug:slug>/", views.mission_detail, name="mission"),
]
