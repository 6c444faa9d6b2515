"""Load GCAT's files into the database: agencies, vehicles, sites, missions, incidents.

A stage per kind of row builds what GCAT says each row should hold (`Desired`), named by the
rules of `catalog_names`, and hands it to `catalog_sync.sync`: editors win, so a field an
editor changed keeps the editor's value, and a second load of the same files changes nothing.
"""

import functools
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.db.models import Model

from incidents import catalog, curated_aliases, data_version, services
from incidents.catalog_names import (
    abort_system,
    alias_text,
    groups_by_name,
    incident_title,
    mission_aliases,
    mission_name,
    series_words,
    site_name,
    space_digits,
    umbrella_code,
    with_uncertainty,
)
from incidents.catalog_sync import BATCH, Desired, Tally, absorb, m2m_map, pk_refs, sync
from incidents.curated_incidents import CURATED_INCIDENTS
from incidents.models import (
    Agency,
    DatePrecision,
    FlightPhase,
    Incident,
    IncidentKind,
    LaunchSite,
    Mission,
    Outcome,
    Vehicle,
    VehicleFamily,
)
from incidents.press_names import (
    agency_display_name,
    family_display_name,
    vehicle_display_name,
    vehicle_press_names,
)

Progress = Callable[[str, int, int], None]


@dataclass
class LoadReport:
    tallies: dict[str, Tally] = field(default_factory=dict)
    problems: list[catalog.Problem] = field(default_factory=list)
    seconds: float = 0.0


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


def load_catalog(directory: Path, *, progress: Progress = _no_progress) -> LoadReport:
    """Create or update everything from the four GCAT files in `directory`, atomically."""
    started = time.perf_counter()
    directory = Path(directory)
    report = LoadReport()
    orgs = _collect(report, catalog.read_orgs(directory / catalog.ORGS_FILE))
    vehicles = _collect(report, catalog.read_vehicles(directory / catalog.VEHICLES_FILE))
    sites = _collect(report, catalog.read_sites(directory / catalog.SITES_FILE))
    launches = _collect(report, catalog.read_launches(directory / catalog.LAUNCHES_FILE))

    launched = _vehicles_launched(vehicles, launches)
    with transaction.atomic():
        uses = Counter((row.lv_type, row.variant) for row in launches)
        loader = _Loader(report, progress, vehicle_uses=uses)
        agency_by_code = loader.agencies(orgs, launches, launched)
        family_by_name = loader.families(launched)
        vehicle_by_key = loader.vehicles(launched, family_by_name, agency_by_code)
        loader.absorb_stale_families(launched, family_by_name)
        spacecraft = loader.spacecraft()
        site_by_code = loader.sites(sites, launches)
        missions = loader.missions(
            launches, vehicle_by_key, site_by_code, agency_by_code, spacecraft
        )
        loader.incidents(launches, missions, vehicle_by_key, site_by_code, agency_by_code)
        services.refresh_search_names()
        data_version.bump()  # bulk writes send no signals
    services.refresh_statistics()
    report.seconds = time.perf_counter() - started
    return report


def _collect(report: LoadReport, result: catalog.ReadResult) -> tuple:
    report.problems.extend(result.problems)
    return result.rows


def _vehicles_launched(vehicles, launches) -> list[catalog.VehicleRow]:
    """Only the launch vehicles that flew orbital or deep-space launches (no sounding rockets),
    and those a curated incident names (the R-16 missile of the Nedelin catastrophe)."""
    flown = {(row.lv_type, row.variant) for row in launches} | {(r.lv_type, "") for r in launches}
    flown |= {(entry.vehicle, "") for entry in CURATED_INCIDENTS if entry.vehicle}
    return [v for v in vehicles if (v.name, v.variant) in flown]


