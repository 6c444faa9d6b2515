#!/usr/bin/env python3
"""Benchmark: each public page's time in one process, against `/robots.txt` in the same run.

    .venv/bin/python benchmarks/in_process.py [--rounds 30] [--postgres URL] [--no-sqlite]

A scratch database gets the real migrations, the GCAT catalog and the seed articles (what
`python3 dev.py run` shows). Then, in one process, through Django's test client with DEBUG
off, rounds of one request to each page, interleaved (so a slow second slows every page
alike): `/robots.txt` (a template and the middleware, nothing more), incident pages, the
statistics page, the incident list (first page, one family), the API's incident list, and the
search page. Each page's median is printed as a multiple of robots.txt's median.

Last, "uncached": 30 different incident pages, each asked for once right after a write (an
incident saved through the ORM, as the admin does), so that nothing cached can answer it.

Targets (issue 25): incident page ≤ 4×, statistics ≤ 4×, list and API list ≤ 8×, search
≤ 10×, uncached incident pages ≤ 10×.
"""

import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.scratch import run_benchmark, setup_django, timed_get, worker_output  # noqa: E402
from benchmarks.search_scale_report import percentiles  # noqa: E402

BENCH_DB = "incidents_bench_in_process"
SEARCHES = ["progress ms-04", "soyuz 2016", '"third stage"', "falcon 9", "nedelin"]
TARGETS = {
    "incident page": 4,
    "statistics": 4,
    "list": 8,
    "list, one family": 8,
    "API list": 8,
    "search": 10,
    "incident page, uncached": 10,
}


def pages() -> dict[str, list[str]]:
    """Each measured page's addresses (a round asks for the next one of each, in turn)."""
    from incidents.models import Incident

    published = Incident.objects.published()
    cited = list(
        published.filter(citations__isnull=False).distinct().values_list("slug", flat=True)[:5]
    )
    others = list(published.order_by("-date").values_list("slug", flat=True)[:5])
    family = (
        published.exclude(vehicles__family__isnull=True)
        .values_list("vehicles__family__slug", flat=True)
        .first()
    )
    return {
        "robots.txt": ["/robots.txt"],
        "incident page": [f"/incidents/{slug}/" for slug in cited + others],
        "statistics": ["/statistics/"],
        "list": ["/incidents/"],
        "list, one family": [f"/incidents/?family={family}"],
        "API list": ["/api/incidents/"],
        "search": [f"/search/?{_query(q)}" for q in SEARCHES],
    }


def _query(words: str) -> str:
    from urllib.parse import urlencode

    return urlencode({"q": words})


def uncached_incident_pages(client, count: int = 30) -> list[float]:
    """Each of `count` incident pages once, right after an incident is saved."""
    from incidents.models import Incident

    slugs = list(Incident.objects.published().order_by("pk").values_list("slug", flat=True))
    step = max(1, len(slugs) // count)
    chosen = slugs[::step][:count]
    written = Incident.objects.published().earliest("pk")
    samples = []
    for slug in chosen:
        written.save()
        samples.append(timed_get(client, f"/incidents/{slug}/"))
    return samples


def worker(rounds: int) -> None:
    setup_django()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("import_articles", str(settings.SEEDS_DIR), stdout=io.StringIO())
    client = Client()
    addresses = pages()
    for urls in addresses.values():  # warm up: templates, menus, caches
        for url in urls:
            timed_get(client, url)
    samples: dict[str, list[float]] = {name: [] for name in addresses}
    for round_ in range(rounds):
        for name, urls in addresses.items():
            samples[name].append(timed_get(client, urls[round_ % len(urls)]))
    samples["incident page, uncached"] = uncached_incident_pages(client)
    for name, values in samples.items():
        p50, p95, _ = percentiles(values)
        print(name.replace(" ", "_"), p50, p95)


def measure(database: str, url: str, rounds: int) -> None:
    words = worker_output(__file__, url, "--rounds", str(rounds))
    figures = {
        words[i].replace("_", " "): (float(words[i + 1]), float(words[i + 2]))
        for i in range(0, len(words), 3)
    }
    base = figures["robots.txt"][0]
    print(f"\n{database}: {rounds} interleaved rounds, median and p95 ms, median / robots.txt")
    print("| page | p50 ms | p95 ms | × robots.txt | target |\n|---|---:|---:|---:|---:|")
    for name, (median, p95) in figures.items():
        target = TARGETS.get(name)
        mark = "" if target is None else f"≤ {target} {'✔' if median / base <= target else '✘'}"
        print(f"| {name} | {median:.2f} | {p95:.2f} | {median / base:.1f} | {mark} |")


if __name__ == "__main__":
    run_benchmark(
        __doc__,
        size=("rounds", 30),
        scratch_name=BENCH_DB,
        worker=worker,
        measure=measure,
    )
