"""search_scale's filling: synthetic incidents and articles written from the loaded catalog's
real names, GCAT's own failure notes and news-style sentences, put in by COPY (PostgreSQL, from
several processes) or bulk_create (SQLite); then citations, mentions and fresh planner
statistics. Returns the pages that measuring asks for."""

import datetime
import hashlib
import random

from benchmarks.scratch import setup_django

SEED = 2016

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
            "reported_by_count": 0,  # counted once the citations are in: fill_source_counts
            "mentioned_by_count": 0,
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
    "reported_by_count",
    "mentioned_by_count",
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
    fill_source_counts()
    article = Article.objects.annotate(n=Count("citations")).filter(n__gte=1).order_by("pk")[0]
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
        .order_by("-n")[0]
    )
    return {
        "incident": Incident.objects.get(pk=star).slug,
        "article": article.pk,
        "vehicle": busiest["vehicle__slug"],
    }


def fill_source_counts() -> None:
    """The source and mention counts kept on the incidents, from the citations written in
    bulk (no signal recounts them): one UPDATE from the grouped count that
    services.recount_sources writes them with, for the incidents cited (the others hold 0)."""
    from django.db import connection

    from incidents.models import Incident

    sql, params = Incident.objects.all().source_count_rows().query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE incidents_incident SET reported_by_count = c.sources, "
            f"mentioned_by_count = c.mentions FROM ({sql}) AS c "
            "WHERE incidents_incident.id = c.incident_id",
            params,
        )


def analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")
