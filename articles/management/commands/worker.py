"""python manage.py worker: run the background tasks (uploaded imports), surviving database
outages, and take up the imports whose worker was stopped (see articles.tasks.work)."""

import logging
import os

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django.utils.crypto import get_random_string

from articles.tasks import queue_worker, work
from articles.web.feeds import queue_due_feeds

CHORES = (queue_due_feeds,)  # run every minute by the worker


class Command(BaseCommand):
    help = (
        "Run queued background tasks until stopped (SIGTERM or Ctrl-C lets the current one "
        "finish). Waits for the database when it cannot be reached, queues again the "
        "uploaded imports whose worker was stopped, and checks the news feeds that are due."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=float,
            default=1,
            help="Seconds to wait when the queue is empty (default 1).",
        )
        parser.add_argument(
            "--reload",
            action="store_true",
            default=settings.DEBUG,
            help="Restart on code changes (default when DEBUG is on).",
        )
        parser.add_argument("--no-reload", action="store_false", dest="reload")

    def handle(self, *args, interval: float, reload: bool, verbosity: int, **options):
        self._log_to_stdout(verbosity)
        worker = queue_worker(worker_id=get_random_string(32))

        def run() -> None:
            self.stdout.write(f"Worker {worker.worker_id} waiting for tasks.")
            work(worker=worker, interval=interval, chores=CHORES)

        # SIGTERM or Ctrl-C: finish the task at hand, then stop. With --reload, the process
        # that runs the worker is the reloader's child (and signals go to its main thread).
        if not reload or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
            worker.configure_signals()
        if reload:
            run_with_reloader(run)
        else:
            run()

    def _log_to_stdout(self, verbosity: int) -> None:
        """Tasks started and finished (django-tasks), and our own warnings, on stdout."""
        handler = logging.StreamHandler(self.stdout)
        for name in ("django_tasks", "articles.tasks"):
            logger = logging.getLogger(name)
            logger.setLevel(logging.INFO if verbosity else logging.WARNING)
            logger.addHandler(handler)
            logger.propagate = False