class _Loader:
    def __init__(self, report: LoadReport, progress: Progress, *, vehicle_uses: Counter):
        self.report = report
        self.progress = progress
        self.vehicle_uses = vehicle_uses  # launches per (GCAT name, variant)
        self.operators: dict[int, list[str]] = {}  # spacecraft series -> its operators' codes
        self.agency_by_pk: dict[int, Agency] = {}

    def sync(self, model, label: str, existing: dict, desired: list[Desired]) -> dict:
        """Sync one kind of row (catalog_sync.sync), counted and reported under `label`."""
        return sync(
            model,
            desired,
            existing=existing,
            tally=self.report.tallies.setdefault(label, Tally()),
            progress=functools.partial(self.progress, label),
        )

    # --- each kind of row -------------------------------------------------------------

    def agencies(self, orgs, launches, vehicles) -> dict[str, Agency]:
        """One agency per organisation: GCAT codes that get the same full name are one."""
        by_code = {org.code: org for org in orgs}
        wanted = {code for row in launches for code in row.agencies}
        wanted |= {code for v in vehicles for code in v.manufacturers}
        wanted |= {code for entry in CURATED_INCIDENTS for code in entry.agencies}
        wanted |= {
            code for spec in curated_aliases.SPACECRAFT.values() for code in spec["operators"]
        }
        queue = [code for code in wanted if code in by_code]
        needed: set[str] = set()
        while queue:
            code = queue.pop()
            if code in needed or code not in by_code:
                continue
            needed.add(code)
            if by_code[code].parent:
                queue.append(by_code[code].parent)
        uses = Counter(code for row in launches for code in row.agencies)
        groups = groups_by_name(
            [by_code[code] for code in sorted(needed)],
            name_of=lambda org: agency_display_name(org.code, org.english_name, org.name),
            key_of=lambda org: org.code,
            uses=uses,
        )
        existing = Agency.objects.in_bulk(field_name="gcat_code")
        desired = []
        for name, primary, members in groups:
            desired.append(
                Desired(
                    key=primary.code,
                    slug_source=primary.short_english_name or primary.short_name or name,
                    values={
                        "name": name,
                        "gcat_code": primary.code,
                        "short_name": primary.short_name,
                        "english_name": primary.english_name or primary.name,
                        "native_name": (
                            primary.native_name if primary.native_name != primary.name else ""
                        ),
                        "country": primary.state_code,
                        "kind": "/".join(primary.types),
                        "aliases": alias_text(
                            name,
                            *[
                                [m.code, m.short_name, m.name, m.english_name]
                                + [m.short_english_name, m.native_name]
                                + curated_aliases.AGENCY_ALIASES.get(m.code, [])
                                for m in members
                            ],
                        ),
                    },
                )
            )
        synced = self.sync(Agency, "Agencies", existing, desired)
        agencies = self._by_member(Agency, "gcat_code", groups, synced, key_of=lambda o: o.code)
        self._link_parents(agencies, by_code)
        self.agency_by_pk = {agency.pk: agency for agency in agencies.values()}
        return agencies

    def _link_parents(self, agencies: dict[str, Agency], by_code) -> None:
        """Each agency's parent and umbrella (the agency people name for it), as GCAT's
        hierarchy gives them, unless an editor changed them."""
        changed = []
        for code, agency in agencies.items():
            if agency.gcat_code != code:
                continue  # a merged code: the record's own code gives the parent
            related = {
                "parent": agencies.get(by_code[code].parent),
                "umbrella": agencies.get(umbrella_code(code, by_code) or ""),
            }
            for field_name, other in related.items():
                other_id = other.pk if other and other.pk != agency.pk else None
                if _set_unless_edited(agency, field_name, other_id) and agency not in changed:
                    changed.append(agency)
        if changed:
            Agency.objects.bulk_update(
                changed, ["parent", "umbrella", "catalog_values"], batch_size=BATCH
            )

    def families(self, vehicles) -> dict[str, VehicleFamily]:
        """Families as people say them (Soyuz, Long March), keyed by that name."""
        existing = {f.catalog_values.get("_key"): f for f in VehicleFamily.objects.all()}
        gcat_families: dict[str, set[str]] = {}
        for v in vehicles:
            if v.family:
                name = family_display_name(v.name, v.family)
                gcat_families.setdefault(name, set()).add(v.family)
        desired = [
            Desired(
                key=name,
                slug_source=name,
                values={
                    "name": name,
                    "aliases": alias_text(
                        name,
                        *[[code, space_digits(code)] for code in sorted(gcat_families[name])],
                        curated_aliases.FAMILY_ALIASES.get(name, []),
                    ),
                },
            )
            for name in sorted(gcat_families)
        ]
        return self.sync(VehicleFamily, "Vehicle families", existing, desired)

    def absorb_stale_families(self, vehicles, family_by_name) -> None:
        """Families an earlier load named after GCAT's LV_Family ("R-7", "DF 5") merge into
        the family most of their vehicles are in now."""
        wanted = {f.pk for f in family_by_name.values()}
        votes: dict[str, Counter] = {}
        for v in vehicles:
            if v.family:
                votes.setdefault(v.family, Counter())[family_display_name(v.name, v.family)] += 1
        for stale in VehicleFamily.objects.exclude(pk__in=wanted):
            code = (stale.catalog_values or {}).get("_key")
            if code in votes:
                target = family_by_name[votes[code].most_common(1)[0][0]]
                absorb(VehicleFamily, target, [stale])

    def vehicles(self, vehicles, family_by_name, agency_by_code) -> dict[tuple, Vehicle]:
        """One vehicle per rocket people name: GCAT's variants of it ("Atlas V 401" C and G,
        "Chang Zheng 3B" G2 and G3) are one record."""
        existing = {
            (v.gcat_name, v.gcat_variant): v
            for v in Vehicle.objects.filter(kind=Vehicle.Kind.LAUNCH_VEHICLE).exclude(gcat_name="")
        }
        groups = groups_by_name(
            vehicles,
            name_of=lambda row: vehicle_display_name(row.name, row.variant),
            key_of=lambda row: (row.name, row.variant),
            uses=self.vehicle_uses,
        )
        desired = []
        for name, primary, members in groups:
            maker = next(
                (agency_by_code[c] for c in primary.manufacturers if c in agency_by_code), None
            )
            desired.append(
                Desired(
                    key=(primary.name, primary.variant),
                    slug_source=name,
                    values={
                        "name": name,
                        "kind": Vehicle.Kind.LAUNCH_VEHICLE,
                        "gcat_name": primary.name,
                        "gcat_variant": primary.variant,
                        "variant": primary.variant,
                        "family": family_by_name.get(
                            family_display_name(primary.name, primary.family)
                        ),
                        "manufacturer": maker,
                        "aliases": alias_text(
                            name,
                            *[
                                [f"{m.name} {m.variant}".strip(), m.alias]
                                + vehicle_press_names(m.name)
                                + curated_aliases.VEHICLE_ALIASES.get((m.name, m.variant), [])
                                + curated_aliases.VEHICLE_ALIASES.get((m.name, "*"), [])
                                for m in members
                            ],
                        ),
                    },
                )
            )
        synced = self.sync(Vehicle, "Vehicles", existing, desired)
        by_key = {}
        for _, primary, members in groups:
            survivor = synced[(primary.name, primary.variant)]
            absorbed = [
                existing[k] for k in ((m.name, m.variant) for m in members) if k in existing
            ]
            absorb(Vehicle, survivor, [v for v in absorbed if v.pk != survivor.pk])
            by_key.update({(m.name, m.variant): survivor for m in members})
        return by_key

    def spacecraft(self) -> list[tuple[str, Vehicle]]:
        """Curated spacecraft series, returned as (name prefix, spacecraft) pairs: a mission
        belongs to the series when its GCAT Flight or Mission field starts with the prefix."""
        existing = {
            v.catalog_values.get("_key"): v
            for v in Vehicle.objects.filter(kind=Vehicle.Kind.SPACECRAFT)
        }
        desired = [
            Desired(
                key=f"spacecraft:{name}",
                slug_source=f"{name} spacecraft" if "spacecraft" not in name else name,
                values={
                    "name": name,
                    "kind": Vehicle.Kind.SPACECRAFT,
                    "aliases": alias_text(name, spec["aliases"]),
                },
            )
            for name, spec in curated_aliases.SPACECRAFT.items()
        ]
        synced = self.sync(Vehicle, "Spacecraft", existing, desired)
        self.operators = {
            synced[f"spacecraft:{name}"].pk: spec["operators"]
            for name, spec in curated_aliases.SPACECRAFT.items()
        }
        pairs = [
            (prefix, synced[f"spacecraft:{name}"])
            for name, spec in curated_aliases.SPACECRAFT.items()
            for prefix in spec["prefixes"]
        ]
        return sorted(pairs, key=lambda pair: -len(pair[0]))

    def sites(self, sites, launches) -> dict[str, LaunchSite]:
        """One site per place: GCAT's codes for it over time (NIIP-5, GIK-5) are one record."""
        used = {row.site for row in launches}
        uses = Counter(row.site for row in launches)
        groups = groups_by_name(
            [row for row in sites if row.code in used],
            name_of=site_name,
            key_of=lambda row: row.code,
            uses=uses,
        )
        existing = LaunchSite.objects.in_bulk(field_name="gcat_code")
        desired = [
            Desired(
                key=primary.code,
                slug_source=name,
                values={
                    "name": name,
                    "gcat_code": primary.code,
                    "short_name": primary.short_name,
                    "country": primary.state_code,
                    "latitude": primary.latitude,
                    "longitude": primary.longitude,
                    "aliases": alias_text(
                        name,
                        *[
                            [m.code, m.short_name, m.name, m.english_name, m.native_name]
                            + curated_aliases.SITE_ALIASES.get(m.code, [])
                            for m in members
                        ],
                    ),
                },
            )
            for name, primary, members in groups
        ]
        synced = self.sync(LaunchSite, "Launch sites", existing, desired)
        return self._by_member(LaunchSite, "gcat_code", groups, synced, key_of=lambda r: r.code)

    @staticmethod
    def _by_member(model, field: str, groups, synced, *, key_of) -> dict:
        """Each GCAT code of a group -> the group's record; records an earlier load made for
        the other codes are merged into it."""
        by_member = {}
        others = {key_of(m) for _, primary, members in groups for m in members} - {
            key_of(primary) for _, primary, _ in groups
        }
        stale = model.objects.in_bulk(list(others), field_name=field) if others else {}
        for _, primary, members in groups:
            survivor = synced[key_of(primary)]
            absorbed = [stale[key_of(m)] for m in members if key_of(m) in stale]
            absorb(model, survivor, absorbed)
            by_member.update({key_of(m): survivor for m in members})
        return by_member

    def missions(self, launches, vehicle_by_key, site_by_code, agency_by_code, spacecraft):
        existing = Mission.objects.in_bulk(field_name="launch_tag")
        series = series_words(launches)
        desired = []
        for row in launches:
            vehicle = vehicle_by_key.get((row.lv_type, row.variant)) or vehicle_by_key.get(
                (row.lv_type, "")
            )
            name = mission_name(row, vehicle.name if vehicle else row.lv_type)
            craft = _series_of(row, name, spacecraft)
            if vehicle is None:
                self.report.problems.append(
                    catalog.Problem(
                        catalog.LAUNCHES_FILE, row.line, f"unknown vehicle {row.lv_type!r}"
                    )
                )
            desired.append(
                Desired(
                    key=row.tag,
                    slug_source=name,
                    values={
                        "name": name,
                        "launch_tag": row.tag,
                        "launch_date": row.date,
                        "launch_date_precision": DatePrecision.DAY,
                        "vehicle": vehicle,
                        "site": site_by_code.get(row.site),
                        "spacecraft": craft,
                        "pad": row.pad,
                        "outcome": launch_outcome(row),
                        "success_fraction": row.success_fraction,
                        "launch_code": row.launch_code,
                        "fail_code": row.fail_code,
                        "notes": with_uncertainty(row.notes, "notes" in row.uncertain),
                        "gcat_citation": row.citation,
                        "aliases": alias_text(name, mission_aliases(row, name, series)),
                    },
                    m2m={"agencies": self._mission_agencies(row, craft, agency_by_code)},
                )
            )
        return self.sync(Mission, "Missions", existing, desired)

    def _mission_agencies(self, row, craft, agency_by_code) -> list[Model]:
        """The launch agencies GCAT gives, each with the agency people name for it (NASA for
        its centres), and the operator of the spacecraft series (Boeing for Starliner)."""
        launchers = [agency_by_code[c] for c in row.agencies if c in agency_by_code]
        operators = self.operators.get(craft.pk, []) if craft else []
        operating = [agency_by_code[c] for c in operators if c in agency_by_code]
        return with_umbrellas([*launchers, *operating], self.agency_by_pk)

    def incidents(
        self, launches, missions: dict[str, Mission], vehicle_by_key, site_by_code, agency_by_code
    ) -> None:
        """One published incident per failed launch, with what the curated list adds (a name
        people use, the human cost, sources), and one per curated incident GCAT cannot know:
        a crew lost on the way home, a fire on the ground, a leak in orbit."""
        curated = {entry.launch_tag: entry for entry in CURATED_INCIDENTS if entry.launch_tag}
        existing: dict[str | None, Incident] = {}  # by launch tag, or the curated key
        for incident in Incident.objects.exclude(mission=None).select_related("mission"):
            tag = incident.mission.launch_tag if incident.mission else None
            if incident.origin in (Incident.Origin.CATALOG, Incident.Origin.CURATED):
                existing[tag] = incident
            else:  # an editor's or an import's incident owns this mission: leave it be
                existing.setdefault(tag, incident)
        for incident in Incident.objects.filter(mission=None, origin=Incident.Origin.CURATED):
            existing[incident.catalog_values.get("_key")] = incident
        vehicle_ids = {m.vehicle_id for m in missions.values() if m.vehicle_id}
        vehicles = Vehicle.objects.in_bulk(vehicle_ids)
        mission_agencies = m2m_map(Mission, "agencies")
        desired = []
        for row in launches:
            entry = curated.get(row.tag)
            if not is_catalog_incident(row) and entry is None:
                continue
            if row.tag in existing and existing[row.tag].origin not in _LOADED_ORIGINS:
                continue
            mission = missions[row.tag]
            vehicle = vehicles.get(mission.vehicle_id)
            desired.append(self._launch_incident(row, mission, vehicle, entry, mission_agencies))
        for entry in CURATED_INCIDENTS:
            if not entry.launch_tag:
                desired.append(
                    _curated_incident(entry, vehicle_by_key, site_by_code, agency_by_code)
                )
        self.sync(Incident, "Incidents", existing, desired)

    @staticmethod
    def _launch_incident(row, mission, vehicle, entry, mission_agencies) -> Desired:
        failed = is_catalog_incident(row)
        failure = catalog.describe_fail_code(row.fail_code)
        label = incident_label(row)
        title = incident_title(
            mission.name, vehicle.name if vehicle else row.lv_type, label, row.date
        )
        outcome = launch_outcome(row)
        values = {
            "title": title,
            "date": row.date,
            "date_precision": DatePrecision.DAY,
            "mission": mission,
            "site": mission.site,
            "outcome": outcome,
            "kind": IncidentKind.PAD if outcome == Outcome.PAD_EXPLOSION else IncidentKind.LAUNCH,
            "flight_phase": _phase(failure) if failed else FlightPhase.UNKNOWN,
            "failed_system": failure.system if failure and failed else "",
            "catalog_note": mission.notes[:250],
            "status": Incident.Status.PUBLISHED,
            "origin": Incident.Origin.CATALOG if failed else Incident.Origin.CURATED,
            **_human_cost(None),
        }
        if entry is not None:
            values.update(_curated_values(entry))
        return Desired(
            key=row.tag,
            slug_source=values["title"]
            if entry and entry.title
            else f"{mission.name} {label} {row.date.year}",
            values=values,
            m2m={
                "vehicles": [vehicle] if vehicle else [],
                "agencies": pk_refs(Agency, mission_agencies.get(mission.pk, set())),
            },
        )


