from django.urls import path

from incidents.urls import ExportFormat  # noqa: F401 - registers the "export" converter
from search import feeds, views

app_name = "search"

urlpatterns = [
    path("search/", views.search, name="search"),
    path("search.<export:fmt>", views.search_export, name="export"),
    path("search/feed.atom", feeds.SearchFeed(), name="feed"),
]
