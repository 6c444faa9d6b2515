"""The one persistence boundary of the import: pipeline results become rows, one file at a time.

Each file is its own transaction: a file that fails leaves nothing behind and does not stop
the others. The same bytes imported again change nothing (articles are unique by sha256).
"""

import datetime
import logging
import math
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from articles.inputs import InputFile
from articles.linking import (
    KIND_MODELS,
    REVIEW_BELOW,
    LinkResult,
    build_catalog_view,
    link_article,
)
from articles.models import Article, Citation, Fact, ImportedFile, ImportRun, Mention
from articles.pipeline.addresses import is_web_address
from articles.pipeline.decode import RejectedInput
from articles.pipeline.process import ProcessedArticle, process_bytes
from articles.pipeline.published import date_from_address
from articles.pipeline.text import sentence_spans
from articles.time_limit import TookTooLong, stop_after, too_long
from articles.web.duplicates import same_page
from incidents.models import Incident, IncidentKind, Mission, Outcome
from incidents.partial_dates import PartialDate
from incidents.services import refresh_search_names

logger = logging.getLogger(__name__)
TITLE_LENGTH = 120
FILE_SECONDS = 60  # the longest one file may take (the worst 5 MB input takes some 20 s)
MAX_ATTEMPTS = 2
DRAFT_ATTEMPTS = 5
STOPPED_TWICE = "the importer stopped twice while reading this file; it was not imported"
Outcomes = ImportedFile.Outcome


@dataclass(frozen=True)
class Overrides:
    """Values an editor gives for a whole batch; they win over what the text says."""

    publisher: str = ""
    published_on: datetime.date | None = None
    url: str = ""


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


def import_files(
    files: Iterable[InputFile],
    *,
    source: str,
    user=None,
    overrides: Overrides = Overrides(),
    dry_run: bool = False,
    progress: Callable[[int, FileResult], None] | None = None,
) -> tuple[ImportRun | None, list[FileResult]]:
    """Import every file now, in this process; return the run (None on a dry run) and one
    result per file. Each file is recorded in its run as soon as it is done."""
    view = build_catalog_view()
    seen: set[str] = set()  # a dry run writes nothing, so it remembers what it would have
    run = None
    if not dry_run:
        run = ImportRun.objects.create(
            source=source, started_by=user, heartbeat_at=timezone.now(), **_run_fields(overrides)
        )
    results = []
    for index, item in enumerate(files, start=1):
        if run is None:
            result = _import_one(
                item, view=view, run=None, overrides=overrides, dry_run=True, seen=seen
            )
        else:
            row = ImportedFile(run=run, name=item.name[:500])
            result = _import_and_record(
                item, row, view=view, run=run, overrides=overrides, seen=seen
            )
        results.append(result)
        if progress:
            progress(index, result)
    if run is not None:
        _finish(run)
    return run, results


def queue_files(files: Iterable[InputFile], *, user=None, overrides=Overrides()) -> ImportRun:
    """Keep the files in a queued run for a background worker (see articles.tasks); a file
    that could not even be read is failed at once. The run and its task are saved together."""
    from articles.tasks import import_queued_run

    with transaction.atomic():
        run = ImportRun.objects.create(
            source=ImportRun.Source.ADMIN,
            started_by=user,
            status=ImportRun.Status.QUEUED,
            **_run_fields(overrides),
        )
        rows = [
            ImportedFile(
                run=run,
                name=item.name[:500],
                outcome=Outcomes.FAILED if item.error else Outcomes.PENDING,
                reason=item.error,
                data=None if item.error else item.data,
            )
            for item in files
        ]
        ImportedFile.objects.bulk_create(rows)
        run.failed_count = sum(row.outcome == Outcomes.FAILED for row in rows)
        run.save(update_fields=["failed_count"])
        import_queued_run.enqueue(run.pk)
    return run


def import_queued_files(
    run: ImportRun,
    *,
    time_limit: float | None = FILE_SECONDS,
    read: Callable[[ImportedFile], InputFile] | None = None,
) -> None:
    """Import the files of `run` that are still waiting, in upload order: a queued run, or one
    whose worker was stopped. A file that was being read when a worker stopped is read once
    more; a file that stopped two workers is failed. `read` makes a waiting row an input file
    (the web fetches its address); by default, its bytes as uploaded."""
    run.status = ImportRun.Status.RUNNING
    run.heartbeat_at = timezone.now()
    run.save(update_fields=["status", "heartbeat_at"])
    view = build_catalog_view()
    overrides = Overrides(run.publisher, run.published_on, run.url)
    seen: set[str] = set()
    waiting = run.files.filter(outcome=Outcomes.PENDING).order_by("pk")
    for pk in list(waiting.values_list("pk", flat=True)):
        row = ImportedFile.objects.get(pk=pk)
        if row.attempts >= MAX_ATTEMPTS:
            _record(run, row, FileResult(row.name, Outcomes.FAILED, STOPPED_TWICE), seconds=None)
            continue
        row.attempts += 1
        row.save(update_fields=["attempts"])
        item = read(row) if read else InputFile(row.name, bytes(row.data or b""))
        _import_and_record(
            item, row, view=view, run=run, overrides=overrides, seen=seen, time_limit=time_limit
        )
    _finish(run)


