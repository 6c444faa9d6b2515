#!/usr/bin/env python3
"""Benchmark: search and the busiest pages at scale, and ranked search against substring search.

    .venv/bin/python benchmarks/search_scale.py                  # SQLite, 1,000 + 1,000 rows
    .venv/bin/python benchmarks/search_scale.py \\
        --postgres postgres://postgres@127.0.0.1:5432/postgres \\
        --incidents 100000 --articles 1000000

A scratch database (a temporary SQLite file, or the PostgreSQL database incidents_bench_search,
dropped afterwards unless --keep; --reuse measures a kept one again, and a run without it
stops rather than drop a kept one, unless --replace) gets the real migrations
and the real GCAT catalog (loadcatalog), then synthetic incidents and articles of 2 to 5 KB
written from real mission, vehicle, family, agency and site names, GCAT's own failure notes
and news-style sentences (some articles in Russian). PostgreSQL is filled with COPY from
--workers processes, SQLite with bulk_create; every index, generated column and trigger the
migrations create stays in place while filling. Then, through Django's test client with
DEBUG off, p50/p95/p99 latency over --repeat requests of: the search page for ten
representative queries; the incident list filtered by vehicle and date range; an incident
page with 50 citations; an article page. And the substring search of today's peers
(`icontains` on every word, count and first page) for the same ten queries, with the ratio.
"""

import argparse
import datetime
import hashlib
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "incidents_bench_search"
SEED = 2016

QUERIES = [
    "soyuz 2016",
    '"third stage"',
    "Antares explosion",
    "Прогресс",
    "dec 2016",
    "falcon 9 anomaly",
    "Baikonur engine failure",
    "Progress MS-04",
    "Soyus",
    "turbopump",
]

# --------------------------------------------------------------------------- vocabulary