_LOADED_ORIGINS = (Incident.Origin.CATALOG, Incident.Origin.CURATED)


def _set_unless_edited(agency: Agency, field_name: str, value: int | None) -> bool:
    """Set the foreign key `field_name` (its id) to GCAT's `value` unless an editor changed
    it since the last load; remember GCAT's value. True when the agency changed."""
    attribute = f"{field_name}_id"
    previous = agency.catalog_values.get(field_name)
    edited = field_name in agency.catalog_values and previous != getattr(agency, attribute)
    changed = False
    if getattr(agency, attribute) != value and not edited:
        setattr(agency, attribute, value)
        changed = True
    if previous != value or field_name not in agency.catalog_values:
        agency.catalog_values[field_name] = value
        changed = True
    return changed


def _human_cost(cost) -> dict:
    return {
        "crew": cost.crew if cost else None,
        "fatalities": cost.fatalities if cost else None,
        "injuries": cost.injuries if cost else None,
    }


def _curated_values(entry) -> dict:
    values = {
        "date": entry.date,
        "kind": entry.kind,
        "summary": entry.summary,
        "sources": "\n".join(entry.sources),
        **_human_cost(entry.cost),
    }
    if entry.title:
        values["title"] = entry.title
    return values


def with_umbrellas(agencies: list[Agency], by_pk: dict[int, Agency]) -> list[Model]:
    """The agencies, each after the agency people name for it (its umbrella, found in
    `by_pk`), once each."""
    found: list[Model] = []
    for agency in agencies:
        if agency.umbrella_id in by_pk:
            found.append(by_pk[agency.umbrella_id])
        found.append(agency)
    return list({agency.pk: agency for agency in found}.values())


