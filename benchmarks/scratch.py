"""What the benchmark commands share: manage.py in a child process, scratch databases (a
temporary SQLite file, and a database made anew on a PostgreSQL server), and the command line
of a benchmark that measures in a worker process on each of them."""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent


def manage(*args: str, env: dict) -> None:
    """`manage.py args` in a child process with `env` (DATABASE_URL), its output dropped."""
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def worker_output(script: str, database_url: str, *args: str) -> list[str]:
    """Migrate `database_url` and load the catalog into it, then run `script --worker args`
    on it in a fresh process; return the words that worker printed."""
    env = {**os.environ, "DATABASE_URL": database_url}
    manage("migrate", "--noinput", env=env)
    manage("loadcatalog", env=env)
    return subprocess.run(
        [sys.executable, script, "--worker", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()


def setup_django() -> None:
    """Django in this process (a benchmark's worker), on the DATABASE_URL it was given."""
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def postgres_admin(url: str, sql: str, params=()) -> list[tuple]:
    """Run `sql` on the server at `url` outside a transaction (CREATE/DROP DATABASE); its rows."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        cursor = connection.execute(sql, params)
        return cursor.fetchall() if cursor.description else []


def database_url(server_url: str, name: str) -> str:
    """`server_url` with the database `name` instead of its own."""
    return urlunsplit(urlsplit(server_url)._replace(path=f"/{name}"))


def scratch_databases(postgres: str | None, name: str) -> Iterator[tuple[str, str]]:
    """("SQLite", url) of a temporary SQLite file, then with `postgres` ("PostgreSQL", url) of
    a database `name` made anew on that server; each is removed once the caller moves on."""
    with tempfile.TemporaryDirectory() as folder:
        yield "SQLite", f"sqlite:///{folder}/bench.sqlite3"
    if not postgres:
        return
    postgres_admin(postgres, f"DROP DATABASE IF EXISTS {name}")
    postgres_admin(postgres, f"CREATE DATABASE {name}")
    try:
        yield "PostgreSQL", database_url(postgres, name)
    finally:
        postgres_admin(postgres, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def run_benchmark(
    doc: str,
    *,
    size: tuple[str, int],
    scratch_name: str,
    worker: Callable[[int], None],
    measure: Callable[[str, str, int], None],
    header: str = "",
) -> None:
    """The command line of a benchmark that measures in a worker process: `--NAME N` (`size`
    gives the option's name and default), `--postgres URL` and the hidden `--worker` its
    `measure` passes on to the worker it starts. As the worker: `worker(N)`. Else: `header`,
    then `measure(database name, url, N)` on each scratch database (`scratch_name` on the
    PostgreSQL server)."""
    option, default = size
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument(
        f"--{option}", dest="size", metavar=option.upper(), type=int, default=default
    )
    parser.add_argument("--postgres", help="a PostgreSQL URL whose server may hold a scratch db")
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL alone")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.size)
        return
    if header:
        print(header)
    for name, url in scratch_databases(args.postgres, scratch_name):
        if name == "SQLite" and args.no_sqlite:
            continue
        measure(name, url, args.size)


def timed_get(client, url: str) -> float:
    """Milliseconds a GET of `url` took through `client` (Django's test client or an httpx
    client); anything but a 200 ends the benchmark."""
    started = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{getattr(client, 'base_url', '')}{url} answered {response.status_code}")
    return elapsed
