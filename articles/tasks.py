"""Background work, with the Django Tasks API (`django-tasks`; the database is the queue).

Run a worker with `python manage.py db_worker`; several may share the queue, on one machine
or many. A run whose worker was stopped is taken up again by `python manage.py resume_imports`
or by an editor (the admin's "Resume" action).
"""

from django_tasks import task

from articles.importer import import_queued_files
from articles.models import ImportRun


@task()
def import_queued_run(run_id: int) -> None:
    """Import the waiting files of one run (admin uploads)."""
    run = ImportRun.objects.filter(pk=run_id).first()
    if run is not None and run.status != ImportRun.Status.FINISHED:
        import_queued_files(run)
