"""Load GCAT's files into the database: agencies, vehicles, sites, missions, incidents.

Editors win: every catalog-backed row remembers, in `catalog_values`, what GCAT said at the
last load. A field is only overwritten while it still holds that value; a field an editor
changed keeps the editor's value (GCAT's newer value is still remembered). A second load of
the same files therefore changes nothing.
"""

import datetime
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import models, transaction
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from incidents import catalog, curated_aliases, curated_names, menus, services
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
from incidents.partial_dates import format_partial_date
from incidents.press_names import (
    agency_display_name,
    family_display_name,
    flight_id_names,
    payload_press_names,
    vehicle_display_name,
    vehicle_press_names,
)

Progress = Callable[[str, int, int], None]
BATCH = 500


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"


@dataclass
class LoadReport:
    tallies: dict[str, Tally] = field(default_factory=dict)
    problems: list[catalog.Problem] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class Desired:
    """What the catalog says one row should hold."""

    key: Any
    values: dict[str, Any]
    m2m: dict[str, list[models.Model]] = field(default_factory=dict)
    slug_source: str = ""


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

    vehicles = _vehicles_launched(vehicles, launches)
    with transaction.atomic():
        loader = _Loader(report, progress)
        loader.vehicle_uses = Counter((row.lv_type, row.variant) for row in launches)
        agency_by_code = loader.agencies(orgs, launches, vehicles)
        family_by_name = loader.families(vehicles)
        vehicle_by_key = loader.vehicles(vehicles, family_by_name, agency_by_code)
        loader.absorb_stale_families(vehicles, family_by_name)
        spacecraft = loader.spacecraft()
        site_by_code = loader.sites(sites, launches)
        missions = loader.missions(
            launches, vehicle_by_key, site_by_code, agency_by_code, spacecraft
        )
        loader.incidents(launches, missions, vehicle_by_key, site_by_code, agency_by_code)
        services.refresh_search_names()
        menus.forget()  # bulk writes send no signals
    services.refresh_statistics()
    report.seconds = time.perf_counter() - started
    return report


def _collect(report: LoadReport, result: catalog.ReadResult) -> tuple:
    report.problems.extend(result.problems)
    return result.rows


def _vehicles_launched(vehicles, launches) -> list[catalog.VehicleRow]:
    """Only the launch vehicles that flew orbital or deep-space launches (no sounding rockets)."""
    flown = {(row.lv_type, row.variant) for row in launches} | {(r.lv_type, "") for r in launches}
    return [v for v in vehicles if (v.name, v.variant) in flown]


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list | tuple | set):
        return sorted(_jsonable(v) for v in value)
    return value


def _current(obj: models.Model, name: str) -> Any:
    model_field = obj._meta.get_field(name)
    if model_field.is_relation:
        return getattr(obj, model_field.attname)
    return _jsonable(getattr(obj, name))


def _space_digits(name: str) -> str:
    """GCAT writes 'Falcon9', 'Atlas5'; people write 'Falcon 9', 'Atlas 5'."""
    return re.sub(r"(?<=[A-Za-z])(?=\d)", " ", name)


def _alias_text(display_name: str, *candidates: Iterable[str] | str) -> str:
    names: list[str] = []
    for candidate in candidates:
        names.extend([candidate] if isinstance(candidate, str) else candidate)
    seen = {display_name.casefold()}
    kept = []
    for name in names:
        name = name.strip()
        if name and name != "-" and name.casefold() not in seen:
            seen.add(name.casefold())
            kept.append(name)
    return "\n".join(kept)