def resume_stalled(runs: Iterable[ImportRun] | None = None) -> list[ImportRun]:
    """Take up the runs whose importer was stopped (see ImportRun.is_stalled): an upload with
    files still waiting goes back to the queue; a command's run (whose files were read from
    disk, not kept) is marked as stopped before the end. Return the runs queued again."""
    from articles.tasks import import_queued_run

    if runs is None:
        runs = ImportRun.objects.filter(status=ImportRun.Status.RUNNING)
    resumed = []
    for run in runs:
        if not run.is_stalled:
            continue
        if run.files.filter(outcome=Outcomes.PENDING).exists():
            with transaction.atomic():
                run.status = ImportRun.Status.QUEUED
                run.save(update_fields=["status"])
                import_queued_run.enqueue(run.pk)
            resumed.append(run)
        else:
            run.status = ImportRun.Status.INTERRUPTED
            run.save(update_fields=["status"])
    return resumed


def _run_fields(overrides: Overrides) -> dict:
    return {
        "publisher": overrides.publisher,
        "published_on": overrides.published_on,
        "url": overrides.url if is_web_address(overrides.url) else "",
    }


def _import_and_record(
    item: InputFile, row: ImportedFile, *, view, run, overrides, seen, time_limit=FILE_SECONDS
) -> FileResult:
    """Import one file and record it in its run, in one transaction: a process stopped
    halfway leaves the file waiting and nothing of it written."""
    started = time.perf_counter()
    with transaction.atomic():
        result = _import_one(
            item,
            view=view,
            run=run,
            overrides=overrides,
            dry_run=False,
            seen=seen,
            time_limit=time_limit,
        )
        _record(run, row, result, seconds=time.perf_counter() - started)
    return result


def _record(run: ImportRun, row: ImportedFile, result: FileResult, *, seconds) -> None:
    row.outcome, row.reason, row.article = result.outcome, result.reason, result.article
    row.seconds = round(seconds, 3) if seconds is not None else None
    row.data = None
    row.save()
    counter = f"{result.outcome}_count"
    ImportRun.objects.filter(pk=run.pk).update(
        **{counter: F(counter) + 1}, heartbeat_at=timezone.now()
    )


def _finish(run: ImportRun) -> None:
    run.refresh_from_db()
    run.status = ImportRun.Status.FINISHED
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "finished_at"])


def _import_one(
    item: InputFile, *, view, run, overrides, dry_run, seen, time_limit=FILE_SECONDS
) -> FileResult:
    if item.error:
        return FileResult(item.name, Outcomes.FAILED, item.error)
    try:
        with stop_after(time_limit):
            return _read_and_create(item, view, run, overrides, dry_run, seen)
    except TookTooLong:
        logger.warning("import of %s stopped after %s seconds", item.name, time_limit)
        return FileResult(item.name, Outcomes.FAILED, too_long(time_limit))


def _read_and_create(item: InputFile, view, run, overrides, dry_run, seen) -> FileResult:
    try:
        processed = process_bytes(item.data, address=item.address)
    except RejectedInput as rejection:
        return FileResult(item.name, Outcomes.FAILED, rejection.reason)
    if item.address and (same := same_page(processed)):
        return FileResult(item.name, Outcomes.KNOWN, same[1], article=same[0])
    known = Article.objects.filter(sha256=processed.sha256).first()
    if known is None and processed.sha256 in seen:
        return FileResult(item.name, Outcomes.KNOWN, "the same bytes appear earlier in this batch")
    if known is not None:
        return FileResult(
            item.name, Outcomes.KNOWN, "the same bytes were imported before", article=known
        )
    result = FileResult(item.name, Outcomes.CREATED)
    try:
        with transaction.atomic():
            _create_article(processed, item.name, view, run, overrides, result)
            if dry_run:
                raise DryRunRollback
    except DryRunRollback:
        result.article = None
    except IntegrityError:
        known = Article.objects.filter(sha256=processed.sha256).first()
        if known is None:
            logger.exception("import of %s failed", item.name)
            return FileResult(item.name, Outcomes.FAILED, "the database refused the article")
        return FileResult(
            item.name, Outcomes.KNOWN, "the same bytes were imported before", article=known
        )
    except TookTooLong:
        raise
    except Exception:  # one bad file must not stop the batch; the log has the details
        logger.exception("import of %s failed", item.name)
        return FileResult(
            item.name, Outcomes.FAILED, "could not be imported: an error on our side (logged)"
        )
    seen.add(processed.sha256)
    return result


