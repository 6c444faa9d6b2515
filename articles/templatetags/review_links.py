"""The editors' way in, at the top of the admin home: import, import from the web (when that
admin view is installed) and the review queue with its count."""

from django import template
from django.urls import NoReverseMatch, reverse

from articles.models import Article

register = template.Library()

# The admin view that imports articles from web addresses, when it is installed.
WEB_IMPORT_URL = "admin:articles_article_import_web"


@register.inclusion_tag("admin/articles/home_links.html", takes_context=True)
def editor_home_links(context) -> dict:
    user = context["request"].user
    can_view = user.has_perm("articles.view_article")
    can_add = user.has_perm("articles.add_article")
    return {
        "import_url": reverse("admin:articles_article_import") if can_add else "",
        "web_import_url": _url_if_installed(WEB_IMPORT_URL) if can_add else "",
        "queue_url": reverse("admin:articles_article_review_queue") if can_view else "",
        "queue_count": Article.objects.filter(needs_review=True).count() if can_view else 0,
    }


def _url_if_installed(name: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""
