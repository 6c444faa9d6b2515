"""“Fetch again”: an article's page fetched anew; a changed text replaces the body and its
links are redone (articles.importer.replace_text), the old version staying in the history."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from articles.importer import replace_text
from articles.models import Article
from articles.pipeline.addresses import is_web_address
from articles.pipeline.decode import RejectedInput
from articles.pipeline.process import process_bytes
from articles.web.fetch import Fetcher
from articles.web.pages import fetch_input


@dataclass(frozen=True)
class Refetched:
    article: Article
    outcome: str  # "updated", "unchanged" or "failed"
    reason: str = ""


def fetch_again(article: Article, *, pages: Fetcher) -> Refetched:
    if not is_web_address(article.url):
        return Refetched(article, "failed", "it has no web address to fetch")
    item = fetch_input(pages, article.url)
    if item.error:
        return Refetched(article, "failed", item.error)
    try:
        processed = process_bytes(item.data or b"", address=item.address)
    except RejectedInput as rejection:
        return Refetched(article, "failed", rejection.reason)
    if processed.body == article.body:
        return Refetched(article, "unchanged")
    twin = Article.objects.filter(sha256=processed.sha256).exclude(pk=article.pk).first()
    if twin is not None:
        return Refetched(article, "failed", f"the new page is already the article “{twin}”")
    with transaction.atomic():
        replace_text(article, processed)
    return Refetched(article, "updated")