class _Loader:
    def __init__(self, report: LoadReport, progress: Progress):
        self.report = report
        self.progress = progress

    # --- the generic merge ------------------------------------------------------------

    def sync(self, model, label: str, existing: dict, desired: list[Desired]) -> dict:
        """Create missing rows, update rows whose catalog values moved, keep editors' edits."""
        tally = self.report.tallies.setdefault(label, Tally())
        slugs = set(model.objects.values_list("slug", flat=True)) if desired else set()
        m2m_names = sorted({name for d in desired for name in d.m2m})
        current_m2m = {name: self._m2m_map(model, name) for name in m2m_names}
        to_create, to_update, updated_fields = [], [], set()
        m2m_writes: list[tuple[models.Model, str, list]] = []
        result = {}
        for index, wanted in enumerate(desired, start=1):
            obj = existing.get(wanted.key)
            if obj is None:
                obj = model(**wanted.values)
                obj.slug = self._unique_slug(wanted.slug_source, wanted.key, slugs)
                obj.catalog_values = self._catalog_json(wanted)
                to_create.append(obj)
                m2m_writes.extend((obj, n, related) for n, related in wanted.m2m.items())
            else:
                changed, m2m_changed = self._merge(obj, wanted, current_m2m)
                m2m_writes.extend((obj, n, wanted.m2m[n]) for n in m2m_changed)
                if changed or m2m_changed:
                    to_update.append(obj)
                    updated_fields.update(changed)
                else:
                    tally.unchanged += 1
            result[wanted.key] = obj
            if index % 1000 == 0:
                self.progress(label, index, len(desired))
        if to_create:
            bulk_create_with_history(to_create, model, batch_size=BATCH)
        if to_update:
            fields = sorted(updated_fields | {"catalog_values"})
            bulk_update_with_history(to_update, model, fields, batch_size=BATCH)
        self._write_m2m(model, m2m_writes)
        tally.created += len(to_create)
        tally.updated += len(to_update)
        self.progress(label, len(desired), len(desired))
        return result

    def _merge(self, obj, wanted: Desired, current_m2m) -> tuple[list[str], list[str]]:
        previous = obj.catalog_values or {}
        changed = []
        for name, value in wanted.values.items():
            new, now = _jsonable(value), _current(obj, name)
            edited = name in previous and previous[name] != now
            if new != now and not edited:
                setattr(obj, name, value)
                changed.append(name)
        m2m_changed = []
        for name, related in wanted.m2m.items():
            new, now = _jsonable(related), sorted(current_m2m[name].get(obj.pk, ()))
            edited = name in previous and previous[name] != now
            if new != now and not edited:
                m2m_changed.append(name)
        # Keys set outside this merge (an agency's parent) are kept.
        catalog_json = {**previous, **self._catalog_json(wanted)}
        if catalog_json != previous:
            obj.catalog_values = catalog_json
            if not changed and not m2m_changed:
                changed.append("catalog_values")
        return changed, m2m_changed

    @staticmethod
    def _catalog_json(wanted: Desired) -> dict:
        data = {name: _jsonable(value) for name, value in wanted.values.items()}
        data.update({name: _jsonable(related) for name, related in wanted.m2m.items()})
        data["_key"] = _jsonable(wanted.key)
        return data

    @staticmethod
    def _m2m_map(model, name: str) -> dict[int, set[int]]:
        through, source, target = _through_columns(model, name)
        mapping: dict[int, set[int]] = {}
        for owner, related in through.objects.values_list(source, target):
            mapping.setdefault(owner, set()).add(related)
        return mapping

    @staticmethod
    def _write_m2m(model, writes) -> None:
        by_name: dict[str, list] = {}
        for obj, name, related in writes:
            by_name.setdefault(name, []).append((obj, related))
        for name, pairs in by_name.items():
            through, source, target = _through_columns(model, name)
            through.objects.filter(**{f"{source}__in": [obj.pk for obj, _ in pairs]}).delete()
            rows = [
                through(**{source: obj.pk, target: other.pk})
                for obj, related in pairs
                for other in {r.pk: r for r in related}.values()
            ]
            through.objects.bulk_create(rows, batch_size=BATCH)

    @staticmethod
    def _unique_slug(source: str, key: Any, taken: set[str]) -> str:
        base = slugify(source)[:200] or slugify(str(key)) or "item"
        slug = base
        if slug in taken:
            slug = f"{base}-{slugify(str(key))}"[:220]
        counter = 2
        while slug in taken:
            slug = f"{base}-{counter}"
            counter += 1
        taken.add(slug)
        return slug

    # --- each kind of row -------------------------------------------------------------

    def agencies(self, orgs, launches, vehicles) -> dict[str, Agency]:
        """One agency per organisation: GCAT codes that get the same full name are one."""
        by_code = {org.code: org for org in orgs}
        wanted = {code for row in launches for code in row.agencies}
        wanted |= {code for v in vehicles for code in v.manufacturers}
        wanted |= {code for entry in CURATED_INCIDENTS for code in entry.agencies}
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
        groups = _groups(
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
                        "aliases": _alias_text(
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
        return agencies

    def _link_parents(self, agencies: dict[str, Agency], by_code) -> None:
        changed = []
        for code, agency in agencies.items():
            if agency.gcat_code != code:
                continue  # a merged code: the record's own code gives the parent
            parent = agencies.get(by_code[code].parent)
            parent_id = parent.pk if parent and parent.pk != agency.pk else None
            previous = agency.catalog_values.get("parent")
            edited = "parent" in agency.catalog_values and previous != agency.parent_id
            if agency.parent_id != parent_id and not edited:
                agency.parent_id = parent_id
                changed.append(agency)
            if previous != parent_id:
                agency.catalog_values["parent"] = parent_id
                if agency not in changed:
                    changed.append(agency)
        if changed:
            Agency.objects.bulk_update(changed, ["parent", "catalog_values"], batch_size=BATCH)

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
                    "aliases": _alias_text(
                        name,
                        *[[code, _space_digits(code)] for code in sorted(gcat_families[name])],
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
                _absorb(VehicleFamily, target, [stale])

    def vehicles(self, vehicles, family_by_name, agency_by_code) -> dict[tuple, Vehicle]:
        """One vehicle per rocket people name: GCAT's variants of it ("Atlas V 401" C and G,
        "Chang Zheng 3B" G2 and G3) are one record."""
        existing = {
            (v.gcat_name, v.gcat_variant): v
            for v in Vehicle.objects.filter(kind=Vehicle.Kind.LAUNCH_VEHICLE).exclude(gcat_name="")
        }
        groups = _groups(
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
                        "aliases": _alias_text(
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
            _absorb(Vehicle, survivor, [v for v in absorbed if v.pk != survivor.pk])
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
                    "aliases": _alias_text(name, spec["aliases"]),
                },
            )
            for name, spec in curated_aliases.SPACECRAFT.items()
        ]
        synced = self.sync(Vehicle, "Spacecraft", existing, desired)
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
        groups = _groups(
            [row for row in sites if row.code in used],
            name_of=_site_name,
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
                    "aliases": _alias_text(
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
            _absorb(model, survivor, absorbed)
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
                        "spacecraft": _series_of(row, name, spacecraft),
                        "pad": row.pad,
                        "outcome": launch_outcome(row),
                        "success_fraction": row.success_fraction,
                        "launch_code": row.launch_code,
                        "fail_code": row.fail_code,
                        "notes": _with_uncertainty(row.notes, "notes" in row.uncertain),
                        "gcat_citation": row.citation,
                        "aliases": _alias_text(name, mission_aliases(row, name, series)),
                    },
                    m2m={
                        "agencies": [agency_by_code[c] for c in row.agencies if c in agency_by_code]
                    },
                )
            )
        return self.sync(Mission, "Missions", existing, desired)

    def incidents(
        self, launches, missions: dict[str, Mission], vehicle_by_key, site_by_code, agency_by_code
    ) -> None:
        """One published incident per failed launch, with what the curated list adds (a name
        people use, the human cost, sources), and one per curated incident GCAT cannot know:
        a crew lost on the way home, a fire on the ground, a leak in orbit."""
        curated = {entry.launch_tag: entry for entry in CURATED_INCIDENTS if entry.launch_tag}
        existing: dict[str, Incident] = {}
        for incident in Incident.objects.exclude(mission=None).select_related("mission"):
            tag = incident.mission.launch_tag
            if incident.origin in (Incident.Origin.CATALOG, Incident.Origin.CURATED):
                existing[tag] = incident
            else:  # an editor's or an import's incident owns this mission: leave it be
                existing.setdefault(tag, incident)
        for incident in Incident.objects.filter(mission=None, origin=Incident.Origin.CURATED):
            existing[incident.catalog_values.get("_key")] = incident
        vehicle_ids = {m.vehicle_id for m in missions.values() if m.vehicle_id}
        vehicles = Vehicle.objects.in_bulk(vehicle_ids)
        mission_agencies = _Loader._m2m_map(Mission, "agencies")
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
                "agencies": _pk_refs(Agency, mission_agencies.get(mission.pk, set())),
            },
        )


