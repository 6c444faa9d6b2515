"""The background worker (`manage.py worker`, articles.tasks.work): it takes up imports whose
worker was stopped, and outlives a database that goes away and comes back."""

import datetime
import logging
import socket
import threading
import time

import pytest
from django.db import connection
from django.utils import timezone

from articles.inputs import InputFile
from articles.models import ImportedFile, ImportRun
from articles.tasks import queue_files, queue_worker, work
from tests.processes import wait_for_other_sessions_to_end

Outcome = ImportedFile.Outcome
GIVE_UP_AFTER = 120  # seconds: a worker that never gets there fails the test, not hangs it


def report(n: int) -> bytes:
    return (
        f"Rocket lost, report {n}\n\nA Soyuz-U rocket carrying the Progress MS-04 cargo ship "
        f"failed on 1 December 2016 after its third stage shut down early (report {n}).\n"
    ).encode()


def finished(run: ImportRun) -> bool:
    run.refresh_from_db()
    return run.status == ImportRun.Status.FINISHED


def work_until(condition) -> None:
    """The real worker loop, here in the test's process, until `condition()` or too long."""
    deadline = time.monotonic() + GIVE_UP_AFTER
    work(
        worker=queue_worker(worker_id="test-worker"),
        interval=0.05,
        until=lambda: condition() or time.monotonic() > deadline,
    )


@pytest.mark.django_db(transaction=True)
def test_the_worker_takes_up_an_import_whose_worker_was_stopped():
    run = ImportRun.objects.create(source=ImportRun.Source.ADMIN)
    ImportedFile.objects.create(
        run=run, name="waiting.txt", outcome=Outcome.PENDING, data=report(1)
    )
    long_ago = timezone.now() - datetime.timedelta(hours=1)  # (its worker was killed then)
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportRun.Status.RUNNING, started_at=long_ago, heartbeat_at=long_ago
    )

    work_until(lambda: finished(run))

    assert run.status == ImportRun.Status.FINISHED
    assert list(run.files.values_list("name", "outcome")) == [("waiting.txt", "created")]


class Proxy:
    """A TCP relay on 127.0.0.1 to the database server that a test can cut (every connection
    dropped, new ones refused, as while PostgreSQL restarts) and bring back on the same port."""

    def __init__(self, target: tuple[str, int]):
        self.target = target
        self.sockets: list[socket.socket] = []
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self._serve()

    def _serve(self) -> None:
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client = listener.accept()[0]
                server = socket.create_connection(self.target)
            except OSError:
                return  # cut
            self.sockets += [client, server]
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        for end in (source, sink):
            end.close()

    def cut(self) -> None:
        for end in [self.listener, *self.sockets]:
            try:
                end.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass  # (already closed)
        self.listener.close()
        self.sockets = []

    def bring_back(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", self.port))
        self._serve()

    def close(self) -> None:
        self.cut()


@pytest.fixture
def database_through_a_proxy():
    """This process's connection to the test database goes through a Proxy."""
    saved = dict(connection.settings_dict)
    proxy = Proxy((saved["HOST"] or "127.0.0.1", int(saved["PORT"] or 5432)))
    connection.close()
    connection.settings_dict["PORT"] = str(proxy.port)
    yield proxy
    connection.close()
    proxy.close()
    connection.settings_dict.update(saved)
    wait_for_other_sessions_to_end()


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite has no server to go away: its test database lives in this process",
)
@pytest.mark.django_db(transaction=True)
def test_the_worker_outlives_a_database_restart_and_imports_what_comes_next(
    database_through_a_proxy, caplog
):
    proxy = database_through_a_proxy
    uploads: list[ImportRun] = []

    def restart_the_database() -> None:
        proxy.cut()
        threading.Timer(2, proxy.bring_back).start()

    def upload() -> None:
        uploads.append(queue_files([InputFile("after.txt", report(2))]))

    steps = iter([restart_the_database, upload])

    def next_step() -> bool:
        """After each round the worker got through: the next event, until the upload is in."""
        if uploads and finished(uploads[0]):
            return True
        step = next(steps, None)
        if step is not None:
            step()
        return False

    with caplog.at_level(logging.WARNING, logger="articles.tasks"):
        work_until(next_step)

    (run,) = uploads
    assert run.status == ImportRun.Status.FINISHED
    assert list(run.files.values_list("name", "outcome")) == [("after.txt", "created")]
    messages = [record.getMessage() for record in caplog.records]
    assert messages[0].startswith("database unreachable (")
    assert messages[0].endswith("); trying again in 1 s")
    assert messages[-1] == "database reachable again"
