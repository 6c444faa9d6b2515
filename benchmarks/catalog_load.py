#!/usr/bin/env python3
"""Benchmark: load the whole GCAT catalog into a fresh database; print time and peak memory.

    .venv/bin/python benchmarks/catalog_load.py                  # SQLite (a temporary file)
    .venv/bin/python benchmarks/catalog_load.py --postgres postgres://postgres@127.0.0.1:5432/postgres

For PostgreSQL it creates (and afterwards drops) a database named incidents_bench on that
server. Each load runs in its own process so its peak memory (max RSS) is its own.
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "incidents_bench"


def manage(*args: str, env: dict) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def timed_load(database_url: str) -> tuple[float, float, float]:
    """Seconds and peak MB of a first load, then seconds of a second (no-op) load."""
    env = {**os.environ, "DATABASE_URL": database_url}
    manage("migrate", "--noinput", env=env)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    manage("loadcatalog", env=env)
    first = time.perf_counter() - started
    peak_mb = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    started = time.perf_counter()
    manage("loadcatalog", env=env)
    return first, peak_mb, time.perf_counter() - started


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def postgres_admin(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(sql)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", help="a PostgreSQL URL whose server may hold a scratch db")
    args = parser.parse_args()
    print(f"{'database':12} {'first load':>11} {'peak memory':>12} {'second load':>12}")
    with tempfile.TemporaryDirectory() as folder:
        first, peak, second = timed_load(f"sqlite:///{folder}/bench.sqlite3")
        print(f"{'SQLite':12} {first:10.1f}s {peak:10.0f}MB {second:11.1f}s")
    if args.postgres:
        postgres_admin(args.postgres, f"DROP DATABASE IF EXISTS {BENCH_DB}")
        postgres_admin(args.postgres, f"CREATE DATABASE {BENCH_DB}")
        try:
            first, peak, second = timed_load(with_database(args.postgres, BENCH_DB))
            print(f"{'PostgreSQL':12} {first:10.1f}s {peak:10.0f}MB {second:11.1f}s")
        finally:
            postgres_admin(args.postgres, f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")


if __name__ == "__main__":
    main()