def _create_article(processed: ProcessedArticle, name, view, run, overrides, result):
    title = processed.title or derive_title(processed.body) or name
    published = processed.published
    if overrides.published_on:
        published = PartialDate(overrides.published_on)
    elif published is None and is_web_address(overrides.url):
        published = date_from_address(overrides.url)
    published_on = published.exact_day if published else None
    headline = processed.title or ""
    linked = link_article(body=processed.body, headline=headline, published=published, view=view)
    article = Article.objects.create(
        title=title[:300],
        publisher=(overrides.publisher or processed.publisher or "")[:200],
        author=(processed.author or "")[:200],
        url=(overrides.url if is_web_address(overrides.url) else _first_source_url(processed))[
            :500
        ],
        published_on=published_on,
        raw_text=processed.raw_text,
        body=processed.body,
        sha256=processed.sha256,
        source_format=processed.format,
        filename=name.rsplit("/", 1)[-1][:255],
        kind=Article.Kind.INCIDENT if linked.reports_incident else Article.Kind.ROUTINE,
        import_run=run,
    )
    result.article = article
    _save_links(article, linked, result)
    article.save(update_fields=["needs_review", "review_reason"])


def _save_links(article: Article, linked: LinkResult, result: FileResult) -> None:
    """Mentions, citations and facts of the article, and why it needs review (not saved)."""
    _save_mentions(article, linked, result)
    incident = _cite_reported_incident(article, linked, result)
    if incident is not None:
        _save_facts(article, linked, incident)
    _cite_context(article, linked, result)
    article.review_reason = "; ".join(review_reasons(linked, incident, result))
    article.needs_review = bool(article.review_reason)


def replace_text(article: Article, processed: ProcessedArticle, *, view=None) -> FileResult:
    """Give the article the text of its page as fetched again, and redo its links: its
    mentions, citations and facts are made anew from the new body. The history keeps the
    old text (a version of it is saved first if the history does not hold it yet)."""
    if not article.history.filter(body=article.body).exists():
        article._change_reason = "the text before it was fetched again"
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
    result = FileResult(article.url, Outcomes.CREATED, article=article)
    _save_links(article, linked, result)
    article._change_reason = "fetched again: the page had changed"
    article.save()
    return result


def _first_source_url(processed: ProcessedArticle) -> str:
    return next((link.url for link in processed.source_links if is_web_address(link.url)), "")


def derive_title(body: str) -> str:
    """The first sentence, cut at a word boundary: for texts that carry no headline."""
    spans = sentence_spans(body)
    if not spans:
        return ""
    sentence = body[spans[0][0] : spans[0][1]].strip()
    if len(sentence) <= TITLE_LENGTH:
        return sentence
    return sentence[:TITLE_LENGTH].rsplit(" ", 1)[0] + "…"


