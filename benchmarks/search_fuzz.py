#!/usr/bin/env python3
"""Fuzz: request N generated URLs of the pages, the API, the feeds and the exports; print the
answers by status for each, and every URL that got a server error or a broken answer (the
target: none).

    .venv/bin/python benchmarks/search_fuzz.py [--count 10000] [--postgres URL [--no-sqlite]]

The scratch database holds the GCAT catalog and the seed articles. The URLs ask for:
- the search and list pages, the API's incident list and search, the CSV and JSON exports and
  the search feed, with what people type (real vehicle, agency and mission names, years, quoted
  phrases, minus signs) and the list's filters with good and bad values, page numbers, page
  sizes and sort orders;
- the API's other lists (missions, vehicles, families, agencies, sites, articles, citations)
  with page numbers and sizes;
- records by address: incident, vehicle, family, agency, site, mission and article pages, the
  API's records, an incident's sources (BibTeX, RIS, CSL-JSON), a family's and an agency's
  feed; with real slugs and numbers, and unknown ones.
Anywhere a value goes, junk may: %-signs ("%", "%s", "%(x)s"), NUL and other control
characters, digit-like symbols, scripts of every kind, very long values, impossible dates, page
numbers past any end. Besides a 5xx, a broken answer counts as a failure: an API answer that is
not JSON, a feed that is not XML, a JSON export that does not parse, a file that fails while it
streams. Seeded, so each run asks the same URLs.
"""

import collections
import json
import os
import random
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.scratch import manage, run_benchmark, setup_django  # noqa: E402

BENCH_DB = "incidents_bench_fuzz"
# Pages, API answers, feeds and exports that take the search box and the list's filters.
FILTERED = [
    "/search/",
    "/incidents/",
    "/api/incidents/",
    "/api/search/",
    "/incidents.csv",
    "/incidents.json",
    "/search.csv",
    "/search.json",
    "/search/feed.atom",
]
API_LISTS = ["missions", "vehicles", "families", "agencies", "sites", "articles", "citations"]
# Records by address, each with the kind of key it takes (a slug, or an article's or a
# citation's number), real or not.
RECORDS = [
    ("/incidents/{}/", "incident"),
    ("/vehicles/{}/", "vehicle"),
    ("/families/{}/", "family"),
    ("/agencies/{}/", "agency"),
    ("/sites/{}/", "site"),
    ("/missions/{}/", "mission"),
    ("/articles/{}/", "article"),
    ("/incidents/{}/sources.bib", "incident"),
    ("/incidents/{}/sources.ris", "incident"),
    ("/incidents/{}/sources.json", "incident"),
    ("/families/{}/feed.atom", "family"),
    ("/agencies/{}/feed.atom", "agency"),
    ("/api/incidents/{}/", "incident"),
    ("/api/missions/{}/", "mission"),
    ("/api/vehicles/{}/", "vehicle"),
    ("/api/families/{}/", "family"),
    ("/api/agencies/{}/", "agency"),
    ("/api/sites/{}/", "site"),
    ("/api/articles/{}/", "article"),
    ("/api/citations/{}/", "citation"),
]
JUNK = [
    "\x00",
    "\x01",
    "\x0b",
    "\x0c",
    "\x1b",
    "\x1f",
    "\x7f",
    "\x85",
    "\u2028",
    "\ufffe",
    "\uffff",
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
    "%s",
    "%(value)s",
    "%d%%",
    "%00",
    "_",
    "\\",
    "*",
    "?",
    "(",
    ")",
    "{",
    "}",
    "<script>",
    "&amp;",
    "OR",
    "AND",
    "NOT",
    "--",
    ";",
    "=1+2",
    "@SUM(A1)",
]
BAD_DATES = [
    "2016-13-40",
    "2016-02-30",
    "0000",
    "0000-01-01",
    "99999",
    "-1",
    "10/04/1957",
    "yesterday",
    "%",
    "2016-%",
    "%Y-%m",
    "１９５７",
    "٢٠١٦-١٢",
    "2016\x00",
    "9" * 4000,
]
BAD_NUMBERS = ["0", "-3", "999999", "1e9", "last", "2.5", "%", "%00", "-0", "9" * 40, "١"]


@dataclass(frozen=True)
class World:
    """What the scratch database holds, to ask for: names people type, filter values, and the
    keys of records of each kind."""

    words: list[str]
    filters: dict[str, list[str]]
    keys: dict[str, list[str]]


def read_world() -> World:
    from articles.models import Article, Citation
    from incidents.models import Agency, Incident, LaunchSite, Mission, Vehicle, VehicleFamily

    words = []
    for model in (Vehicle, VehicleFamily, Agency, LaunchSite):
        words += list(model.objects.values_list("name", flat=True)[:300])
    words += list(Mission.objects.order_by("?").values_list("name", flat=True)[:500])
    slugs = {
        "vehicle": list(Vehicle.objects.values_list("slug", flat=True)[:200]),
        "family": list(VehicleFamily.objects.values_list("slug", flat=True)[:100]),
        "agency": list(Agency.objects.values_list("slug", flat=True)[:200]),
        "site": list(LaunchSite.objects.values_list("slug", flat=True)[:100]),
    }
    filters = {
        **slugs,
        "outcome": ["failure", "partial_failure", "pad_explosion", "x"],
        "kind": ["launch", "pad", "in_flight", "reentry", "ground"],
        "fatal": ["yes", "no", "1", "maybe"],
        "phase": ["ascent", "orbit", "zzz"],
        "cause": ["engine", "first stage", "?"],
        "date_from": ["1957", "2016-12", "2016-12-01", *BAD_DATES],
        "date_to": ["2024", "1957-10-04", *BAD_DATES],
        "sort": ["newest", "oldest", "deadliest", "date", "-date", "relevance", "nope"],
        "page": ["1", "2", *BAD_NUMBERS],
        "page_size": ["1", "25", "100", "1000", *BAD_NUMBERS],
    }
    keys = {
        **slugs,
        "incident": list(Incident.objects.order_by("?").values_list("slug", flat=True)[:300]),
        "mission": list(Mission.objects.order_by("?").values_list("slug", flat=True)[:300]),
        "article": [str(pk) for pk in Article.objects.values_list("pk", flat=True)],
        "citation": [str(pk) for pk in Citation.objects.values_list("pk", flat=True)[:300]],
    }
    return World(words=words, filters=filters, keys=keys)


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


