"""The one persistence boundary of the import: pipeline results become rows, one file at a time.

Each file is its own transaction: a file that fails leaves nothing behind and does not stop
the others. The same bytes imported again change nothing (articles are unique by sha256).

Entry points:
- `import_files(files, source=...)`: a batch now, in this process, in a run of its own (the
  command; `dry_run=True` writes nothing);
- `start_run(...)`, then `import_file(item, run=run, ...)` for each text or document (bytes
  with a name) as it arrives, each returning its `FileResult`, then `finish_run(run)`: for
  sources that fetch one document at a time;
- the queue of uploads for background workers is `articles.tasks` (which imports this
  module, never the other way round).
"""

import datetime
import logging
import math
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, reset_queries, transaction
from django.db.models import F
from django.utils import timezone

from articles.inputs import InputFile, within_run_limit
from articles.linking import (
    KIND_MODELS,
    REVIEW_BELOW,
    CatalogView,
    LinkResult,
    build_catalog_view,
    link_article,
)
from articles.models import Article, Citation, Fact, ImportedFile, ImportRun, Mention
from articles.pipeline.addresses import is_web_address
from articles.pipeline.decode import RejectedInput
from articles.pipeline.process import ProcessedArticle, process_bytes
from articles.pipeline.published import date_from_address
from articles.pipeline.text import shorten
from articles.pipeline.titles import headline_from_address, publisher_from_address, short_title
from articles.source_counts import citations_changed, recounted_at_end
from articles.time_limit import TookTooLong, stop_after, too_long
from articles.web.duplicates import same_page
from incidents import data_version
from incidents.models import Incident, IncidentKind, Mission, Outcome
from incidents.partial_dates import PartialDate, format_partial_date
from incidents.services import open_draft_incident

logger = logging.getLogger(__name__)
FACT_LENGTH = 200  # Fact.value and Fact.said_by
FILE_SECONDS = 60  # the longest one file may take (the worst 5 MB input takes some 20 s)
Outcomes = ImportedFile.Outcome
# A text that names nothing the catalog knows and cites no incident: junk, or at best off the
# subject. Held for review, it stays off the public pages until an editor has looked (as any
# article held for review that cites nothing: see Article.objects.public).
CITES_NOTHING = (
    "names nothing in the catalog and cites no incident: held from the public pages until "
    "an editor has looked (the review action lets it out)"
)


@dataclass(frozen=True)
class Overrides:
    """Values an editor gives for a whole batch; they win over what the text says."""

    publisher: str = ""
    published_on: datetime.date | None = None
    url: str = ""


NO_OVERRIDES = Overrides()


@dataclass
class FileResult:
    name: str
    outcome: str
    reason: str = ""
    article: Article | None = None
    incident: Incident | None = None
    created_incident: bool = False
    links: list[str] = field(default_factory=list)
    context: list[Incident] = field(default_factory=list)

    @property
    def outcome_label(self) -> str:
        return Outcomes(self.outcome).label


class DryRunRollback(Exception):
    """Raised inside a file's transaction to undo it after a dry run has looked."""

    def __init__(self, result: FileResult) -> None:
        super().__init__(result.name)
        self.result = result


def import_files(
    files: Iterable[InputFile],
    *,
    source: str,
    user=None,
    overrides: Overrides = NO_OVERRIDES,
    dry_run: bool = False,
    progress: Callable[[int, FileResult], None] | None = None,
    max_files: int | None = None,
) -> tuple[ImportRun | None, list[FileResult]]:
    """Import every file now, in this process; return the run (None on a dry run) and one
    result per file. Each file is recorded in its run as soon as it is done. The files past
    `max_files` (default: settings.IMPORT_MAX_FILES_PER_RUN) fail with that reason."""
    view = build_catalog_view()
    seen: set[str] = set()  # a dry run writes nothing, so it remembers what it would have
    run = None if dry_run else start_run(source=source, user=user, overrides=overrides)
    results = []
    for index, item in enumerate(within_run_limit(files, max_files), start=1):
        if run is None:
            result = preview_file(item, view=view, overrides=overrides, seen=seen)
        else:
            result = import_file(item, run=run, view=view, overrides=overrides, seen=seen)
        results.append(result)
        if progress:
            progress(index, result)
    if run is not None:
        finish_run(run)
    return run, results