def _save_mentions(article: Article, linked: LinkResult, result: FileResult) -> None:
    rows = [
        Mention(
            article=article,
            kind=link.kind,
            start=link.start,
            end=link.end,
            text=link.text[:200],
            confidence=link.confidence,
            **{link.kind: _ref(link)},
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
    if linked.launch is not None:
        result.links.append(f"mission: {linked.launch.name}")
    result.links.extend(
        sorted({f"{link.kind}: {link.text}" for link in linked.links if link.kind != "mission"})
    )


def _ref(link):
    """A stand-in holding only the primary key: enough to set the foreign key."""
    return KIND_MODELS[link.kind](pk=link.pk)


def _cite_reported_incident(article, linked: LinkResult, result: FileResult):
    """Cite the incident of the launch the article reports; a launch with none gets a draft
    when the evidence is strong enough (see `LinkResult.may_create_incident`)."""
    if not linked.reports_incident or linked.launch is None or linked.key_span is None:
        return None
    start, end = linked.key_span
    incident = Incident.objects.filter(mission_id=linked.launch.key).first()
    if incident is None:
        if not linked.may_create_incident:
            return None
        mission = Mission.objects.select_related("site").get(pk=linked.launch.key)
        incident, result.created_incident = _draft_incident(
            mission, kind=_kind_of(mission, article.body[start:end])
        )
    confidence = min(linked.classification.confidence, linked.launch_confidence or 1.0)
    Citation.objects.create(
        incident=incident,
        article=article,
        start=start,
        end=end,
        quote=article.body[start:end],
        supports=Citation.Supports.INCIDENT,
        confidence=confidence,
    )
    result.incident = incident
    return incident


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


def _draft_incident(mission: Mission, *, kind: str) -> tuple[Incident, bool]:
    """The mission's incident, and whether it is new: a draft for editors to check and
    publish, unless another import (running at the same time) has just made one."""
    for _ in range(DRAFT_ATTEMPTS):
        try:
            with transaction.atomic():
                return _new_draft_incident(mission, kind=kind), True
        except IntegrityError:
            # Another import's draft for this mission (one per mission), or its slug: once
            # that import commits, its incident is used, or the next free slug is taken.
            existing = Incident.objects.filter(mission=mission).first()
            if existing is not None:
                return existing, False
    raise IntegrityError(f"no free slug for a draft incident of {mission.name}")


def _new_draft_incident(mission: Mission, *, kind: str) -> Incident:
    """An event the catalog does not list. A failure after a good launch (a leak in orbit, a
    loss on re-entry) keeps the launch's own outcome."""
    after_launch = kind not in (IncidentKind.LAUNCH, IncidentKind.PAD)
    label = "in-flight failure" if after_launch else "failure"
    if kind == IncidentKind.REENTRY:
        label = "loss on the way down"
    year = mission.launch_date.year if mission.launch_date else ""
    base = slugify(f"{mission.name} {label} {year}") or "incident"
    incident = Incident(
        title=f"{mission.name} {label}",
        date=mission.launch_date or timezone.now().date(),
        mission=mission,
        site=mission.site,
        kind=kind,
        outcome=mission.outcome if after_launch else Outcome.FAILURE,
        status=Incident.Status.DRAFT,
        origin=Incident.Origin.IMPORT,
    )
    _save_with_free_slug(incident, base)
    if mission.vehicle_id:
        incident.vehicles.add(mission.vehicle_id)
    incident.agencies.set(mission.agencies.all())
    refresh_search_names([incident.pk])
    return incident


def _save_with_free_slug(incident: Incident, base: str) -> None:
    counter = 1
    slug = base
    while Incident.objects.filter(slug=slug).exists():
        counter += 1
        slug = f"{base}-{counter}"
    incident.slug = slug
    incident.save()


def _save_facts(article: Article, linked: LinkResult, incident: Incident) -> None:
    """Each fact the article states about its incident, cited to its sentence (the passage
    the incident already cites, when it is the same sentence)."""
    passages: dict[tuple[int, int], Citation] = {
        (c.start, c.end): c for c in Citation.objects.filter(article=article, incident=incident)
    }
    facts = {}
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
            value=found.value[:200],
            si_value=q.si if q else None,
            si_low=q.low if q else None,
            si_high=q.high if q and q.high != math.inf else None,
            said_by=found.said_by[:200],
        )
        facts.setdefault((span, found.kind, fact.value), fact)
    Fact.objects.bulk_create(facts.values())


def _cite_context(article, linked: LinkResult, result: FileResult) -> None:
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
        if result.incident is None or item.incident.key != result.incident.pk
    ]
    Citation.objects.bulk_create(rows)
    cited = Incident.objects.in_bulk([row.incident_id for row in rows]) if rows else {}
    result.context = [cited[row.incident_id] for row in rows]


def review_reasons(linked: LinkResult, incident, result: FileResult) -> list[str]:
    """Why an editor should look at this article, in plain words; none when all is sure."""
    reasons = []
    if linked.reports_incident and linked.launch is None:
        reasons.append("reports a failure, but no launch could be identified")
    elif linked.reports_incident and incident is None:
        reasons.append(
            f"reports a failure, but {linked.launch.name} flew without a recorded incident "
            "and the text does not name it clearly enough to open one"
        )
    if result.created_incident:
        reasons.append(f"created the draft incident “{incident.title}”")
    elif incident is not None and incident.status == Incident.Status.DRAFT:
        reasons.append(f"cites the draft incident “{incident.title}”")
    if incident is not None and linked.launch_confidence < REVIEW_BELOW:
        evidence = ", ".join(linked.evidence)
        reasons.append(
            f"linked to {linked.launch.name} with confidence {linked.launch_confidence:.2f}"
            f" ({evidence})"
        )
    if incident is not None and linked.rival is not None:
        rival, behind = linked.rival
        reasons.append(
            f"{linked.launch.name} scored only {behind:.1f} points ahead of {rival}: "
            "check which launch the article is about"
        )
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
