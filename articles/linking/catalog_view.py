"""What the linker knows of the catalog, read once per import batch: names, launches and
the published failures that passing mentions may name.

`build_catalog_view` reads every name and alias into a `Gazetteer`, every launch into a
`LaunchIndex` and every published failure into `PastIncidents` (a few queries, whatever the
number of articles). The incident an article reports is looked up when it is cited, not here:
a draft one article creates must be found by the next article of the same batch. Tests build
a `CatalogView` by hand, without a database.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from articles.linking.past_incidents import PastIncident, PastIncidents
from articles.pipeline.extract import Gazetteer, GazetteerEntry, MentionKind
from articles.pipeline.launches import CatalogLaunch, LaunchIndex
from articles.pipeline.text import normalize_name
from incidents.models import (
    Agency,
    Incident,
    LaunchSite,
    Mission,
    Outcome,
    Vehicle,
    VehicleFamily,
    split_aliases,
)

KIND_MODELS = {
    MentionKind.MISSION: Mission,
    MentionKind.VEHICLE: Vehicle,
    MentionKind.FAMILY: VehicleFamily,
    MentionKind.AGENCY: Agency,
    MentionKind.SITE: LaunchSite,
}
FAILED = Outcome.FAILURES_OR_PARTIAL


@dataclass(frozen=True)
class CatalogView:
    gazetteer: Gazetteer
    launches: LaunchIndex
    incidents: PastIncidents  # published failures, for passing mentions
    vehicle_groups: dict[int, frozenset[int]]  # a vehicle -> every variant of its GCAT name
    spacecraft: frozenset[int]  # vehicles that are spacecraft series (Progress, Challenger)
    vehicle_family: dict[int, int | None]
    by_tag: dict[str, int]  # launch tag (international designator) -> mission


def build_catalog_view() -> CatalogView:
    vehicles = list(
        Vehicle.objects.values_list(
            "pk", "gcat_name", "kind", "family_id", "manufacturer_id", "name"
        )
    )
    groups: dict[str, set[int]] = defaultdict(set)
    for pk, gcat_name, *_ in vehicles:
        if gcat_name:
            groups[gcat_name].add(pk)
    vehicle_groups = {
        pk: frozenset(groups[gcat_name]) if gcat_name else frozenset({pk})
        for pk, gcat_name, *_ in vehicles
    }
    family: dict[int, int | None] = {pk: family_id for pk, _, _, family_id, _, _ in vehicles}
    maker: dict[int, int | None] = {pk: maker_id for pk, _, _, _, maker_id, _ in vehicles}
    names = {pk: name for pk, *_, name in vehicles}
    return CatalogView(
        gazetteer=build_gazetteer(),
        launches=LaunchIndex(_launches(family, maker)),
        incidents=PastIncidents(_published_failures(family, maker, names)),
        vehicle_groups=vehicle_groups,
        spacecraft=frozenset(pk for pk, _, kind, *_ in vehicles if kind == Vehicle.Kind.SPACECRAFT),
        vehicle_family=family,
        by_tag=dict(Mission.objects.exclude(launch_tag=None).values_list("launch_tag", "pk")),
    )


def _launches(family: dict[int, int | None], maker: dict[int, int | None]) -> list[CatalogLaunch]:
    agencies: dict[int, set[int]] = defaultdict(set)
    through = Mission.agencies.through.objects.values_list("mission_id", "agency_id")
    for mission_id, agency_id in through:
        agencies[mission_id].add(agency_id)
    rows = Mission.objects.values_list(
        "pk", "name", "launch_date", "vehicle_id", "spacecraft_id", "site_id", "outcome"
    )
    launches = []
    for pk, name, launch_date, vehicle_id, spacecraft_id, site_id, outcome in rows:
        made_by = maker.get(vehicle_id) if vehicle_id else None
        makers = {made_by} if made_by else set()
        launches.append(
            CatalogLaunch(
                key=pk,
                name=name,
                date=launch_date,
                vehicle=vehicle_id,
                family=family.get(vehicle_id) if vehicle_id else None,
                spacecraft=spacecraft_id,
                site=site_id,
                agencies=frozenset(agencies[pk] | makers),
                failed=outcome in FAILED,
                partly=outcome == Outcome.PARTIAL_FAILURE,
            )
        )
    return launches


def _published_failures(
    family: dict[int, int | None], maker: dict[int, int | None], names: dict[int, str]
) -> list[PastIncident]:
    rows = Incident.objects.published().filter(outcome__in=FAILED)
    vehicles: dict[int, set[int]] = defaultdict(set)
    for incident_id, vehicle_id in Incident.vehicles.through.objects.filter(
        incident__in=rows
    ).values_list("incident_id", "vehicle_id"):
        vehicles[incident_id].add(vehicle_id)
    agencies: dict[int, set[int]] = defaultdict(set)
    for incident_id, agency_id in Incident.agencies.through.objects.filter(
        incident__in=rows
    ).values_list("incident_id", "agency_id"):
        agencies[incident_id].add(agency_id)
    fields = ("pk", "title", "date", "outcome", "mission_id", "mission__spacecraft_id")
    found = []
    for pk, title, date, outcome, mission_id, spacecraft_id in rows.values_list(*fields):
        flown = frozenset(vehicles[pk])
        found.append(
            PastIncident(
                key=pk,
                title=title,
                date=date,
                on_pad=outcome == Outcome.PAD_EXPLOSION,
                mission=mission_id,
                spacecraft=spacecraft_id,
                spacecraft_name=names.get(spacecraft_id, "") if spacecraft_id else "",
                vehicles=flown,
                families=frozenset(f for v in flown if (f := family.get(v)) is not None),
                agencies=frozenset(
                    agencies[pk] | {m for v in flown if (m := maker.get(v)) is not None}
                ),
            )
        )
    return found


def build_gazetteer() -> Gazetteer:
    """Every name and alias of every catalog record.

    A mission name that is also the name of a vehicle, family, agency or site ("Soyuz-2" is a
    1968 mission and a rocket) is left out: in news text the other reading wins. So is a
    short all-letter acronym that GCAT gives as a payload name ("ISS" for the satellite Ume).
    """
    names: dict[MentionKind, dict[int, set[str]]] = {}
    for kind, model in KIND_MODELS.items():
        extra = ("short_name", "english_name") if model is Agency else ()
        rows = model.objects.values_list("pk", "name", "aliases", "catalog_values", *extra)
        by_pk = names.setdefault(kind, {})
        for pk, name, aliases, catalog_values, *more in rows:
            # GCAT's own name stays findable after an editor renames the record.
            catalog_name = (catalog_values or {}).get("name") or name
            by_pk[pk] = {name, catalog_name, *split_aliases(aliases), *(m for m in more if m)}
    taken = {
        normalize_name(text)
        for kind, by_pk in names.items()
        if kind != MentionKind.MISSION
        for texts in by_pk.values()
        for text in texts
    }
    entries = [
        GazetteerEntry(kind=kind, key=pk, name=text)
        for kind, by_pk in names.items()
        for pk, texts in by_pk.items()
        for text in texts
        if _usable_name(text) and (kind != MentionKind.MISSION or _usable_mission_name(text, taken))
    ]
    return Gazetteer(entries)


def _usable_name(text: str) -> bool:
    """Very short names only as written in capitals: "ESA" yes, "DoE" (matches "Doe") no."""
    return len(text) > 3 or text.isupper()


def _usable_mission_name(text: str, taken: set[str]) -> bool:
    if text.isalpha() and len(text) <= 4:
        return False
    return normalize_name(text) not in taken
