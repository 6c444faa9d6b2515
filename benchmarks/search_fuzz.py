#!/usr/bin/env python3
"""Fuzz: request N generated search and list URLs; print the answers by status, and every
URL that got a server error (the target: none).

    .venv/bin/python benchmarks/search_fuzz.py [--count 10000] [--postgres URL]

The scratch database holds the GCAT catalog and the seed articles. The URLs mix what people
type (real vehicle, agency and mission names, years, quoted phrases, minus signs), filters with
good and bad values, page numbers and sort orders, and junk: control characters, digit-like
symbols, scripts of every kind, very long values. Seeded, so each run asks the same URLs.
"""

import collections
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.scratch import manage, run_benchmark, setup_django  # noqa: E402

BENCH_DB = "incidents_bench_fuzz"
PATHS = ["/search/", "/incidents/", "/articles/"]
JUNK = [
    "\x00",
    "\x1f",
    "❶",
    "፩",
    "٣",
    "𝟘",
    "½",
    "Ⅻ",
    "ß",
    "İ",
    "ﬁ",
    "\u200b",
    "\ufeff",
    "'",
    '"',
    "%",
    "_",
    "\\",
    "*",
    "?",
    "(",
    ")",
    "<script>",
    "&amp;",
    "OR",
    "AND",
    "NOT",
    "--",
    ";",
]


def vocabulary() -> list[str]:
    from incidents.models import Agency, LaunchSite, Mission, Vehicle, VehicleFamily

    words = []
    for model in (Vehicle, VehicleFamily, Agency, LaunchSite):
        words += list(model.objects.values_list("name", flat=True)[:300])
    words += list(Mission.objects.order_by("?").values_list("name", flat=True)[:500])
    return words


def filter_values() -> dict[str, list[str]]:
    from incidents.models import Agency, LaunchSite, Vehicle, VehicleFamily

    slugs = {
        "vehicle": list(Vehicle.objects.values_list("slug", flat=True)[:200]),
        "family": list(VehicleFamily.objects.values_list("slug", flat=True)[:100]),
        "agency": list(Agency.objects.values_list("slug", flat=True)[:200]),
        "site": list(LaunchSite.objects.values_list("slug", flat=True)[:100]),
    }
    return {
        **slugs,
        "outcome": ["failure", "partial_failure", "pad_explosion", "x"],
        "kind": ["launch", "pad", "in_flight", "reentry", "ground"],
        "fatal": ["yes", "no", "1", "maybe"],
        "phase": ["ascent", "orbit", "zzz"],
        "cause": ["engine", "first stage", "?"],
        "date_from": ["1957", "2016-12", "2016-12-01", "2016-13-40", "99999", "-1", "0001-01-01"],
        "date_to": ["2024", "1957-10-04", "10/04/1957", "yesterday"],
        "sort": ["date", "-date", "deadliest", "relevance", "nope"],
        "page": ["1", "2", "0", "-3", "999999", "1e9", "last", "2.5"],
    }


def random_text(rng: random.Random, words: list[str]) -> str:
    parts = []
    for _ in range(rng.randint(0, 6)):
        pick = rng.random()
        if pick < 0.45:
            parts.append(rng.choice(words))
        elif pick < 0.6:
            parts.append(str(rng.randint(1940, 2040)))
        elif pick < 0.75:
            parts.append(rng.choice(JUNK))
        elif pick < 0.85:
            parts.append("".join(chr(rng.randint(1, 0x2FFFF)) for _ in range(rng.randint(1, 8))))
        elif pick < 0.9:
            parts.append('"' + rng.choice(words) + '"')
        elif pick < 0.95:
            parts.append("-" + rng.choice(words))
        else:
            parts.append(rng.choice(words) * rng.randint(20, 200))
    text = " ".join(parts)
    return "".join(c for c in text if not 0xD800 <= ord(c) <= 0xDFFF)


def generated_urls(count: int) -> list[str]:
    rng = random.Random(1957)
    words, values = vocabulary(), filter_values()
    urls = []
    for _ in range(count):
        params = {}
        if rng.random() < 0.85:
            params["q"] = random_text(rng, words)
        for name in rng.sample(list(values), rng.randint(0, 4)):
            params[name] = (
                rng.choice(values[name]) if rng.random() < 0.8 else random_text(rng, words)
            )
        urls.append(f"{rng.choice(PATHS)}?{urlencode(params)}")
    return urls


def worker(count: int) -> None:
    setup_django()
    from django.test import Client

    client = Client(raise_request_exception=False)
    statuses: collections.Counter[int] = collections.Counter()
    failures = []
    urls = generated_urls(count)
    started = time.perf_counter()
    for url in urls:
        status = client.get(url).status_code
        statuses[status] += 1
        if status >= 500:
            failures.append(url)
    seconds = time.perf_counter() - started
    answers = ", ".join(f"{n} × {status}" for status, n in sorted(statuses.items()))
    print(f"{len(urls)} URLs in {seconds:.0f} s ({len(urls) / seconds:.0f}/s): {answers}")
    print(f"server errors: {len(failures)}")
    for url in failures[:20]:
        print(f"  {url}")


def measure(name: str, database_url: str, count: int) -> None:
    print(name)
    env = {**os.environ, "DATABASE_URL": database_url}
    manage("migrate", "--noinput", env=env)
    manage("setup_demo", "--username", "fuzz", "--password", "fuzz-password", env=env)
    subprocess.run(
        [sys.executable, __file__, "--worker", "--count", str(count)], env=env, check=True
    )


if __name__ == "__main__":
    run_benchmark(
        __doc__,
        size=("count", 10_000),
        scratch_name=BENCH_DB,
        worker=worker,
        measure=measure,
    )
