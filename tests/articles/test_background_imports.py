"""Imports as background work: the upload returns at once, a worker imports the queue, the
run's page shows each file; a stopped worker's run is resumed, a stopped command's marked."""

import datetime
import io
import threading
import time

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from articles.importer import import_files
from articles.inputs import InputFile
from articles.models import Article, ImportedFile, ImportRun
from articles.tasks import STOPPED_TWICE, import_queued_files
from articles.time_limit import TookTooLong, stop_after
from incidents.catalog_loader import load_catalog
from incidents.models import Incident
from tests.catalog_samples import write_catalog_extract
from tests.gcat import GcatTestCase
from tests.worker import run_queued_tasks

IMPORT_URL = reverse("admin:articles_article_import")
Outcome = ImportedFile.Outcome


def text(n: int) -> bytes:
    return (
        f"Rocket lost, report {n}\n\nA Soyuz-U rocket carrying the Progress MS-04 cargo ship "
        f"failed on 1 December 2016 after its third stage shut down early (report {n}).\n"
    ).encode()


def stalled_run(**fields) -> ImportRun:
    run = ImportRun.objects.create(source=ImportRun.Source.ADMIN, **fields)
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportRun.Status.RUNNING, started_at=long_ago, heartbeat_at=long_ago
    )
    run.refresh_from_db()
    return run


