"""search_scale's report: the machine and the database measured, then Markdown tables of
p50/p95/p99 per page and per query (as docs/benchmarks.md keeps them)."""

import os
import statistics
import time

from benchmarks.search_scale_measure import Measurements


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return statistics.median(samples), cuts[94], cuts[98]


def print_measurements(measured: Measurements, vendor: str) -> None:
    substring = bool(measured.substring_per_query)
    print(f"\ndatabase: {vendor}")
    print("| measure | requests | p50 ms | p95 ms | p99 ms |")
    print("|---|---:|---:|---:|---:|")
    for label, samples in measured.rows:
        p50, p95, p99 = percentiles(samples)
        print(f"| {label} | {len(samples)} | {p50:.1f} | {p95:.1f} | {p99:.1f} |")
    if substring:
        substring_p50 = statistics.median(measured.substring_samples)
        ratio = substring_p50 / statistics.median(measured.search_samples)
        print(f"\nicontains p50 / search page p50 = {ratio:.1f}x")
    print("\n| query | search p50 ms | search p95 ms | icontains p50 ms |")
    print("|---|---:|---:|---:|")
    for n, (query, samples) in enumerate(measured.per_query):
        p50, p95, _ = percentiles(samples)
        plain = f"{statistics.median(measured.substring_per_query[n]):.1f}" if substring else "-"
        print(f"| `{query}` | {p50:.1f} | {p95:.1f} | {plain} |")


def machine_speed() -> None:
    print(machine_speed_line())


def machine_speed_line() -> str:
    """A fixed pure-Python loop: machines of the same kind differ (here by 2x from day to
    day), so a table is comparable only with others measured at a similar figure."""
    started = time.perf_counter()
    total = 0
    for n in range(10_000_000):
        total += n
    seconds = time.perf_counter() - started
    return f"machine: {os.cpu_count()} cores; 10,000,000 Python additions in {seconds:.2f} s"


def sizes() -> None:
    from django.db import connection

    from articles.models import Article
    from incidents.models import Incident

    print(
        f"rows: {Incident.objects.count():,} incidents "
        f"({Incident.objects.published().count():,} published), "
        f"{Article.objects.count():,} articles"
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
            print(f"database size: {cursor.fetchone()[0]}")
