"""A tiny catalog in memory, for linking tests that need no database.

Two rocket types of one maker, a spacecraft series, a site, five launches and the published
failures of two of them. Every name is made up, so no test leans on the real catalog.
"""

import datetime

from articles.linking.catalog_view import CatalogView
from articles.linking.past_incidents import PastIncident, PastIncidents
from articles.pipeline.extract import Gazetteer, GazetteerEntry, MentionKind
from articles.pipeline.launches import CatalogLaunch, LaunchIndex

ZEPHYR, ZEPHYR_K, ORKA, KITE = 1, 2, 3, 4  # two variants of a rocket, a rocket, a craft series
ZEPHYR_FAMILY = 10
NOVA = 20  # the maker and operator
COAST = 30  # the launch site

DEMO_1, DEMO_2, KITE_7, KITE_8, RELAY = 101, 102, 103, 104, 105  # launches
DEMO_1_FAILURE, DEMO_2_PAD_EXPLOSION = 501, 502  # published incidents


def _launch(key, name, day, *, vehicle=ZEPHYR, spacecraft=None, failed=False):
    return CatalogLaunch(
        key=key,
        name=name,
        date=datetime.date.fromisoformat(day),
        vehicle=vehicle,
        family=ZEPHYR_FAMILY if vehicle in (ZEPHYR, ZEPHYR_K) else None,
        spacecraft=spacecraft,
        site=COAST,
        agencies=frozenset({NOVA}),
        failed=failed,
    )


LAUNCHES = (
    _launch(DEMO_1, "Zephyr Demo 1", "2019-07-11", failed=True),
    _launch(DEMO_2, "Zephyr Demo 2", "2020-11-17", vehicle=ZEPHYR_K, failed=True),
    _launch(KITE_7, "Kite 7", "2022-09-21", vehicle=ORKA, spacecraft=KITE),
    _launch(KITE_8, "Kite 8", "2023-02-24", vehicle=ORKA, spacecraft=KITE),
    _launch(RELAY, "Relay 4", "2024-05-14"),
)

INCIDENTS = (
    PastIncident(
        key=DEMO_1_FAILURE,
        title="Zephyr Demo 1 failure",
        date=datetime.date(2019, 7, 11),
        on_pad=False,
        mission=DEMO_1,
        vehicles=frozenset({ZEPHYR}),
        families=frozenset({ZEPHYR_FAMILY}),
        agencies=frozenset({NOVA}),
    ),
    PastIncident(
        key=DEMO_2_PAD_EXPLOSION,
        title="Zephyr Demo 2 pad explosion",
        date=datetime.date(2020, 11, 17),
        on_pad=True,
        mission=DEMO_2,
        vehicles=frozenset({ZEPHYR_K}),
        families=frozenset({ZEPHYR_FAMILY}),
        agencies=frozenset({NOVA}),
    ),
)

NAMES = (
    GazetteerEntry(MentionKind.VEHICLE, ZEPHYR, "Zephyr"),
    GazetteerEntry(MentionKind.VEHICLE, ZEPHYR_K, "Zephyr-K"),
    GazetteerEntry(MentionKind.VEHICLE, ORKA, "Orka"),
    GazetteerEntry(MentionKind.VEHICLE, KITE, "Kite"),
    GazetteerEntry(MentionKind.FAMILY, ZEPHYR_FAMILY, "Zephyr rockets"),
    GazetteerEntry(MentionKind.AGENCY, NOVA, "Nova Space"),
    GazetteerEntry(MentionKind.SITE, COAST, "Coast Range"),
    *(GazetteerEntry(MentionKind.MISSION, launch.key, launch.name) for launch in LAUNCHES),
)


def tiny_catalog(incidents=INCIDENTS) -> CatalogView:
    vehicles = (ZEPHYR, ZEPHYR_K, ORKA, KITE)
    return CatalogView(
        gazetteer=Gazetteer(NAMES),
        launches=LaunchIndex(LAUNCHES),
        incidents=PastIncidents(incidents),
        vehicle_groups={vehicle: frozenset({vehicle}) for vehicle in vehicles},
        spacecraft=frozenset({KITE}),
        vehicle_family={ZEPHYR: ZEPHYR_FAMILY, ZEPHYR_K: ZEPHYR_FAMILY, ORKA: None, KITE: None},
        by_tag={"2022-071": KITE_7},
    )