STAGES = ["first", "second", "third", "upper", "fourth"]
PARTS = [
    "turbopump",
    "gas generator",
    "engine",
    "fairing",
    "guidance system",
    "avionics",
    "propellant line",
    "helium bottle",
    "strut",
    "valve",
    "nozzle",
    "separation system",
    "flight computer",
    "hydraulic system",
    "oxidizer tank",
    "igniter",
    "combustion chamber",
]
EVENTS = [
    "exploded",
    "shut down early",
    "lost thrust",
    "failed to ignite",
    "broke apart",
    "lost pressure",
    "veered off course",
    "suffered an anomaly",
    "failed to separate",
    "was destroyed by the range safety officer",
    "tumbled",
    "stopped sending telemetry",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
PUBLISHERS = ["Space News Wire", "Orbital Report", "Launch Daily", "The Rocket Ledger", "AP"]
SENTENCES = [
    "The {vehicle} rocket lifted off from {site} on {weekday} carrying {mission}.",
    "{agency} said the {stage} stage {event} about {seconds} seconds into the flight.",
    "Telemetry showed the {part} of the {stage} stage {event} before the payload reached orbit.",
    "An investigation commission led by {agency} will examine the {part} and report by {month}.",
    "The loss of {mission} follows earlier {family} failures, the last of them in {year}.",
    "Engineers at {site} inspected the {part} after the {vehicle} launch was scrubbed twice.",
    "The {vehicle} has flown {count} times since {year}, with {failures} failures in all.",
    "Flights of the {family} family are on hold until the commission finishes its work.",
    "Officials from {agency} declined to say when the next {vehicle} would fly.",
    "Debris from the {stage} stage fell downrange of {site}, officials said on {weekday}.",
    "The {part} had been replaced after a test firing in {month} {year}.",
    "Insurance for {mission} was valued at {count} million dollars.",
    "The mission was the {count}th launch from {site} this year.",
    "In {month} {year}, another {vehicle} rocket {event} shortly after liftoff.",
    "Video from {site} showed a bright flash as the {stage} stage {event}.",
    "The payload, {mission}, was built for {agency} and weighed {count} hundred kilograms.",
    "Analysts said the {part} failure was unlike the {year} accident of a {family} rocket.",
    "{agency} had planned {count} launches of the {vehicle} this year.",
    "A backup {part} was installed on the next {vehicle}, which is due to fly in {month}.",
    "The explosion damaged the launch pad at {site}, delaying other missions by weeks.",
    "Radar stations tracked the {stage} stage until it re-entered over the ocean.",
    "The anomaly is under investigation, {agency} said in a statement on {weekday}.",
]
RUSSIAN = [
    "Ракета «Союз-У» с грузовым кораблём «Прогресс» стартовала с космодрома Байконур.",
    "Роскосмос сообщил, что третья ступень ракеты отработала нештатно.",
    "Грузовой корабль «Прогресс МС-04» не вышел на расчётную орбиту.",
    "Комиссия Роскосмоса изучит причины аварии ракеты-носителя.",
    "Обломки третьей ступени упали в малонаселённом районе Республики Тыва.",
]
TITLES = [
    "{vehicle} rocket fails with {mission}",
    "{agency} loses {mission} after {stage} stage problem",
    "{mission} lost in {vehicle} launch failure",
    "Investigation begins into {vehicle} {part} failure",
    "{vehicle} launches {mission} from {site}",
    "{family} flights resume after {year} accident",
]
INCIDENT_SENTENCES = [
    "The {stage} stage {event} {seconds} seconds after liftoff.",
    "The {part} failed and the {stage} stage {event}.",
    "Telemetry was lost when the {part} {event}.",
    "An explosion destroyed the vehicle over {site}.",
    "The payload was lost after the {stage} stage {event}.",
]


def manage(*args: str, env: dict) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


class Catalog:
    """Real names from the loaded catalog, to write synthetic rows with."""

    def __init__(self):
        from incidents.models import Agency, LaunchSite, Mission, Vehicle, VehicleFamily

        self.families = {
            pk: [name, *_lines(aliases)]
            for pk, name, aliases in VehicleFamily.objects.values_list("pk", "name", "aliases")
        }
        self.vehicles = {
            pk: ([name, *_lines(aliases)], family, slug)
            for pk, name, aliases, family, slug in Vehicle.objects.filter(
                kind="launch_vehicle"
            ).values_list("pk", "name", "aliases", "family_id", "slug")
        }
        self.agencies = {}
        for pk, *names, aliases in Agency.objects.values_list(
            "pk", "name", "short_name", "english_name", "native_name", "aliases"
        ):
            self.agencies[pk] = list(dict.fromkeys(n for n in [*names, *_lines(aliases)] if n))
        self.sites = {
            pk: [name, *_lines(aliases)]
            for pk, name, aliases in LaunchSite.objects.values_list("pk", "name", "aliases")
        }
        through = Mission.agencies.through
        mission_agencies: dict[int, list[int]] = {}
        for mission, agency in through.objects.values_list("mission_id", "agency_id"):
            mission_agencies.setdefault(mission, []).append(agency)
        self.missions = [
            (name, vehicle, site, mission_agencies.get(pk, []))
            for pk, name, vehicle, site in Mission.objects.exclude(vehicle=None).values_list(
                "pk", "name", "vehicle_id", "site_id"
            )
            if vehicle in self.vehicles
        ]
        self.notes = sorted(set(Mission.objects.exclude(notes="").values_list("notes", flat=True)))

    def slots(self, rng: random.Random, mission=None) -> dict:
        name, vehicle, site, agencies = mission or rng.choice(self.missions)
        vehicle_names, family, _ = self.vehicles[vehicle]
        agency = self.agencies[agencies[0]][0] if agencies else rng.choice(["NASA", "Roscosmos"])
        year = rng.randint(1960, 2024)
        return {
            "mission": name,
            "vehicle": rng.choice(vehicle_names),
            "family": self.families[family][0] if family else vehicle_names[0],
            "site": rng.choice(self.sites[site]) if site else "the launch site",
            "agency": agency,
            "stage": rng.choice(STAGES),
            "part": rng.choice(PARTS),
            "event": rng.choice(EVENTS),
            "weekday": rng.choice(WEEKDAYS),
            "month": rng.choice(MONTHS),
            "year": year,
            "seconds": rng.randint(5, 600),
            "count": rng.randint(2, 90),
            "failures": rng.randint(1, 12),
        }


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _random_date(rng: random.Random) -> datetime.date:
    return datetime.date(1957, 10, 4) + datetime.timedelta(days=rng.randint(0, 24600))


# --------------------------------------------------------------------------- synthetic rows


def incident_rows(catalog: Catalog, start: int, count: int, seed: int):
    """(row, vehicle ids, agency ids) of synthetic incidents, numbered from `start`."""
    rng = random.Random(seed)
    phases = ["first_stage", "second_stage", "third_stage", "upper_stage", "pad", "unknown"]
    now = datetime.datetime.now(datetime.UTC)
    for n in range(start, start + count):
        mission = rng.choice(catalog.missions)
        name, vehicle, site, agencies = mission
        slots = catalog.slots(rng, mission)
        date = _random_date(rng)
        outcome = rng.choices(["failure", "partial_failure", "pad_explosion"], [8, 2, 1])[0]
        label = {"failure": "launch failure", "partial_failure": "partial launch failure"}.get(
            outcome, "pad explosion"
        )
        vehicle_names, family, _ = catalog.vehicles[vehicle]
        title = (
            f"{name} {label}, {vehicle_names[0]}, {date.day} {MONTHS[date.month - 1]} {date.year}"
        )
        summary = ""
        if rng.random() < 0.5:
            summary = " ".join(
                rng.choice(INCIDENT_SENTENCES).format(**slots) for _ in range(rng.randint(1, 3))
            )
        names = list(vehicle_names)
        if family:
            names += catalog.families[family]
        for agency in agencies:
            names += catalog.agencies[agency]
        if site:
            names += catalog.sites[site]
        row = {
            "title": title[:250],
            "slug": f"synthetic-{n}",
            "date": date,
            "date_precision": "day",
            "site_id": site,
            "flight_phase": rng.choice(phases),
            "failed_system": rng.choice(PARTS) if rng.random() < 0.3 else "",
            "outcome": outcome,
            "kind": "pad" if outcome == "pad_explosion" else "launch",
            "sources": "",
            "summary": summary,
            "catalog_note": rng.choice(catalog.notes)[:250] if rng.random() < 0.7 else "",
            "status": "published" if rng.random() < 0.95 else "draft",
            "origin": "catalog",
            "catalog_values": "{}",
            "search_names": "\n".join(dict.fromkeys(names)),
            "family_ids": str(family) if family else "",
            "agency_ids": " ".join(map(str, sorted(set(agencies)))),
            "vehicle_ids": str(vehicle),
            "created_at": now,
            "updated_at": now,
        }
        yield row, [vehicle], agencies


def paragraph_pool(catalog: Catalog, rng: random.Random, size: int = 4000) -> list[str]:
    pool = []
    for _ in range(size):
        slots = catalog.slots(rng)
        pool.append(
            " ".join(rng.choice(SENTENCES).format(**slots) for _ in range(rng.randint(3, 5)))
        )
    return pool


def article_rows(catalog: Catalog, start: int, count: int, seed: int):
    rng = random.Random(seed)
    pool = paragraph_pool(catalog, rng)
    now = datetime.datetime.now(datetime.UTC)
    for n in range(start, start + count):
        slots = catalog.slots(rng)
        title = rng.choice(TITLES).format(**slots)
        target = rng.randint(2000, 5000)
        parts = [" ".join(rng.choice(SENTENCES).format(**slots) for _ in range(3))]
        if rng.random() < 0.01:
            parts.insert(0, " ".join(rng.sample(RUSSIAN, 3)))
        size = len(parts[0])
        while size < target:
            paragraph = rng.choice(pool)
            parts.append(paragraph)
            size += len(paragraph) + 2
        body = "\n\n".join(parts)
        while len(body.encode()) > 5000:
            body = body.rsplit("\n\n", 1)[0]
        published = _random_date(rng) if rng.random() < 0.95 else None
        yield {
            "title": title[:300],
            "publisher": rng.choice(PUBLISHERS),
            "url": f"https://news.example.org/{n}",
            "author": "",
            "published_on": published,
            "raw_text": body,
            "body": body,
            "sha256": hashlib.sha256(f"synthetic-article-{n}".encode()).hexdigest(),
            "source_format": "text",
            "filename": f"synthetic-{n}.txt",
            "kind": "incident" if "fail" in body[:400] else "routine",
            "needs_review": False,
            "review_reason": "",
            "created_at": now,
        }


INCIDENT_COLUMNS = [
    "title",
    "slug",
    "date",
    "date_precision",
    "site_id",
    "flight_phase",
    "failed_system",
    "outcome",
    "kind",
    "sources",
    "summary",
    "catalog_note",
    "status",
    "origin",
    "catalog_values",
    "search_names",
    "family_ids",
    "agency_ids",
    "vehicle_ids",
    "created_at",
    "updated_at",
]
ARTICLE_COLUMNS = [
    "title",
    "publisher",
    "url",
    "author",
    "published_on",
    "raw_text",
    "body",
    "sha256",
    "source_format",
    "filename",
    "kind",
    "needs_review",
    "review_reason",
    "created_at",
]


def fill_postgres_part(url: str, part: int, parts: int, incidents: int, articles: int) -> None:
    """One COPY worker: its share of the incidents (with vehicles, agencies) and articles."""
    setup_django()
    import psycopg

    catalog = Catalog()
    share_i, share_a = incidents // parts, articles // parts
    first_i, first_a = part * share_i, part * share_a
    if part == parts - 1:
        share_i, share_a = incidents - first_i, articles - first_a
    with psycopg.connect(url, autocommit=True) as connection:
        batch = 20_000
        for offset in range(0, share_i, batch):
            rows = list(
                incident_rows(
                    catalog,
                    first_i + offset,
                    min(batch, share_i - offset),
                    SEED + part * 1000 + offset,
                )
            )
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence('incidents_incident', 'id')) "
                    "FROM generate_series(1, %s)",
                    [len(rows)],
                )
                ids = [r[0] for r in cursor.fetchall()]
                columns = ", ".join(["id", *INCIDENT_COLUMNS])
                with cursor.copy(f"COPY incidents_incident ({columns}) FROM STDIN") as copy:
                    for pk, (row, _, _) in zip(ids, rows, strict=True):
                        copy.write_row([pk, *(row[c] for c in INCIDENT_COLUMNS)])
                with cursor.copy(
                    "COPY incidents_incident_vehicles (incident_id, vehicle_id) FROM STDIN"
                ) as copy:
                    for pk, (_, vehicles, _) in zip(ids, rows, strict=True):
                        for vehicle in vehicles:
                            copy.write_row([pk, vehicle])
                with cursor.copy(
                    "COPY incidents_incident_agencies (incident_id, agency_id) FROM STDIN"
                ) as copy:
                    for pk, (_, _, agencies) in zip(ids, rows, strict=True):
                        for agency in set(agencies):
                            copy.write_row([pk, agency])
        batch = 5_000
        columns = ", ".join(ARTICLE_COLUMNS)
        for offset in range(0, share_a, batch):
            with connection.cursor() as cursor:
                with cursor.copy(f"COPY articles_article ({columns}) FROM STDIN") as copy:
                    for row in article_rows(
                        catalog,
                        first_a + offset,
                        min(batch, share_a - offset),
                        SEED + 7 + part * 1000 + offset,
                    ):
                        copy.write_row([row[c] for c in ARTICLE_COLUMNS])
            done = offset + batch
            if part == 0 and done % 100_000 < batch:
                print(f"  worker 0: {min(done, share_a):,} of {share_a:,} articles", flush=True)