def start_run(
    *,
    source: str,
    user=None,
    overrides: Overrides = NO_OVERRIDES,
    status: str = ImportRun.Status.RUNNING,
) -> ImportRun:
    """A new import run, holding the values an editor gave for the whole batch."""
    return ImportRun.objects.create(
        source=source,
        started_by=user,
        status=status,
        heartbeat_at=timezone.now() if status == ImportRun.Status.RUNNING else None,
        publisher=overrides.publisher,
        published_on=overrides.published_on,
        url=overrides.url if is_web_address(overrides.url) else "",
    )


def overrides_of(run: ImportRun) -> Overrides:
    return Overrides(publisher=run.publisher, published_on=run.published_on, url=run.url)


def import_file(
    item: InputFile,
    *,
    run: ImportRun,
    row: ImportedFile | None = None,
    view: CatalogView | None = None,
    overrides: Overrides = NO_OVERRIDES,
    seen: set[str] | None = None,
    time_limit: float | None = FILE_SECONDS,
) -> FileResult:
    """Import one file (a text or document as bytes) and record it in `run` (in `row`, when
    it is already listed there), in one transaction: a process stopped halfway leaves the
    file waiting and nothing of it written. `seen` holds the sha256 of the files imported
    before in the same batch."""
    row = row if row is not None else ImportedFile(run=run, name=item.name[:500])
    started = time.perf_counter()
    with transaction.atomic():
        result = _import_one(
            item,
            view=view if view is not None else build_catalog_view(),
            run=run,
            overrides=overrides,
            dry_run=False,
            seen=seen if seen is not None else set(),
            time_limit=time_limit,
        )
        record_file(run, row, result, seconds=time.perf_counter() - started)
    forget_queries()
    return result


def preview_file(
    item: InputFile, *, view: CatalogView, overrides: Overrides, seen: set[str]
) -> FileResult:
    """What importing the file would do, with nothing written (a dry run)."""
    result = _import_one(item, view=view, run=None, overrides=overrides, dry_run=True, seen=seen)
    forget_queries()
    return result


def forget_queries() -> None:
    """With DEBUG on, Django keeps the last 9,000 queries of a connection, with their
    parameters: an article's texts, or an upload's bytes, twice over for each file. A worker or
    a command, which no request ends, would keep them all (about 1.8 GB for 39 files of 5 MB)."""
    if settings.DEBUG:
        reset_queries()


def record_file(
    run: ImportRun, row: ImportedFile, result: FileResult, *, seconds: float | None
) -> None:
    """Write a file's outcome in its row and count it in its run (which is then alive)."""
    row.outcome, row.reason, row.article = result.outcome, result.reason, result.article
    row.seconds = round(seconds, 3) if seconds is not None else None
    row.data = None
    row.save()
    counter = f"{result.outcome}_count"
    ImportRun.objects.filter(pk=run.pk).update(
        **{counter: F(counter) + 1}, heartbeat_at=timezone.now()
    )


def finish_run(run: ImportRun) -> None:
    run.refresh_from_db()
    run.status = ImportRun.Status.FINISHED
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "finished_at"])


def _import_one(
    item: InputFile,
    *,
    view: CatalogView,
    run: ImportRun | None,
    overrides: Overrides,
    dry_run: bool,
    seen: set[str],
    time_limit: float | None = FILE_SECONDS,
) -> FileResult:
    if item.error or item.data is None:
        return FileResult(item.name, Outcomes.FAILED, item.error or "the file could not be read")
    try:
        with stop_after(time_limit):
            return _read_and_create(
                item.name,
                item.data,
                address=item.address,
                view=view,
                run=run,
                overrides=overrides,
                dry_run=dry_run,
                seen=seen,
            )
    except TookTooLong:
        logger.warning("import of %s stopped after %s seconds", item.name, time_limit)
        return FileResult(item.name, Outcomes.FAILED, too_long(time_limit or 0))