def _curated_incident(entry, vehicle_by_key, site_by_code, agency_by_code) -> Desired:
    """An incident with no orbital launch behind it (a fire on the pad in a rehearsal, a
    suborbital test flight)."""
    vehicle = vehicle_by_key.get((entry.vehicle, "")) if entry.vehicle else None
    return Desired(
        key=f"curated:{entry.key}",
        slug_source=entry.title,
        values={
            "title": entry.title,
            "date_precision": DatePrecision.DAY,
            "mission": None,
            "site": site_by_code.get(entry.site) if entry.site else None,
            "outcome": Outcome.UNKNOWN,
            "status": Incident.Status.PUBLISHED,
            "origin": Incident.Origin.CURATED,
            **_curated_values(entry),
        },
        m2m={
            "vehicles": [vehicle] if vehicle else [],
            "agencies": with_umbrellas(
                [agency_by_code[c] for c in entry.agencies if c in agency_by_code],
                {agency.pk: agency for agency in agency_by_code.values()},
            ),
        },
    )


def _series_of(row: catalog.LaunchRow, name: str, spacecraft) -> Vehicle | None:
    """The spacecraft series whose prefix starts the mission's name, else its GCAT Mission
    field (where GCAT names the shuttle orbiter: "OV-099 IUS deploy")."""
    for text in (name, row.mission):
        for prefix, craft in spacecraft:
            if text.startswith(prefix):
                return craft
    return None