_LOADED_ORIGINS = (Incident.Origin.CATALOG, Incident.Origin.CURATED)


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
            "agencies": [agency_by_code[c] for c in entry.agencies if c in agency_by_code],
        },
    )


def _groups(rows, *, name_of, key_of, uses: Counter) -> list[tuple[str, Any, list]]:
    """(name, primary row, member rows) for rows that get the same name: the primary is the
    member most launches used, so its GCAT code keys the record from one load to the next."""
    by_name: dict[str, list] = {}
    for row in rows:
        by_name.setdefault(name_of(row), []).append(row)
    groups = []
    for name in sorted(by_name):
        members = sorted(by_name[name], key=key_of)
        primary = min(members, key=lambda row: (-uses.get(key_of(row), 0), key_of(row)))
        groups.append((name, primary, members))
    return groups


def _absorb(model, survivor, absorbed) -> None:
    """Merge `absorbed` records into `survivor`: every row that points at them (missions,
    incidents, article mentions, agencies' parents) points at the survivor; then they go."""
    others = [obj.pk for obj in absorbed if obj.pk != survivor.pk]
    if not others:
        return
    for relation in model._meta.related_objects:
        if relation.many_to_many:
            _move_links(relation, survivor.pk, others)
        else:
            related = relation.related_model._base_manager
            related.filter(**{f"{relation.field.name}__in": others}).update(
                **{relation.field.name: survivor.pk}
            )
    model.objects.filter(pk__in=others).delete()


