"""Running the site in processes of its own (as gunicorn's workers, the task worker or a
management command are), beside the test: their environment and the database they share."""

import os
import subprocess
import sys
import time
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def site_env(**env: str) -> dict:
    """This process's environment with the site's own settings (not the test suite's), and
    `env` on top."""
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", **env}


def url_of_the_test_database() -> str:
    """The test database, for another process (PostgreSQL only: SQLite's test database lives
    in this process's memory)."""
    db = connection.settings_dict
    assert connection.vendor == "postgresql", "SQLite's test database is in this process"
    login = f"{db['USER']}:{db['PASSWORD']}" if db["PASSWORD"] else db["USER"]
    return f"postgres://{login}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def web_request(path: str, *, timeout: float = 120, **env: str) -> str:
    """GET `path` in a new process that loads the site as gunicorn does (config.wsgi); return
    the status and Retry-After, e.g. "503 30"."""
    code = (
        "import config.wsgi\n"
        "from django.conf import settings\n"
        "from django.test import Client\n"
        "settings.DEBUG = False  # error pages as in production (static files as in tests)\n"
        f"response = Client(raise_request_exception=False).get({path!r})\n"
        "print(response.status_code, response.get('Retry-After', '-'))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=site_env(**env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def wait_for_other_sessions_to_end() -> None:
    """PostgreSQL ends a session a moment after its client goes away; the test database can
    only be dropped once the sessions of other processes (or sockets) have ended."""
    others = (
        "SELECT count(*) FROM pg_stat_activity "
        "WHERE datname = current_database() AND pid <> pg_backend_pid()"
    )
    with connection.cursor() as cursor:
        for _ in range(100):
            cursor.execute(others)
            if cursor.fetchone()[0] == 0:
                return
            time.sleep(0.1)
