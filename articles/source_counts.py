"""The source and mention counts kept on each incident (`Incident.reported_by_count`,
`.mentioned_by_count`, written by `incidents.services.recount_sources`), kept right in the
transaction of every write that can change them: a citation saved (moved to another incident
too) or deleted (an article's or incident's deletion cascades to its citations, one signal
each), and an article saved whose review may have changed (a citation of an unsure link
counts only once its article is reviewed: articles.models.shown_citation). The model
signals connected here cover those; a write that sends none (a bulk creation, a queryset
update) calls `citations_changed` or `reviews_changed` itself.

Within `recounted_at_end()` the incidents are gathered and recounted once, when the block
ends (an import writes several citations of one article, and saves the article after)."""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models.signals import post_delete, post_save, pre_save

from articles.models import Article, Citation
from incidents.services import recount_sources

# The incidents to recount when the current `recounted_at_end` block ends; None outside one.
_gathered: ContextVar[set[int] | None] = ContextVar("incidents_to_recount", default=None)


@contextmanager
def recounted_at_end() -> Iterator[None]:
    """Recount the incidents the block's writes touch once, when it ends without an error (an
    error leaves the writes to be rolled back); a block inside another leaves it to the
    outer one. Use it inside the transaction of the writes."""
    if _gathered.get() is not None:
        yield
        return
    token = _gathered.set(set())
    try:
        yield
        touched = _gathered.get() or set()
    finally:
        _gathered.reset(token)
    recount_sources(touched)


def citations_changed(incident_ids: Iterable[int | None]) -> None:
    """The citations of these incidents changed: recount them (at the end of a
    `recounted_at_end` block, inside one)."""
    ids = {pk for pk in incident_ids if pk is not None}
    if not ids:
        return
    gathered = _gathered.get()
    if gathered is None:
        recount_sources(ids)
    else:
        gathered.update(ids)


def reviews_changed(article_ids: Iterable[int]) -> None:
    """These articles' `needs_review` may have changed: recount the incidents they cite."""
    cited = Citation.objects.filter(article_id__in=list(article_ids)).order_by()
    citations_changed(set(cited.values_list("incident_id", flat=True)))


def _note_incident_before(sender, instance: Citation, update_fields=None, **kwargs) -> None:
    """The incident an existing citation pointed at before this save, if the save may move
    it (read from the row: the instance may be a copy made from its history)."""
    may_move = update_fields is None or {"incident", "incident_id"} & set(update_fields)
    if instance.pk is None or kwargs.get("raw") or not may_move:
        return
    before = Citation.objects.filter(pk=instance.pk).values_list("incident_id", flat=True)
    instance._incident_before = before.first()  # type: ignore[attr-defined]


def _citation_saved(sender, instance: Citation, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    before = instance.__dict__.pop("_incident_before", None)
    citations_changed({instance.incident_id, before})


def _citation_deleted(sender, instance: Citation, **kwargs) -> None:
    citations_changed({instance.incident_id})


def _article_saved(sender, instance: Article, created: bool, update_fields=None, **kwargs):
    """A new article cites nothing yet; a save that leaves `needs_review` out changes no
    count."""
    if created or kwargs.get("raw"):
        return
    if update_fields is not None and "needs_review" not in update_fields:
        return
    reviews_changed([instance.pk])


def connect_signals() -> None:
    uid = "articles-source-counts"
    pre_save.connect(_note_incident_before, sender=Citation, dispatch_uid=f"{uid}-citation-pre")
    post_save.connect(_citation_saved, sender=Citation, dispatch_uid=f"{uid}-citation-save")
    post_delete.connect(_citation_deleted, sender=Citation, dispatch_uid=f"{uid}-citation-delete")
    post_save.connect(_article_saved, sender=Article, dispatch_uid=f"{uid}-article-save")
