"""A page already imported: the same canonical address, or the same text under another one."""

from __future__ import annotations

from articles.models import Article
from articles.pipeline.process import ProcessedArticle


def same_page(processed: ProcessedArticle) -> tuple[Article, str] | None:
    """An article already imported from the same page: the same canonical address, or the
    same text under another address; with the reason, in words."""
    canonical = next((link.url for link in processed.source_links if link.url), "")
    if canonical:
        known = Article.objects.filter(url=canonical).order_by("pk").first()
        if known is not None:
            return known, f"already imported from the same address ({canonical})"
    known = Article.objects.filter(body=processed.body).order_by("pk").first()
    if known is not None:
        return known, "already imported: the same text came from another address"
    return None
