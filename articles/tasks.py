"""Background work, with the Django Tasks API (`django-tasks`; the database is the queue):
uploads are queued as a run here, and a worker imports them with `articles.importer`.

Run a worker with `python manage.py worker`; several may share the queue, on one machine or
many. It outlives the database going away (it waits and tries again) and takes up, on start
and every minute, the imports whose worker was stopped; `python manage.py resume_imports` or
an editor (the admin's "Resume" action) can do that at any time. It also checks the news
feeds that are due (articles.web.feeds), each every FEED_POLL_MINUTES.
"""

import logging
import time
from collections.abc import Callable, Iterable

from django.db import DatabaseError, InterfaceError, OperationalError, connections, transaction
from django.utils import timezone
from django_tasks import task
from django_tasks_db.management.commands.db_worker import Worker

from articles.importer import (
    FILE_SECONDS,
    NO_OVERRIDES,
    FileResult,
    Overrides,
    finish_run,
    forget_queries,
    import_file,
    overrides_of,
    record_file,
    start_run,
)
from articles.inputs import InputFile, within_run_limit
from articles.linking import build_catalog_view
from articles.models import ImportedFile, ImportRun
from articles.web.pages import fetch_input, fetcher

logger = logging.getLogger(__name__)
RESUME_EVERY_SECONDS = 60  # a run counts as stopped after articles.models.STALLED_AFTER
CHORES_EVERY_SECONDS = 60
RETRY_SECONDS = (1, 2, 5, 10, 30)  # waits after the 1st, 2nd, ... failure in a row; then 30
DATABASE_DOWN = (OperationalError, InterfaceError)
MAX_ATTEMPTS = 2
STOPPED_TWICE = "the importer stopped twice while reading this file; it was not imported"
Outcomes = ImportedFile.Outcome


@task()
def import_queued_run(run_id: int) -> None:
    """Import the waiting files of one run (admin uploads), or fetch and import its waiting
    addresses (admin "Import from web addresses")."""
    run = ImportRun.objects.filter(pk=run_id).first()
    if run is None or run.status == ImportRun.Status.FINISHED:
        return
    if run.source == ImportRun.Source.WEB:
        with fetcher() as pages:
            import_queued_files(run, read=lambda row: fetch_input(pages, row.name))
    else:
        import_queued_files(run)


def queue_files(
    files: Iterable[InputFile], *, user=None, overrides: Overrides = NO_OVERRIDES
) -> ImportRun:
    """Keep the files in a queued run for a background worker, saved one at a time as they
    are read (never all in memory); a file that could not even be read, or comes past the
    run's limit, is failed at once. The run and its task are saved together."""
    with transaction.atomic():
        run = start_run(
            source=ImportRun.Source.ADMIN,
            user=user,
            overrides=overrides,
            status=ImportRun.Status.QUEUED,
        )
        failed = 0
        for item in within_run_limit(files):
            ImportedFile.objects.create(
                run=run,
                name=item.name[:500],
                outcome=Outcomes.FAILED if item.error else Outcomes.PENDING,
                reason=item.error,
                data=None if item.error else item.data,
            )
            failed += bool(item.error)
            forget_queries()
        run.failed_count = failed
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
    overrides = overrides_of(run)
    seen: set[str] = set()
    waiting = run.files.filter(outcome=Outcomes.PENDING).order_by("pk")
    for pk in list(waiting.values_list("pk", flat=True)):
        row = ImportedFile.objects.get(pk=pk)
        if row.attempts >= MAX_ATTEMPTS:
            record_file(
                run, row, FileResult(row.name, Outcomes.FAILED, STOPPED_TWICE), seconds=None
            )
            continue
        row.attempts += 1
        row.save(update_fields=["attempts"])
        item = read(row) if read else InputFile(row.name, bytes(row.data or b""))
        import_file(
            item,
            run=run,
            row=row,
            view=view,
            overrides=overrides,
            seen=seen,
            time_limit=time_limit,
        )
    finish_run(run)


def resume_stalled(runs: Iterable[ImportRun] | None = None) -> list[ImportRun]:
    """Take up the runs whose importer was stopped (see ImportRun.is_stalled): an upload with
    files still waiting goes back to the queue; a command's run (whose files were read from
    disk, not kept) is marked as stopped before the end. Return the runs queued again."""
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


def queue_worker(*, worker_id: str) -> Worker:
    """django-tasks-db's worker for the default queue, run in rounds: each round runs every
    task waiting, then returns to `work`."""
    return Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )


def work(
    *,
    worker: Worker,
    interval: float = 1,
    until: Callable[[], bool] | None = None,
    chores: tuple[Callable[[], None], ...] = (),
) -> None:
    """Run the queue until the worker is stopped (a signal), or `until()` says so after a
    round. A database that cannot be reached, or drops the connection, is waited for: each
    failure in a row waits longer (RETRY_SECONDS), the first round that works starts over.
    Imports whose worker was stopped are queued again at the start and every minute, and the
    `chores` are run then (`manage.py worker` queues the check of the news feeds that are due:
    articles.web.feeds.queue_due_feeds)."""
    failures = 0
    resume_at = 0.0
    chores_at = 0.0
    while worker.running:
        try:
            if time.monotonic() >= resume_at:
                _resume_stopped_imports()
                resume_at = time.monotonic() + RESUME_EVERY_SECONDS
            if time.monotonic() >= chores_at:
                for chore in chores:
                    chore()
                chores_at = time.monotonic() + CHORES_EVERY_SECONDS
            worker.run()
            if until is not None and until():
                return
        except DATABASE_DOWN as error:
            wait = RETRY_SECONDS[min(failures, len(RETRY_SECONDS) - 1)]
            failures += 1
            logger.warning(
                "database unreachable (%s); trying again in %s s", _first_line(error), wait
            )
            _close_connections()
            time.sleep(wait)
            continue
        if failures:
            logger.warning("database reachable again")
        failures = 0
        time.sleep(interval)


def _resume_stopped_imports() -> None:
    for run in resume_stalled():
        logger.warning("import run %s had stopped; queued again", run.pk)


def _close_connections() -> None:
    """Drop the connections the outage broke, so that the next round connects anew."""
    for connection in connections.all(initialized_only=True):
        try:
            connection.close()
        except DatabaseError:
            pass  # (it was broken already)


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
