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
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.scratch import manage, scratch_databases  # noqa: E402

BENCH_DB = "incidents_bench"


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", help="a PostgreSQL URL whose server may hold a scratch db")
    args = parser.parse_args()
    print(f"{'database':12} {'first load':>11} {'peak memory':>12} {'second load':>12}")
    for name, url in scratch_databases(args.postgres, BENCH_DB):
        first, peak, second = timed_load(url)
        print(f"{name:12} {first:10.1f}s {peak:10.0f}MB {second:11.1f}s")


if __name__ == "__main__":
    main()
