from django.urls import path, re_path

from articles import views

app_name = "articles"

urlpatterns = [
    path("articles/", views.article_list, name="list"),
    path("articles/<int:pk>/", views.article_detail, name="detail"),
    re_path(
        r"^incidents/(?P<slug>[-\w]+)/sources\.(?P<fmt>bib|ris|json)$",
        views.incident_sources,
        name="incident_sources",
    ),
]
