#!/usr/bin/env python3
"""Benchmark: import N synthetic articles into a fresh database; print articles per second.

    .venv/bin/python benchmarks/import_speed.py [--count 500] [--postgres URL]

Each database gets the real GCAT catalog first (../shared/catalog), then N articles written
from the templates below with real mission, vehicle and site names, with the problems real
input has (boilerplate, "2. 6 tons" damage, mojibake). One process, one core.
"""

import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.scratch import run_benchmark, setup_django, worker_output  # noqa: E402

BENCH_DB = "incidents_bench_import"

FAILURE_TEMPLATE = """{title}

{agency} said on {weekday} that the {mission} mission was lost when the {vehicle} rocket \
failed about {seconds} seconds after liftoff from {site}. The vehicle carried {tons}. {tenth} \
tons of cargo and {pounds}, {thousands} pounds of propellant  —   none of it recovered.

Engineers will look at the {stage} stage first. "The anomaly is under investigation," \
officials wrote in a statement. The loss follows a string of earlier setbacks, and flights \
of the {vehicle} are on hold until the review ends.

In {month} {year}, another {vehicle} rocket exploded shortly after it lifted off.

Sign up for our free weekly newsletter
Subscribers agree to the Privacy Policy
© 2024 Example Wire. All rights reserved.
"""

ROUTINE_TEMPLATE = """{title}

A {vehicle} rocket carrying {mission} lifted off from {site} on {weekday}, {agency} said. \
The flight went as planned and the payload reached its orbit. The launch was the \
{count}th of the year from the site, and the team plans another before the year ends.

Read more
"""

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
MONTHS = ["January", "March", "May", "July", "September", "November"]


def synthetic_articles(count: int) -> list[tuple[str, bytes]]:
    from incidents.models import Incident, Mission

    rng = random.Random(2016)
    failures = list(
        Incident.objects.select_related("mission__vehicle", "mission__site")
        .exclude(mission=None)
        .values_list("mission__name", "mission__vehicle__name", "mission__site__name")
    )
    routine = list(
        Mission.objects.filter(outcome="success")
        .exclude(vehicle=None)
        .values_list("name", "vehicle__name", "site__name")[:3000]
    )
    articles = []
    for index in range(count):
        failed = index % 2 == 0
        mission, vehicle, site = rng.choice(failures if failed else routine)
        template = FAILURE_TEMPLATE if failed else ROUTINE_TEMPLATE
        text = template.format(
            title=f"{mission}: {'launch failure' if failed else 'launch'} report #{index}",
            agency=rng.choice(["Roscosmos", "NASA", "SpaceX", "ISRO", "JAXA"]),
            weekday=rng.choice(WEEKDAYS),
            mission=mission,
            vehicle=vehicle,
            site=site,
            seconds=rng.randint(10, 500),
            tons=rng.randint(1, 9),
            tenth=rng.randint(0, 9),
            pounds=rng.randint(1, 9),
            thousands=f"{rng.randint(0, 999):03d}",
            stage=rng.choice(["first", "second", "third"]),
            month=rng.choice(MONTHS),
            year=rng.randint(1990, 2015),
            count=rng.randint(4, 30),
        )
        if index % 10 == 0:  # some input arrives double-encoded
            text = text.replace("—", "â€”")
        articles.append((f"synthetic-{index:06d}.txt", text.encode("utf-8")))
    return articles


def worker(count: int) -> None:
    setup_django()
    from articles.importer import import_files
    from articles.inputs import InputFile
    from articles.models import ImportRun

    files = [InputFile(name, data) for name, data in synthetic_articles(count)]
    started = time.perf_counter()
    _, results = import_files(files, source=ImportRun.Source.COMMAND, max_files=len(files))
    seconds = time.perf_counter() - started
    created = sum(r.outcome == "created" for r in results)
    print(f"{created} {seconds:.3f}")


def measure(database_url: str, count: int) -> tuple[int, float]:
    output = worker_output(__file__, database_url, "--count", str(count))
    return int(output[0]), float(output[1])


def report(name: str, database_url: str, count: int) -> None:
    created, seconds = measure(database_url, count)
    print(f"{name:12} {created:8d} {seconds:9.1f}s {created / seconds:12.1f}")


if __name__ == "__main__":
    run_benchmark(
        __doc__,
        size=("count", 500),
        scratch_name=BENCH_DB,
        worker=worker,
        measure=report,
        header=f"{'database':12} {'articles':>8} {'time':>10} {'articles/s':>12}",
    )