def _read_and_create(
    name: str,
    data: bytes,
    *,
    address: str = "",
    view: CatalogView,
    run: ImportRun | None,
    overrides: Overrides,
    dry_run: bool,
    seen: set[str],
) -> FileResult:
    try:
        processed = process_bytes(data, address=address)
    except RejectedInput as rejection:
        return FileResult(name, Outcomes.FAILED, rejection.reason)
    if address and (same := same_page(processed)):
        return FileResult(name, Outcomes.KNOWN, same[1], article=same[0])
    known = _known_article(name, processed.sha256, seen)
    if known is not None:
        return known
    try:
        with transaction.atomic():
            result = _create_article(processed, name=name, view=view, run=run, overrides=overrides)
            if dry_run:
                raise DryRunRollback(result)
    except DryRunRollback as rollback:
        result = rollback.result
        result.article = None
    except IntegrityError:
        article = Article.objects.defer("raw_text", "body").filter(sha256=processed.sha256).first()
        if article is None:
            logger.exception("import of %s failed", name)
            return FileResult(name, Outcomes.FAILED, "the database refused the article")
        return FileResult(
            name, Outcomes.KNOWN, "the same bytes were imported before", article=article
        )
    except TookTooLong:
        raise
    except Exception:  # one bad file must not stop the batch; the log has the details
        logger.exception("import of %s failed", name)
        return FileResult(
            name, Outcomes.FAILED, "could not be imported: an error on our side (logged)"
        )
    seen.add(processed.sha256)
    return result


def _known_article(name: str, sha256: str, seen: set[str]) -> FileResult | None:
    """The result for bytes imported before (or earlier in this batch); None for new ones."""
    article = Article.objects.defer("raw_text", "body").filter(sha256=sha256).first()
    if article is not None:
        return FileResult(
            name, Outcomes.KNOWN, "the same bytes were imported before", article=article
        )
    if sha256 in seen:
        return FileResult(name, Outcomes.KNOWN, "the same bytes appear earlier in this batch")
    return None


@recounted_at_end()
def _create_article(
    processed: ProcessedArticle,
    *,
    name: str,
    view: CatalogView,
    run: ImportRun | None,
    overrides: Overrides,
) -> FileResult:
    published = _publication_date(processed, overrides)
    linked = link_article(
        body=processed.body, headline=processed.title or "", published=published, view=view
    )
    url = overrides.url if is_web_address(overrides.url) else _first_source_url(processed)
    publisher = overrides.publisher or processed.publisher or publisher_from_address(url)
    title, title_note = _title(
        processed, url=url, publisher=publisher, published=published, linked=linked
    )
    article = Article.objects.create(
        title=shorten(title, 300),
        publisher=publisher[:200],
        author=(processed.author or "")[:200],
        url=url[:500],
        published_on=published.exact_day if published else None,
        raw_text=processed.raw_text,
        body=processed.body,
        sha256=processed.sha256,
        source_format=processed.format,
        filename=name.rsplit("/", 1)[-1][:255],
        kind=Article.Kind.INCIDENT if linked.reports_incident else Article.Kind.ROUTINE,
        import_run=run,
    )
    result = _save_links(article, linked, name=name, title_note=title_note)
    article.save(update_fields=["needs_review", "review_reason"])
    _let_go_of_texts(article)
    return result


def _save_links(
    article: Article, linked: LinkResult, *, name: str, title_note: str = ""
) -> FileResult:
    """Mentions, citations and facts of the article, and why it needs review (set on the
    article, not saved)."""
    data_version.bump()  # mentions, citations and facts are written in bulk: no signals
    links = _save_mentions(article, linked)
    incident, created = _cite_reported_incident(article, linked)
    if incident is not None:
        _save_facts(article, linked, incident)
    context = _cite_context(article, linked, cited=incident)
    reasons = [title_note] if title_note else []
    reasons += review_reasons(linked, incident=incident, created_incident=created)
    if not reasons and incident is None and not context and not linked.links:
        reasons.append(CITES_NOTHING)
    article.review_reason = "; ".join(reasons)
    article.needs_review = bool(reasons)
    return FileResult(
        name,
        Outcomes.CREATED,
        article=article,
        incident=incident,
        created_incident=created,
        links=links,
        context=context,
    )


@recounted_at_end()
def replace_text(
    article: Article, processed: ProcessedArticle, *, view: CatalogView | None = None
) -> FileResult:
    """Give the article the text of its page as fetched again, and redo its links: its
    mentions, citations and facts are made anew from the new body. The history keeps the
    old text (a version of it is saved first if the history does not hold it yet)."""
    if not article.history.filter(body=article.body).exists():
        article._change_reason = "the text before it was fetched again"  # type: ignore[attr-defined]
        article.save()
    article.mentions.all().delete()
    article.citations.all().delete()
    published = PartialDate(article.published_on) if article.published_on else None
    linked = link_article(
        body=processed.body,
        headline=processed.title or article.title,
        published=published,
        view=view or build_catalog_view(),
    )
    article.raw_text, article.body, article.sha256 = (
        processed.raw_text,
        processed.body,
        processed.sha256,
    )
    article.kind = Article.Kind.INCIDENT if linked.reports_incident else Article.Kind.ROUTINE
    result = _save_links(article, linked, name=article.url)
    article._change_reason = "fetched again: the page had changed"  # type: ignore[attr-defined]
    article.save()
    return result


