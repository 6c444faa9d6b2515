#!/usr/bin/env python3
"""Benchmark: how often search puts the expected incident first, on the judged queries.

    .venv/bin/python benchmarks/search_judged.py [--postgres URL] [--no-sqlite] [--misses]
    .venv/bin/python benchmarks/search_judged.py --database-url URL  # a database already loaded

Each scratch database (a temporary SQLite file, then a database made anew on the PostgreSQL
server at URL) is migrated and loaded with the GCAT catalog (settings.CATALOG_DIR) and the
curated incidents; then every query of search/judged_queries.tsv runs through the search as
the search page runs it. Prints success@1 (the expected incident is first) and MRR (mean of
1/its position; 0 when it is not found), overall and by kind of query; --misses lists the
queries that miss.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.scratch import ROOT, manage, scratch_databases, setup_django  # noqa: E402

SCRATCH_DB = "incidents_search_judged"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", help="a PostgreSQL URL whose server may hold a scratch db")
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL alone")
    parser.add_argument("--database-url", help="score this database as it is (loaded already)")
    parser.add_argument("--misses", action="store_true", help="list the queries that miss")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        report(misses=args.misses)
        return
    if args.database_url:
        measure("given", args.database_url, load=False, misses=args.misses)
        return
    for name, url in scratch_databases(args.postgres, SCRATCH_DB):
        if name == "SQLite" and args.no_sqlite:
            continue
        measure(name, url, load=True, misses=args.misses)


def measure(name: str, url: str, *, load: bool, misses: bool) -> None:
    env = {**os.environ, "DATABASE_URL": url}
    if load:
        manage("migrate", "--verbosity", "0", env=env)
        manage("loadcatalog", env=env)
    print(f"\n{name} ({'scratch database, catalog loaded' if load else url})")
    command = [sys.executable, __file__, "--worker", *(["--misses"] if misses else [])]
    subprocess.run(command, cwd=ROOT, env=env, check=True)


def report(*, misses: bool) -> None:
    setup_django()
    from search.judged import read_judged, score

    scores = score(read_judged())
    print(f"{'kind':<16}{'queries':>8}{'success@1':>11}{'MRR':>8}")
    for kind, each in [*scores.by_kind().items(), ("all", scores)]:
        print(f"{kind:<16}{len(each.outcomes):>8}{each.success_at_1:>11.3f}{each.mrr:>8.3f}")
    if misses:
        for miss in scores.misses:
            where = f"at {miss.rank}" if miss.rank else "not found"
            print(
                f"  miss: {miss.judged.query!r} wants {miss.judged.expected} ({where}); "
                f"first: {miss.first or 'nothing'}"
            )


if __name__ == "__main__":
    main()