def filtered_url(rng: random.Random, world: World) -> str:
    params = {}
    if rng.random() < 0.85:
        params["q"] = random_text(rng, world.words)
    for name in rng.sample(list(world.filters), rng.randint(0, 4)):
        values = world.filters[name]
        params[name] = rng.choice(values) if rng.random() < 0.8 else random_text(rng, world.words)
    return f"{rng.choice(FILTERED)}?{urlencode(params)}"


def api_list_url(rng: random.Random, world: World) -> str:
    params = {}
    for name in ("page", "page_size"):
        if rng.random() < 0.6:
            params[name] = rng.choice(world.filters[name] + [random_text(rng, world.words)])
    return f"/api/{rng.choice(API_LISTS)}/?{urlencode(params)}"


def record_url(rng: random.Random, world: World) -> str:
    pattern, kind = rng.choice(RECORDS)
    if rng.random() < 0.5 and world.keys[kind]:
        return pattern.format(rng.choice(world.keys[kind]))
    return pattern.format(quote(unknown_key(rng, world.keys[kind], world.words), safe=""))


def unknown_key(rng: random.Random, keys: list[str], words: list[str]) -> str:
    pick = rng.random()
    if pick < 0.3 and keys:
        return rng.choice(JUNK) + rng.choice(keys)
    if pick < 0.5:
        return rng.choice(BAD_NUMBERS)
    if pick < 0.6 and keys:
        return "no-such-" + rng.choice(keys)
    return random_text(rng, words) or "\x00"


MAKERS = [(filtered_url, 0.55), (api_list_url, 0.1), (record_url, 0.35)]


def generated_urls(count: int) -> list[str]:
    rng = random.Random(1957)
    world = read_world()
    makers, weights = zip(*MAKERS, strict=True)
    return [rng.choices(makers, weights)[0](rng, world) for _ in range(count)]


def area(url: str) -> str:
    """What a URL asks for: a page, the API, a feed, an export or an incident's sources."""
    path = urlsplit(url).path
    if path.startswith("/api/"):
        return "API"
    if path.endswith(".atom"):
        return "feeds"
    if "/sources." in path:
        return "sources"
    if path.endswith((".csv", ".json")):
        return "exports"
    return "pages"


def broken(url: str, response) -> str | None:
    """Why an answer fails the fuzz (a server error, or a body its client cannot read)."""
    if response.status_code >= 500:
        return str(response.status_code)
    try:
        body = b"".join(response.streaming_content) if response.streaming else response.content
    except Exception as error:  # a file that failed while it streamed
        return f"{response.status_code}, then {type(error).__name__} while streaming"
    path = urlsplit(url).path
    if path.startswith("/api/") and response["Content-Type"] != "application/json":
        return f"{response.status_code} as {response['Content-Type']}"
    if response.status_code != 200:
        return None
    try:
        if path.endswith(".atom"):
            ET.fromstring(body)
        elif path.endswith(".json"):
            json.loads(body)
    except (ET.ParseError, ValueError) as error:
        return f"200 that does not parse ({error})"
    return None


def worker(count: int) -> None:
    setup_django()
    from django.test import Client

    client = Client(raise_request_exception=False)
    statuses: dict[str, collections.Counter[int]] = collections.defaultdict(collections.Counter)
    failures: list[tuple[str, str]] = []
    urls = generated_urls(count)
    started = time.perf_counter()
    for url in urls:
        response = client.get(url)
        statuses[area(url)][response.status_code] += 1
        problem = broken(url, response)
        if problem:
            failures.append((url, problem))
    seconds = time.perf_counter() - started
    print(f"{len(urls)} URLs in {seconds:.0f} s ({len(urls) / seconds:.0f}/s)")
    for name, counts in sorted(statuses.items()):
        answers = ", ".join(f"{n} × {status}" for status, n in sorted(counts.items()))
        print(f"  {name:8} {sum(counts.values()):6}: {answers}")
    print(f"server errors or broken answers: {len(failures)}")
    for url, problem in failures[:20]:
        print(f"  {problem}: {url[:300]}")


def measure(name: str, database_url: str, count: int) -> None:
    print(name)
    # every URL comes from one address: the API's rate limits per client (DRF applies the
    # "user" rate to anonymous clients too) would answer 429
    limits = {"API_RATE_ANON": "1000000/minute", "API_RATE_USER": "1000000/minute"}
    env = {**os.environ, "DATABASE_URL": database_url, **limits}
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
