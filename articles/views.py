"""Public article pages: the evidence behind incident pages."""

from django.core.paginator import Paginator
from django.db.models import F
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from articles import citation_formats
from articles.models import Article, Citation, Mention
from articles.rendering import Passage, passages_in_context
from incidents.models import Incident

PAGE_SIZE = 25


def article_list(request):
    articles = (
        Article.objects.public()
        .only("pk", "title", "publisher", "url", "published_on", "kind")
        .order_by(F("published_on").desc(nulls_last=True), "-created_at")
    )
    page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "articles/article_list.html", {"page": page})


def article_detail(request, pk):
    """An article's title, source and the passages the site cites, each in its sentence: not
    the whole text, which is the publisher's (editors read it in the admin)."""
    article = get_object_or_404(Article.objects.public(), pk=pk)
    citations = list(
        Citation.objects.public()
        .filter(article=article, incident__status=Incident.Status.PUBLISHED)
        .select_related("incident")
        .order_by("start", "pk")
    )
    passages = [
        Passage(anchor=f"passage-{c.pk}", start=c.start, end=c.end, title=c.incident.title)
        for c in citations
    ]
    mentions = (
        article.mentions.public()
        .exclude(kind=Mention.Kind.DATE)
        .select_related("mission", "vehicle", "family", "agency", "site")
        .order_by("kind", "start")
    )
    return render(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            "source_url": _web_address(article.url),
            "passages": passages_in_context(article.body, passages),
            "citations": citations,
            "linked": _distinct_targets(mentions),
        },
    )


def _web_address(url: str) -> str:
    """The URL if it is an http(s) address; imported text may hold `javascript:` and the like."""
    return url if url.lower().startswith(("http://", "https://")) else ""


def _distinct_targets(mentions) -> list[tuple[str, object]]:
    """What the article is linked to, each entity once, grouped by kind."""
    seen: dict[tuple[str, int], tuple[str, object]] = {}
    for mention in mentions:
        target = mention.target
        if target is not None:
            seen.setdefault((mention.kind, target.pk), (mention.get_kind_display(), target))
    return list(seen.values())


def incident_sources(request, slug, fmt):
    """The articles that report a published incident (its page's Sources) as BibTeX, RIS or
    CSL-JSON, for a reference manager."""
    incident = get_object_or_404(Incident.objects.published().only("slug"), slug=slug)
    citations = (
        incident.citations.public()
        .reporting()
        .select_related("article")
        .only(
            "quote",
            "article__title",
            "article__publisher",
            "article__author",
            "article__published_on",
            "article__url",
        )
        .order_by(F("article__published_on").asc(nulls_last=True), "pk")
    )
    refs = citation_formats.references(citations, timezone.localdate())
    write, content_type = citation_formats.FORMATS[fmt]
    response = HttpResponse(write(refs), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{incident.slug}-sources.{fmt}"'
    return response