def _move_links(relation, survivor: int, others: list[int]) -> None:
    through = relation.through
    target = relation.field.m2m_reverse_field_name()  # the column pointing at `model`
    source = relation.field.m2m_field_name()
    rows = through.objects.filter(**{f"{target}__in": others})
    linked = set(
        through.objects.filter(**{target: survivor}).values_list(f"{source}_id", flat=True)
    )
    keep = {}
    for owner in rows.values_list(f"{source}_id", flat=True):
        if owner not in linked:
            keep[owner] = through(**{f"{source}_id": owner, f"{target}_id": survivor})
    rows.delete()
    through.objects.bulk_create(keep.values(), batch_size=BATCH)


def _site_name(row: catalog.SiteRow) -> str:
    return (
        curated_names.SITE_NAMES.get(row.code)
        or row.short_english_name
        or row.short_name
        or row.name
    )


def _series_of(row: catalog.LaunchRow, name: str, spacecraft) -> Vehicle | None:
    """The spacecraft series whose prefix starts the mission's name, else its GCAT Mission
    field (where GCAT names the shuttle orbiter: "OV-099 IUS deploy")."""
    for text in (name, row.mission):
        for prefix, craft in spacecraft:
            if text.startswith(prefix):
                return craft
    return None


def _through_columns(model, name: str):
    """The many-to-many table behind `model.name`, its owner column and its other column."""
    through = getattr(model, name).through
    source = f"{model._meta.model_name}_id"
    target = next(f.attname for f in through._meta.fields if f.is_relation and f.attname != source)
    return through, source, target


def _pk_refs(model, ids: Iterable[int]) -> list[models.Model]:
    """Unsaved stand-ins carrying only a primary key: enough to compare and link by id."""
    return [model(pk=pk) for pk in sorted(ids)]


def _phase(failure: catalog.FailureInfo | None) -> str:
    if failure is None or failure.phase not in FlightPhase.values:
        return FlightPhase.UNKNOWN
    return failure.phase


def _with_uncertainty(text: str, uncertain: bool) -> str:
    return f"{text}?" if text and uncertain else text