def _phase(failure: catalog.FailureInfo | None) -> str:
    if failure is None or failure.phase not in FlightPhase.values:
        return FlightPhase.UNKNOWN
    return failure.phase


def launch_outcome(row: catalog.LaunchRow) -> str:
    letter = row.outcome_letter
    if letter == "F":
        return Outcome.FAILURE
    if letter == "E":
        return Outcome.PAD_EXPLOSION
    if letter == "S":
        if row.success_fraction is not None and row.success_fraction < 100:
            return Outcome.PARTIAL_FAILURE
        return Outcome.SUCCESS
    return Outcome.UNKNOWN


def is_catalog_incident(row: catalog.LaunchRow) -> bool:
    """Failures (OF…), pad explosions and aborts (OE), partial successes (OS below 100)."""
    return launch_outcome(row) in Outcome.FAILURES_OR_PARTIAL


def incident_label(row: catalog.LaunchRow) -> str:
    outcome = launch_outcome(row)
    if outcome == Outcome.PAD_EXPLOSION:
        if row.fail_code.startswith("PE"):
            return "pad explosion"
        system = abort_system(row)
        return f"pad abort ({system})" if system else "pad abort"
    if outcome == Outcome.PARTIAL_FAILURE:
        return "partial launch failure"
    return "launch failure"