def _let_go_of_texts(article: Article) -> None:
    """Defer the article's texts (read again from the database if asked for): the results of
    a batch are kept to its end, and must not hold every text of the batch."""
    for name in ("raw_text", "body"):
        article.__dict__.pop(name, None)


def _publication_date(processed: ProcessedArticle, overrides: Overrides) -> PartialDate | None:
    """The editor's date wins; else the text's; else a date in the source's address."""
    if overrides.published_on:
        return PartialDate(overrides.published_on)
    if processed.published is None and is_web_address(overrides.url):
        return date_from_address(overrides.url)
    return processed.published


def _first_source_url(processed: ProcessedArticle) -> str:
    return next((link.url for link in processed.source_links if is_web_address(link.url)), "")


def _title(
    processed: ProcessedArticle, *, url: str, publisher: str, published, linked
) -> tuple[str, str]:
    """The article's title, and why an editor should check it ("" when the text had one):
    its headline line; else the headline its web address spells; else a short title from
    the launch it is about. Never its first sentence cut short."""
    if processed.title:
        return processed.title, ""
    from_address = headline_from_address(url, processed.body)
    if from_address:
        return from_address, (
            f"the text has no headline line: its title “{from_address}” was read from its "
            "web address; check it"
        )
    title = short_title(
        subject=linked.launch.name if linked.launch is not None else "",
        publisher=publisher,
        published=format_partial_date(published.first, published.precision) if published else "",
    )
    return (
        title,
        f"the text has no headline: it was given the short title “{title}”; give it its own",
    )


def _save_mentions(article: Article, linked: LinkResult) -> list[str]:
    """Save what the article names; return the links as the results list them."""
    rows = [
        Mention(
            article=article,
            kind=link.kind,
            start=link.start,
            end=link.end,
            text=link.text[:200],
            confidence=link.confidence,
            **{str(link.kind): _ref(link)},
        )
        for link in linked.links
    ]
    rows += [
        Mention(
            article=article,
            kind=Mention.Kind.DATE,
            start=found.start,
            end=found.end,
            text=found.text[:200],
            date=found.date,
            date_precision=found.precision,
            confidence=found.confidence,
        )
        for found in linked.dates
    ]
    Mention.objects.bulk_create(rows)
    links = [f"mission: {linked.launch.name}"] if linked.launch is not None else []
    links += sorted(
        {f"{link.kind}: {link.text}" for link in linked.links if link.kind != "mission"}
    )
    return links


def _ref(link):
    """A stand-in holding only the primary key: enough to set the foreign key."""
    return KIND_MODELS[link.kind](pk=link.pk)


def _cite_reported_incident(article: Article, linked: LinkResult) -> tuple[Incident | None, bool]:
    """Cite the incident of the launch the article reports, and say whether it is new: a
    launch with none gets a draft when the evidence is strong enough (see
    `LinkResult.may_create_incident`)."""
    classification = linked.classification
    if classification is None or not classification.reports_incident:
        return None, False
    if linked.launch is None or classification.key_span is None:
        return None, False
    start, end = classification.key_span
    created = False
    incident = Incident.objects.filter(mission_id=linked.launch.key).first()
    if incident is None:
        if not linked.may_create_incident:
            return None, False
        mission = Mission.objects.select_related("site").get(pk=linked.launch.key)
        incident, created = open_draft_incident(
            mission, kind=_kind_of(mission, article.body[start:end])
        )
    confidence = min(classification.confidence, linked.launch_confidence or 1.0)
    Citation.objects.create(
        incident=incident,
        article=article,
        start=start,
        end=end,
        quote=article.body[start:end],
        supports=Citation.Supports.INCIDENT,
        confidence=confidence,
    )
    return incident, created


_ON_THE_WAY_DOWN = re.compile(
    r"\b(?:re-?entry|re-?entered|landing|landed|touch(?:ed)?\s*down|splash(?:ed)?\s*down"
    r"|parachutes?|descent|crash(?:ed)?\s+(?:into|on)\s+the\s+(?:moon|lunar|surface|ground))",
    re.IGNORECASE,
)


