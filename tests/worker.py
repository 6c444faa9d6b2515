"""Running the task queue inside a test, as `python manage.py db_worker --batch` would.

The real worker loop closes "old" database connections between tasks, which would end a
test's transaction; so this takes the queued tasks from the real queue (django-tasks-db's
table) itself and hands each to the real worker's `run_task`.
"""

from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

WORKER_ID = "test-worker"


def run_queued_tasks() -> int:
    """Run every task waiting in the queue, in order; return how many ran."""
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=WORKER_ID,
        excluded_queue_names=[],
    )
    ran = 0
    while (task := DBTaskResult.objects.ready().order_by("enqueued_at").first()) is not None:
        task.claim(WORKER_ID)
        worker.run_task(task)
        task.refresh_from_db()
        assert task.status == "SUCCESSFUL", task.traceback
        ran += 1
    return ran
