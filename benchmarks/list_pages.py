#!/usr/bin/env python3
"""Benchmark: the incident list pages made afresh, read-only against an existing database.

    PAGE_CACHE_SECONDS=0 DATABASE_URL=postgres://…/incidents_bench_search \\
        .venv/bin/python benchmarks/list_pages.py [--root CHECKOUT] [--requests 150] [URL ...]

Through Django's test client (DEBUG off), ten requests to warm up, then `--requests` timed
ones to each URL: p50 and p95 of the wall time and of the process's CPU time, and the md5 of
the last response (to show that two checkouts give the same bytes). `--root` measures another
checkout (say main, run alternately with this one on a busy machine). Nothing is written.
"""

import argparse
import hashlib
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.search_scale_report import percentiles  # noqa: E402

URLS = ["/incidents/?vehicle=soyuz-u&date_from=1990&date_to=2020", "/incidents/"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", default=str(Path(__file__).resolve().parent.parent))
    parser.add_argument("--requests", type=int, default=150)
    parser.add_argument("urls", nargs="*", default=URLS)
    args = parser.parse_args()
    sys.path.insert(0, args.root)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.test import Client

    client = Client()
    for url in args.urls:
        for _ in range(10):
            client.get(url)
        wall, cpu = [], []
        for _ in range(args.requests):
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            cpu.append((time.process_time() - started_cpu) * 1000)
            wall.append((time.perf_counter() - started) * 1000)
        digest = hashlib.md5(response.content).hexdigest()[:8]  # noqa: S324 - not security
        (wall_p50, wall_p95, _), (cpu_p50, cpu_p95, _) = percentiles(wall), percentiles(cpu)
        print(
            f"{url:55s} {response.status_code} wall p50 {wall_p50:.1f} "
            f"p95 {wall_p95:.1f} | cpu p50 {cpu_p50:.1f} p95 {cpu_p95:.1f} ms  md5 {digest}"
        )


if __name__ == "__main__":
    main()