def fill_sqlite(incidents: int, articles: int) -> None:
    from articles.models import Article
    from incidents.models import Incident

    catalog = Catalog()
    rows = list(incident_rows(catalog, 0, incidents, SEED))
    objects = [
        Incident(**{k: v for k, v in row.items() if k != "catalog_values"}, catalog_values={})
        for row, _, _ in rows
    ]
    created = Incident.objects.bulk_create(objects, batch_size=2000)
    Incident.vehicles.through.objects.bulk_create(
        [
            Incident.vehicles.through(incident_id=obj.pk, vehicle_id=v)
            for obj, (_, vehicles, _) in zip(created, rows, strict=True)
            for v in vehicles
        ],
        batch_size=5000,
    )
    Incident.agencies.through.objects.bulk_create(
        [
            Incident.agencies.through(incident_id=obj.pk, agency_id=a)
            for obj, (_, _, agencies) in zip(created, rows, strict=True)
            for a in set(agencies)
        ],
        batch_size=5000,
    )
    batch: list = []
    for row in article_rows(catalog, 0, articles, SEED + 7):
        batch.append(Article(**row))
        if len(batch) == 2000:
            Article.objects.bulk_create(batch)
            batch = []
    Article.objects.bulk_create(batch)


def add_citations(articles_with_citations: float = 0.1) -> dict:
    """Citations (every tenth article cites an incident), an incident with 50 citations, an
    article with mentions; returns the pages to measure."""
    from django.db.models import Count

    from articles.models import Article, Citation, Mention
    from incidents.models import Incident

    rng = random.Random(SEED + 3)
    incident_ids = list(
        Incident.objects.published()
        .filter(slug__startswith="synthetic-")
        .order_by("pk")
        .values_list("pk", flat=True)[:50_000]
    )
    article_ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    cited = rng.sample(article_ids, max(50, int(len(article_ids) * articles_with_citations)))
    rows = [
        Citation(
            incident_id=rng.choice(incident_ids),
            article_id=pk,
            start=0,
            end=120,
            quote="",
            supports=rng.choice(["incident", "context"]),
        )
        for pk in cited[50:]
    ]
    star = incident_ids[0]
    rows += [
        Citation(
            incident_id=star,
            article_id=pk,
            start=0,
            end=120,
            quote="",
            supports="incident" if n % 2 else "context",
        )
        for n, pk in enumerate(cited[:50])
    ]
    Citation.objects.bulk_create(rows, batch_size=5000)
    article = Article.objects.annotate(n=Count("citations")).filter(n__gte=1).order_by("pk").first()
    body = article.body
    for start in range(0, min(len(body) - 20, 2000), 200):
        Mention.objects.create(
            article=article,
            kind="vehicle",
            start=start,
            end=start + 10,
            text=body[start : start + 10],
        )
    busiest = (
        Incident.vehicles.through.objects.filter(incident__slug__startswith="synthetic-")
        .values("vehicle__slug")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    return {
        "incident": Incident.objects.get(pk=star).slug,
        "article": article.pk,
        "vehicle": busiest["vehicle__slug"],
    }


def analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")


# --------------------------------------------------------------------------- measuring


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return statistics.median(samples), cuts[94], cuts[98]


def substring_search(query: str) -> tuple[int, int]:
    """What peers do: every word (or "phrase") `icontains` in title or text; count and page."""
    from django.db.models import Q

    from articles.models import Article
    from incidents.models import Incident

    words = [a or b for a, b in re.findall(r'"([^"]+)"|(\S+)', query)][:10]
    incidents = Incident.objects.published()
    articles = Article.objects.all()
    for word in words:
        incidents = incidents.filter(Q(title__icontains=word) | Q(summary__icontains=word))
        articles = articles.filter(Q(title__icontains=word) | Q(body__icontains=word))
    found = incidents.count(), articles.count()
    list(incidents.order_by("-date")[:20])
    list(articles.order_by("-published_on").only("pk", "title")[:10])
    return found


def timed(call, repeat: int, warmup: int = 1) -> list[float]:
    for _ in range(warmup):
        call()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def measure(repeat: int, pages: dict, *, substring: bool = True) -> None:
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    settings.DEBUG = False  # as in production: no query log
    client = Client()

    def get(url):
        def call():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return call

    rows = []
    per_query = []
    search_samples: list[float] = []
    for query in QUERIES:
        samples = timed(get("/search/?" + urlencode({"q": query})), repeat)
        search_samples += samples
        per_query.append((query, samples))
    rows.append(("search page, 10 queries", search_samples))
    list_url = "/incidents/?" + urlencode(
        {"vehicle": pages["vehicle"], "date_from": "1990", "date_to": "2020"}
    )
    rows.append(("incident list, vehicle + date range", timed(get(list_url), repeat * 3)))
    rows.append(
        ("incident page, 50 citations", timed(get(f"/incidents/{pages['incident']}/"), repeat * 3))
    )
    rows.append(("article page", timed(get(f"/articles/{pages['article']}/"), repeat * 3)))
    substring_repeat = max(2, repeat // 5)
    substring_samples: list[float] = []
    substring_per_query = []
    for query in QUERIES if substring else []:
        samples = timed(lambda q=query: substring_search(q), substring_repeat, warmup=0)
        substring_samples += samples
        substring_per_query.append(samples)
    if substring:
        rows.append(("icontains search, same 10 queries", substring_samples))

    print(f"\ndatabase: {connection.vendor}")
    print("| measure | requests | p50 ms | p95 ms | p99 ms |")
    print("|---|---:|---:|---:|---:|")
    for label, samples in rows:
        p50, p95, p99 = percentiles(samples)
        print(f"| {label} | {len(samples)} | {p50:.1f} | {p95:.1f} | {p99:.1f} |")
    if substring:
        ratio = statistics.median(substring_samples) / statistics.median(search_samples)
        print(f"\nicontains p50 / search page p50 = {ratio:.1f}x")
    print("\n| query | search p50 ms | search p95 ms | icontains p50 ms |")
    print("|---|---:|---:|---:|")
    for n, (query, samples) in enumerate(per_query):
        p50, p95, _ = percentiles(samples)
        plain = f"{statistics.median(substring_per_query[n]):.1f}" if substring else "-"
        print(f"| `{query}` | {p50:.1f} | {p95:.1f} | {plain} |")


def machine_speed() -> None:
    """A fixed pure-Python loop: machines of the same kind differ (here by 2x from day to
    day), so a table is comparable only with others measured at a similar figure."""
    started = time.perf_counter()
    total = 0
    for n in range(10_000_000):
        total += n
    seconds = time.perf_counter() - started
    print(f"machine: {os.cpu_count()} cores; 10,000,000 Python additions in {seconds:.2f} s")


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


# --------------------------------------------------------------------------- driver


def worker(args) -> None:
    setup_django()
    from django.conf import settings as django_settings

    if args.fill:
        started = time.perf_counter()
        url = os.environ["DATABASE_URL"]
        if url.startswith("postgres"):
            processes = [
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
            if any(p.wait() for p in processes):
                raise SystemExit("a COPY worker failed")
        else:
            fill_sqlite(args.incidents, args.articles)
        print(f"filled in {time.perf_counter() - started:.0f}s", flush=True)
        started = time.perf_counter()
        pages = add_citations()
        analyze()
        print(f"citations and statistics in {time.perf_counter() - started:.0f}s", flush=True)
        Path(args.pages).write_text(repr(pages))
        return
    del django_settings
    pages = eval(Path(args.pages).read_text())  # noqa: S307 - our own repr() of a dict
    sizes()
    machine_speed()
    measure(args.repeat, pages, substring=not args.skip_icontains)


def run(database_url: str, args) -> None:
    env = {**os.environ, "DATABASE_URL": database_url}
    pages_file = Path(tempfile.gettempdir()) / f"{BENCH_DB}-pages.txt"
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


def postgres_admin(url: str, sql: str, params=()) -> list[tuple]:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        cursor = connection.execute(sql, params)
        return cursor.fetchall() if cursor.description else []


def refuse_to_drop_a_kept_database(url: str) -> None:
    """A kept 1M database took minutes to fill: a run without --reuse replaces it only when
    told to (--replace)."""
    if postgres_admin(url, "SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB]):
        raise SystemExit(
            f"The database {BENCH_DB} exists (kept by an earlier run with --keep). Measure it "
            "with --reuse, or fill it anew with --replace."
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", help="a PostgreSQL URL whose server may hold a scratch db")
    parser.add_argument("--incidents", type=int, default=1000, help="synthetic incidents")
    parser.add_argument("--articles", type=int, default=1000, help="synthetic articles")
    parser.add_argument("--repeat", type=int, default=20, help="requests per query or page")
    parser.add_argument("--workers", type=int, default=2, help="COPY processes (PostgreSQL)")
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
        fill_postgres_part(
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
    url = urlunsplit(urlsplit(args.postgres)._replace(path=f"/{BENCH_DB}"))
    if not args.reuse:
        if not args.replace:
            refuse_to_drop_a_kept_database(args.postgres)
        postgres_admin(args.postgres, f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
        postgres_admin(args.postgres, f"CREATE DATABASE {BENCH_DB}")
    try:
        run(url, args)
    finally:
        if not args.keep:
            postgres_admin(args.postgres, f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")


if __name__ == "__main__":
    main()