class BackgroundImportTests(GcatTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = User.objects.create_user("ed", password="pw", is_staff=True)
        cls.editor.groups.add(Group.objects.get(name="Editors"))

    def setUp(self):
        self.client.force_login(self.editor)

    def upload(self, *named: tuple[str, bytes]):
        files = [SimpleUploadedFile(name, data) for name, data in named]
        return self.client.post(IMPORT_URL, {"files": files}, follow=True)

    def test_the_upload_returns_at_once_and_the_page_shows_the_files_waiting(self):
        page = self.upload(("one.txt", text(1)), ("two.txt", text(2)), ("report.pdf", b"%PDF"))
        run = ImportRun.objects.get()
        assert run.status == ImportRun.Status.QUEUED
        assert Article.objects.count() == 0
        html = page.content.decode()
        assert "2 files queued for import" in html
        assert "Waiting for a worker" in html and 'http-equiv="refresh"' in html
        outcomes = {f.name: f.outcome for f in run.files.all()}
        assert outcomes == {"one.txt": "pending", "two.txt": "pending", "report.pdf": "failed"}
        assert run.failed_count == 1

    def test_a_worker_imports_the_queue_and_the_page_shows_each_file(self):
        page = self.upload(("one.txt", text(1)), ("two.txt", text(2)))
        assert run_queued_tasks() == 1
        page = self.client.get(page.request["PATH_INFO"])
        run = ImportRun.objects.get()
        assert (run.status, run.created_count, run.failed_count) == ("finished", 2, 0)
        assert all(f.seconds is not None and f.data is None for f in run.files.all())
        html = page.content.decode()
        assert "Finished." in html and 'http-equiv="refresh"' not in html
        assert Incident.objects.get(mission__launch_tag="2016-F02").title in html

    def test_a_stopped_worker_s_run_is_resumed_and_a_file_that_stopped_two_is_failed(self):
        run = stalled_run()
        done = Article.objects.create(title="Done", body="x", raw_text="x", sha256="0" * 64)
        ImportedFile.objects.create(run=run, name="done.txt", outcome=Outcome.CREATED, article=done)
        ImportRun.objects.filter(pk=run.pk).update(created_count=1)
        for name, attempts in [("reading.txt", 1), ("next.txt", 0), ("poison.txt", 2)]:
            ImportedFile.objects.create(
                run=run,
                name=name,
                outcome=Outcome.PENDING,
                data=text(attempts),
                attempts=attempts,
            )
        page_url = reverse("admin:articles_article_import_progress", args=[run.pk])
        page = self.client.get(page_url).content.decode()
        assert "stopped before the end" in page and "3 files still wait" in page

        self.client.post(page_url, {"resume": "1"})
        assert ImportRun.objects.get().status == ImportRun.Status.QUEUED
        run_queued_tasks()

        run.refresh_from_db()
        outcomes = {f.name: (f.outcome, f.reason) for f in run.files.all()}
        assert outcomes["reading.txt"][0] == outcomes["next.txt"][0] == "created"
        assert outcomes["poison.txt"] == ("failed", STOPPED_TWICE)
        assert (run.status, run.created_count, run.failed_count) == ("finished", 3, 1)

    def test_a_stopped_command_s_run_keeps_its_counts_and_is_marked(self):
        def stop_after_the_first(index, result):
            if index == 1:
                raise KeyboardInterrupt  # the operator's Ctrl-C, or a kill

        files = [InputFile("one.txt", text(1)), InputFile("two.txt", text(2))]
        with pytest.raises(KeyboardInterrupt):
            import_files(files, source="command", progress=stop_after_the_first)
        run = ImportRun.objects.get()
        assert (run.created_count, run.files.count(), Article.objects.count()) == (1, 1, 1)

        ImportRun.objects.filter(pk=run.pk).update(
            heartbeat_at=timezone.now() - datetime.timedelta(hours=1)
        )
        out = io.StringIO()
        call_command("resume_imports", stdout=out)
        assert "marked as stopped before the end" in out.getvalue()
        listed = self.client.get(reverse("admin:articles_importrun_changelist"))
        assert "Stopped before the end" in listed.content.decode()

    def test_a_file_over_the_time_limit_is_failed_and_leaves_nothing(self):
        run = ImportRun.objects.create(source=ImportRun.Source.ADMIN)
        ImportedFile.objects.create(run=run, name="slow.txt", outcome="pending", data=text(1))
        import_queued_files(run, time_limit=0.001)
        row = run.files.get()
        assert row.outcome == "failed" and "took longer than 0.001 seconds" in row.reason
        assert Article.objects.count() == 0


def test_the_time_limit_stops_a_long_block():
    with pytest.raises(TookTooLong), stop_after(0.01):
        while True:
            pass


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite lets one writer in at a time, so two imports cannot interleave",
)
@pytest.mark.django_db(transaction=True)
def test_two_imports_of_one_new_event_at_once_share_one_draft(tmp_path):
    """The first import holds its new draft uncommitted; the second, which cannot see it yet,
    makes its own, waits on the one-per-mission index, and then cites the first one's."""
    load_catalog(write_catalog_extract(tmp_path, launch_tags={"2022-140"}))
    first = (
        "Coolant streams from a docked cargo ship\nhttps://news.example/2023/02/11/ship-leak/\n\n"
        "A coolant leak began on the Progress MS-21 cargo ship docked at the space station on "
        "Saturday, Roscosmos said.\n"
    )
    second = first.replace("Saturday", "Saturday morning").replace("news.", "other.")
    release = threading.Event()
    results = {}

    def import_in_thread(name, data):
        try:
            results[name] = import_files([InputFile(name, data.encode())], source="command")[1][0]
        finally:
            connection.close()

    holder = threading.Thread(
        target=_import_holding_its_transaction, args=(first, release, results)
    )
    holder.start()
    assert _wait_for(lambda: "held" in results)
    other = threading.Thread(target=import_in_thread, args=("second.txt", second))
    other.start()
    assert _wait_for(_an_insert_is_waiting_on_a_lock)
    release.set()
    holder.join(60)
    other.join(60)
    assert results["second.txt"].outcome == "created", results["second.txt"].reason
    drafts = Incident.objects.filter(mission__launch_tag="2022-140")
    assert drafts.count() == 1
    assert results["second.txt"].incident == drafts.get()
    assert not results["second.txt"].created_incident


def _import_holding_its_transaction(data, release, results):
    try:
        with transaction.atomic():
            _, (result,) = import_files([InputFile("first.txt", data.encode())], source="command")
            results["first.txt"] = result
            results["held"] = True
            release.wait(30)
    finally:
        connection.close()


def _an_insert_is_waiting_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
            "AND datname = current_database()"
        )
        return cursor.fetchone()[0] > 0


def _wait_for(condition, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False
