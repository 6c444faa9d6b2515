"""The small world the browser tests look at: a few incidents made with the factories, and one
real seed article (read from settings.SEEDS_DIR, never copied here) put in by the real
importer, which links it to the Progress MS-04 launch failure below."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from articles.importer import import_files
from articles.inputs import files_from_paths
from articles.models import Article, ImportRun
from incidents.models import Incident
from incidents.services import refresh_search_names
from tests.factories import (
    make_agency,
    make_article,
    make_citation,
    make_family,
    make_incident,
    make_mission,
    make_site,
    make_vehicle,
)

SEED_PREFIX = "000_"  # the Progress 65 (Progress MS-04) report
FAR_DOWN = "Earlier that year the launch campaign went on as planned, day after day.\n" * 60
DEEP_PASSAGE = "The third stage shut down 383 seconds into the flight."
PUBLIC_RECORD = "https://records.example/progress-ms-04/state-commission"


def seed_file() -> Path:
    """The first seed article, as the demo imports it."""
    (path,) = sorted(Path(settings.SEEDS_DIR).glob(f"{SEED_PREFIX}*"))
    return path


@dataclass(frozen=True)
class World:
    progress: Incident  # Soyuz family; cited by the seed and by a long article
    antares: Incident  # Antares family; cites nothing
    seed_article: Article
    long_article: Article  # its cited passage is far down the page
    deep_citation_id: int


def soyuz_launch_site_and_agency() -> dict:
    """What the seed names: Roscosmos, a Soyuz-U from Baikonur."""
    roscosmos = make_agency(
        name="Russian Federal Space Agency (Roskosmos)",
        short_name="Roscosmos",
        aliases="Roscosmos\nRussian space agency",
    )
    soyuz_u = make_vehicle(name="Soyuz-U", family=make_family(name="Soyuz", slug="soyuz"))
    baikonur = make_site(name="Baikonur Cosmodrome", aliases="Baikonur")
    return {"agency": roscosmos, "vehicle": soyuz_u, "site": baikonur}


def build_world() -> World:
    known = soyuz_launch_site_and_agency()
    mission = make_mission(
        name="Progress MS-04",
        slug="progress-ms-04",
        aliases="Progress 65\n65P",
        launch_tag="2016-F02",
        launch_date=datetime.date(2016, 12, 1),
        vehicle=known["vehicle"],
        site=known["site"],
        agencies=[known["agency"]],
    )
    progress = make_incident(
        title="Progress MS-04 launch failure",
        slug="progress-ms-04-launch-failure",
        mission=mission,
        vehicles=[known["vehicle"]],
        agencies=[known["agency"]],
        site=known["site"],
        date=datetime.date(2016, 12, 1),
        sources=PUBLIC_RECORD,
    )
    antares = make_incident(
        title="Orb-3 launch failure",
        slug="orb-3-launch-failure",
        vehicles=[make_vehicle(name="Antares 130", family=make_family(name="Antares"))],
        date=datetime.date(2014, 10, 28),
    )
    long_article = make_article(
        title="Inquiry report: the third stage", body=FAR_DOWN + DEEP_PASSAGE + "\n"
    )
    deep = make_citation(
        incident=progress,
        article=long_article,
        start=len(FAR_DOWN),
        end=len(FAR_DOWN) + len(DEEP_PASSAGE),
    )
    seed_article = import_seed()
    refresh_search_names([progress.pk, antares.pk])
    return World(progress, antares, seed_article, long_article, deep.pk)


def import_seed() -> Article:
    """The seed, through the importer the import command uses."""
    _, (result,) = import_files(files_from_paths([seed_file()]), source=ImportRun.Source.COMMAND)
    assert result.article is not None, result.reason
    return result.article