def _kind_of(mission: Mission, passage: str) -> str:
    """A launch that failed is a launch failure (or a pad one); after a good launch, the
    passage tells whether it was on the way down or in flight."""
    if mission.outcome == Outcome.PAD_EXPLOSION:
        return IncidentKind.PAD
    if mission.outcome in (Outcome.FAILURE, Outcome.PARTIAL_FAILURE):
        return IncidentKind.LAUNCH
    return IncidentKind.REENTRY if _ON_THE_WAY_DOWN.search(passage) else IncidentKind.IN_FLIGHT


def _save_facts(article: Article, linked: LinkResult, incident: Incident) -> None:
    """Each fact the article states about its incident, cited to its sentence (the passage
    the incident already cites, when it is the same sentence)."""
    passages: dict[tuple[int, int], Citation] = {
        (c.start, c.end): c for c in Citation.objects.filter(article=article, incident=incident)
    }
    facts: dict[tuple[tuple[int, int], str, str], Fact] = {}
    for found in linked.facts:
        span = (found.start, found.end)
        if span not in passages:
            passages[span] = Citation.objects.create(
                incident=incident,
                article=article,
                start=found.start,
                end=found.end,
                quote=article.body[found.start : found.end],
                supports=Citation.Supports.FACT,
                confidence=linked.launch_confidence,
            )
        q = found.quantity
        fact = Fact(
            incident=incident,
            citation=passages[span],
            kind=found.kind,
            value=shorten(found.value, FACT_LENGTH),
            si_value=q.si if q else None,
            si_low=q.low if q else None,
            si_high=q.high if q and q.high != math.inf else None,
            said_by=shorten(found.said_by, FACT_LENGTH),
        )
        facts.setdefault((span, found.kind, fact.value), fact)
    Fact.objects.bulk_create(facts.values())


def _cite_context(
    article: Article, linked: LinkResult, *, cited: Incident | None
) -> list[Incident]:
    """Cite the incidents the article mentions in passing (but not the one it reports);
    return them."""
    rows = [
        Citation(
            incident_id=item.incident.key,
            article=article,
            start=item.span[0],
            end=item.span[1],
            quote=article.body[item.span[0] : item.span[1]],
            supports=Citation.Supports.CONTEXT,
            confidence=item.confidence,
        )
        for item in linked.context
        if cited is None or item.incident.key != cited.pk
    ]
    Citation.objects.bulk_create(rows)
    citations_changed(row.incident_id for row in rows)  # a bulk creation sends no signal
    found = Incident.objects.in_bulk([row.incident_id for row in rows]) if rows else {}
    return [found[row.incident_id] for row in rows]


def _reasons_of_the_cited_incident(
    linked: LinkResult, incident: Incident, *, created: bool
) -> list[str]:
    reasons = []
    if created:
        reasons.append(f"created the draft incident “{incident.title}”")
    elif incident.status == Incident.Status.DRAFT:
        reasons.append(f"cites the draft incident “{incident.title}”")
    launch = linked.launch.name if linked.launch is not None else incident.title
    if linked.launch_confidence < REVIEW_BELOW:
        evidence = ", ".join(linked.evidence)
        reasons.append(
            f"linked to {launch} with confidence {linked.launch_confidence:.2f} ({evidence})"
        )
    if linked.rival is not None:
        rival, behind = linked.rival
        reasons.append(
            f"{launch} scored only {behind:.1f} points ahead of {rival}: "
            "check which launch the article is about"
        )
    return reasons


def review_reasons(
    linked: LinkResult, *, incident: Incident | None, created_incident: bool
) -> list[str]:
    """Why an editor should look at this article, in plain words; none when all is sure."""
    reasons = []
    if linked.reports_incident and linked.launch is None:
        reasons.append("reports a failure, but no launch could be identified")
    elif linked.reports_incident and incident is None and linked.launch is not None:
        reasons.append(
            f"reports a failure, but {linked.launch.name} flew without a recorded incident "
            "and the text does not name it clearly enough to open one"
        )
    if incident is not None:
        reasons += _reasons_of_the_cited_incident(linked, incident, created=created_incident)
    if linked.unread:
        reasons.append(
            f"the text is very long: names, dates and facts were read from its beginning only"
            f" ({linked.unread:,} characters at the end were not)"
        )
    unsure = [item for item in linked.context if item.confidence < REVIEW_BELOW]
    if unsure:
        names = ", ".join(item.incident.title for item in unsure)
        reasons.append(f"passing mentions linked with low confidence: {names}")
    return reasons
