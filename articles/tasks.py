"""Background work, with the Django Tasks API (`django-tasks`; the database is the queue).

Run a worker with `python manage.py worker`; several may share the queue, on one machine or
many. It outlives the database going away (it waits and tries again) and takes up, on start
and every minute, the imports whose worker was stopped; `python manage.py resume_imports` or
an editor (the admin's "Resume" action) can do that at any time. It also checks the news
feeds that are due (articles.web.feeds), each every FEED_POLL_MINUTES.
"""

import logging
import time
from collections.abc import Callable

from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django_tasks import task
from django_tasks_db.management.commands.db_worker import Worker

from articles.importer import import_queued_files, resume_stalled
from articles.models import ImportRun
from articles.web.pages import fetch_input, fetcher

logger = logging.getLogger(__name__)
RESUME_EVERY_SECONDS = 60  # a run counts as stopped after articles.models.STALLED_AFTER
CHORES_EVERY_SECONDS = 60
RETRY_SECONDS = (1, 2, 5, 10, 30)  # waits after the 1st, 2nd, ... failure in a row; then 30
DATABASE_DOWN = (OperationalError, InterfaceError)


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
