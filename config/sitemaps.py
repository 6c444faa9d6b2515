"""sitemap.xml: every public page a search engine should know, in sections of at most 10,000
addresses (an index lists the pages of each section)."""

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from articles.models import Article
from incidents.models import Agency, Incident, LaunchSite, Mission, Vehicle, VehicleFamily


class PagesSitemap(Sitemap):
    """The site's fixed pages."""

    def items(self):
        return [
            "incidents:home",
            "incidents:list",
            "incidents:statistics",
            "incidents:vehicles",
            "incidents:families",
            "incidents:agencies",
            "incidents:sites",
            "incidents:about",
            "articles:list",
        ]

    def location(self, name):
        return reverse(name)


class ModelSitemap(Sitemap):
    limit = 10_000
    queryset: QuerySet
    fields: tuple[str, ...] = ("pk",)

    def items(self):
        return self.queryset.only(*self.fields).order_by("pk")


class IncidentSitemap(ModelSitemap):
    queryset = Incident.objects.published()
    fields = ("slug", "updated_at")

    def lastmod(self, incident):
        return incident.updated_at


class ArticleSitemap(ModelSitemap):
    queryset = Article.objects.public()


def _named(model):
    return type(
        f"{model.__name__}Sitemap",
        (ModelSitemap,),
        {"queryset": model.objects.all(), "fields": ("slug",)},
    )


SITEMAPS = {
    "pages": PagesSitemap,
    "incidents": IncidentSitemap,
    "missions": _named(Mission),
    "vehicles": _named(Vehicle),
    "families": _named(VehicleFamily),
    "agencies": _named(Agency),
    "sites": _named(LaunchSite),
    "articles": ArticleSitemap,
}