PLACEHOLDER_NAMES = frozenset(
    {
        "test",
        "test satellite",
        "test satellites",
        "test payload",
        "dummy",
        "dummy satellite",
        "dummy payload",
        "dummy mass",
        "mass simulator",
        "mass model",
        "unknown",
        "payload",
        "demo",
        "ballast",
    }
)
_UNCERTAIN_MARKS = re.compile(r"[\[\]?]")


def flight_name(row: catalog.LaunchRow, vehicle_name: str) -> str | None:
    """The name people know the flight by, None when GCAT gives only a placeholder ("Test",
    "Dummy payload", the rocket's own name). GCAT puts it in Flight, except for named Cygnus
    ships ('S.S. ...'); shuttle flights are known by their STS designation."""
    if row.lv_type == "Space Shuttle":
        designations = flight_id_names(row.flight_id)
        if designations:
            return designations[0]
    raw = row.flight if row.flight and not row.flight.startswith("S.S. ") else row.mission
    name = " ".join(_UNCERTAIN_MARKS.sub(" ", raw or row.flight).split())
    rocket = {vehicle_name.casefold(), *(n.casefold() for n in vehicle_press_names(row.lv_type))}
    if name and name.casefold() not in PLACEHOLDER_NAMES and name.casefold() not in rocket:
        return name
    ids = flight_id_names(row.flight_id)
    return f"{vehicle_name} {ids[0]}" if ids else None


def mission_name(row: catalog.LaunchRow, vehicle_name: str) -> str:
    return flight_name(row, vehicle_name) or placeholder_mission_name(vehicle_name, row.date)


def placeholder_mission_name(vehicle_name: str, day: datetime.date) -> str:
    return f"{vehicle_name} ({format_partial_date(day, DatePrecision.DAY)})"


def incident_title(mission_name: str, vehicle_name: str, label: str, day) -> str:
    """ "Cluster launch failure, Ariane 5G, 4 June 1996"; a flight named after its rocket
    ("Rocket 3.3 LV0006") or not at all is not named twice: "Eris Block 1 launch failure, …"."""
    date_text = format_partial_date(day, DatePrecision.DAY)
    if mission_name == placeholder_mission_name(vehicle_name, day):
        return f"{vehicle_name} {label}, {date_text}"
    if mission_name.startswith(vehicle_name):
        return f"{mission_name} {label}, {date_text}"
    return f"{mission_name} {label}, {vehicle_name}, {date_text}"


def mission_aliases(
    row: catalog.LaunchRow, name: str, series: frozenset[str] = frozenset()
) -> list[str]:
    """Other names of a launch's mission. `series` are words that open the names of several
    payloads ("Glonass", "Starlink"): alone they name no one launch."""
    aliases = [n for n in (row.flight, row.mission) if n and n != name]
    match = re.fullmatch(r"ISS (\d+)([PS])", row.flight_code)
    if match:
        number, letter = match.groups()
        aliases += [row.flight_code, f"{number}{letter}"]
        if letter == "P" and name.startswith("Progress"):
            aliases.append(f"Progress {number}")
    aliases += [
        spelled
        for n in (name, *aliases)
        for spelled in payload_press_names(n)
        if spelled.casefold() not in series
    ]
    aliases += flight_id_names(row.flight_id)
    aliases += curated_aliases.MISSION_ALIASES.get(row.tag, [])
    return aliases


def series_words(launches: Iterable[catalog.LaunchRow]) -> frozenset[str]:
    """Words (casefolded) that open the payload names of more than one launch."""
    openings = Counter(
        match.group(0).casefold()
        for row in launches
        for text in {row.flight, row.mission}
        if (match := re.match(r"[^\W\d_]+", text))
    )
    return frozenset(word for word, count in openings.items() if count > 1)


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
    return launch_outcome(row) in {
        Outcome.FAILURE,
        Outcome.PAD_EXPLOSION,
        Outcome.PARTIAL_FAILURE,
    }


def incident_label(row: catalog.LaunchRow) -> str:
    outcome = launch_outcome(row)
    if outcome == Outcome.PAD_EXPLOSION:
        return "pad explosion" if row.fail_code.startswith("PE") else "launch abort"
    if outcome == Outcome.PARTIAL_FAILURE:
        return "partial launch failure"
    return "launch failure"
