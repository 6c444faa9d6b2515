#!/usr/bin/env python3
"""Benchmark: search and the busiest pages at scale, and ranked search against substring search.

    .venv/bin/python benchmarks/search_scale.py                  # SQLite, 1,000 + 1,000 rows
    .venv/bin/python benchmarks/search_scale.py \\
        --postgres postgres://postgres@127.0.0.1:5432/postgres \\
        --incidents 100000 --articles 1000000

A scratch database (a temporary SQLite file, or the PostgreSQL database incidents_bench_search
or --database, dropped afterwards unless --keep; --reuse measures a kept one again, and a run
without it stops rather than drop a kept one, unless --replace) gets the real migrations
and the real GCAT catalog (loadcatalog), then synthetic incidents and articles of 2 to 5 KB
written from real mission, vehicle, family, agency and site names, GCAT's own failure notes
and news-style sentences (some articles in Russian). PostgreSQL is filled with COPY from
--workers processes, SQLite with bulk_create; every index, generated column and trigger the
migrations create stays in place while filling. Then, through Django's test client with
DEBUG off, p50/p95/p99 latency over --repeat requests of: the search page for ten
representative queries; the incident list filtered by vehicle and date range, and its first
and last page unfiltered; an incident
page with 50 citations; an article page. And the substring search of today's peers
(`icontains` on every word, count and first page) for the same ten queries, with the ratio.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import search_scale_fill as fill  # noqa: E402
from benchmarks import search_scale_report as report  # noqa: E402
from benchmarks.scratch import ROOT, database_url, manage, postgres_admin, setup_django  # noqa: E402
from benchmarks.search_scale_measure import measure  # noqa: E402

BENCH_DB = "incidents_bench_search"


def worker(args) -> None:
    setup_django()
    if args.fill:
        fill_worker(args)
    else:
        measure_worker(args)


def fill_worker(args) -> None:
    """Fill the migrated database that holds the catalog; write the pages to measure."""
    started = time.perf_counter()
    if os.environ["DATABASE_URL"].startswith("postgres"):
        copy_parts = [
            subprocess.Popen(
                [
                    sys.executable,
                    __file__,
                    "--copy-part",
                    str(part),
                    "--workers",
                    str(args.workers),
                    "--incidents",
                    str(args.incidents),
                    "--articles",
                    str(args.articles),
                ],
                cwd=ROOT,
            )
            for part in range(args.workers)
        ]
        if any(p.wait() for p in copy_parts):
            raise SystemExit("a COPY worker failed")
    else:
        fill.fill_sqlite(args.incidents, args.articles)
    print(f"filled in {time.perf_counter() - started:.0f}s", flush=True)
    started = time.perf_counter()
    pages = fill.add_citations()
    fill.analyze()
    print(f"citations and statistics in {time.perf_counter() - started:.0f}s", flush=True)
    Path(args.pages).write_text(repr(pages))


def measure_worker(args) -> None:
    from django.db import connection

    pages = eval(Path(args.pages).read_text())  # noqa: S307 - our own repr() of a dict
    report.sizes()
    report.machine_speed()
    measured = measure(args.repeat, pages, substring=not args.skip_icontains)
    report.print_measurements(measured, connection.vendor)


def run(url: str, args) -> None:
    env = {**os.environ, "DATABASE_URL": url}
    pages_file = Path(tempfile.gettempdir()) / f"{args.database}-pages.txt"
    common = [
        "--pages",
        str(pages_file),
        "--workers",
        str(args.workers),
        "--incidents",
        str(args.incidents),
        "--articles",
        str(args.articles),
    ]
    if not args.reuse:
        started = time.perf_counter()
        manage("migrate", "--noinput", env=env)
        manage("loadcatalog", env=env)
        print(f"migrated and loaded the catalog in {time.perf_counter() - started:.0f}s")
        subprocess.run(
            [sys.executable, __file__, "--worker", "--fill", *common], cwd=ROOT, env=env, check=True
        )
    measuring = ["--worker", "--repeat", str(args.repeat), *common]
    if args.skip_icontains:
        measuring.append("--skip-icontains")
    subprocess.run(
        [sys.executable, __file__, *measuring],
        cwd=ROOT,
        env=env,
        check=True,
    )


def refuse_to_drop_a_kept_database(url: str, name: str) -> None:
    """A kept 1M database took minutes to fill: a run without --reuse replaces it only when
    told to (--replace)."""
    if postgres_admin(url, "SELECT 1 FROM pg_database WHERE datname = %s", [name]):
        raise SystemExit(
            f"The database {name} exists (kept by an earlier run with --keep). Measure it "
            "with --reuse, or fill it anew with --replace."
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", help="a PostgreSQL URL whose server may hold a scratch db")
    parser.add_argument("--incidents", type=int, default=1000, help="synthetic incidents")
    parser.add_argument("--articles", type=int, default=1000, help="synthetic articles")
    parser.add_argument("--repeat", type=int, default=20, help="requests per query or page")
    parser.add_argument("--workers", type=int, default=2, help="COPY processes (PostgreSQL)")
    parser.add_argument(
        "--database", default=BENCH_DB, help=f"the PostgreSQL scratch db's name ({BENCH_DB})"
    )
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL scratch db")
    parser.add_argument("--reuse", action="store_true", help="measure a kept scratch db again")
    parser.add_argument(
        "--replace", action="store_true", help="drop a kept scratch db and fill it anew"
    )
    parser.add_argument(
        "--skip-icontains",
        action="store_true",
        help="leave out the substring search (minutes at 1M articles)",
    )
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--fill", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--copy-part", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--pages", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.copy_part is not None:
        fill.fill_postgres_part(
            os.environ["DATABASE_URL"], args.copy_part, args.workers, args.incidents, args.articles
        )
        return
    if args.worker:
        worker(args)
        return
    print(f"{args.incidents:,} synthetic incidents, {args.articles:,} synthetic articles")
    if not args.postgres:
        with tempfile.TemporaryDirectory() as folder:
            run(f"sqlite:///{folder}/bench.sqlite3", args)
        return
    url = database_url(args.postgres, args.database)
    if not args.reuse:
        if not args.replace:
            refuse_to_drop_a_kept_database(args.postgres, args.database)
        postgres_admin(args.postgres, f"DROP DATABASE IF EXISTS {args.database} WITH (FORCE)")
        postgres_admin(args.postgres, f"CREATE DATABASE {args.database}")
    try:
        run(url, args)
    finally:
        if not args.keep:
            postgres_admin(args.postgres, f"DROP DATABASE IF EXISTS {args.database} WITH (FORCE)")


if __name__ == "__main__":
    main()
