"""What the catalog loader calls things: the names and aliases of missions, incidents and
sites, the records that one name makes one, and the alias lists editors see.

Plain Python, no Django imports (`catalog_loader` writes the rows): rules on GCAT's rows and
names, tested without a database.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Callable, Iterable
from typing import TypeVar

from incidents import catalog, curated_aliases, curated_names
from incidents.partial_dates import Precision, format_partial_date
from incidents.press_names import (
    flight_id_names,
    payload_press_names,
    pinyin_joined,
    vehicle_press_names,
)

Row = TypeVar("Row")
Key = TypeVar("Key", str, tuple[str, str])  # a GCAT code, or a vehicle's name and variant

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
# GCAT's Flight field on an attempt aborted on the pad names the system that stopped it
# ("RSLS abort": the shuttle's Redundant Set Launch Sequencer), not a payload.
_ABORT_DESCRIPTION = re.compile(r"^(?P<system>[A-Z]{2,}) (?i:abort)$")
# Vehicles whose flight designations name the vehicle itself: "STS-41-D" is a shuttle flight.
_DESIGNATION_PREFIXES = {"Space Shuttle": "STS-"}


def space_digits(name: str) -> str:
    """GCAT writes 'Falcon9', 'Atlas5'; people write 'Falcon 9', 'Atlas 5'."""
    return re.sub(r"(?<=[A-Za-z])(?=\d)", " ", name)


def alias_text(display_name: str, *candidates: Iterable[str] | str) -> str:
    """The aliases field: the candidates one per line, each once (in any case), without the
    display name itself, blanks and GCAT's "-"."""
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
    return "\n".join(name for name in kept if not _describes(name, seen))


def _describes(name: str, names: set[str]) -> bool:
    """GCAT's long form of a name: another of the names, then where it is ("GIK-5,
    Baykonur, Kazakstan" beside "GIK-5"). Shown, it reads as the name twice."""
    head, comma, _ = name.partition(",")
    return bool(comma) and head.strip().casefold() in names


def groups_by_name(
    rows: Iterable[Row],
    *,
    name_of: Callable[[Row], str],
    key_of: Callable[[Row], Key],
    uses: Counter[Key],
) -> list[tuple[str, Row, list[Row]]]:
    """(name, primary row, member rows) for rows that get the same name: the primary is the
    member most launches used, so its GCAT code keys the record from one load to the next."""
    by_name: dict[str, list[Row]] = {}
    for row in rows:
        by_name.setdefault(name_of(row), []).append(row)
    groups = []
    for name in sorted(by_name):
        members = sorted(by_name[name], key=key_of)
        primary = min(members, key=lambda row: (-uses.get(key_of(row), 0), key_of(row)))
        groups.append((name, primary, members))
    return groups


def site_name(row: catalog.SiteRow) -> str:
    return (
        curated_names.SITE_NAMES.get(row.code)
        or row.short_english_name
        or row.short_name
        or row.name
    )


def flight_name(row: catalog.LaunchRow, vehicle_name: str) -> str | None:
    """The name people know the flight by, None when GCAT gives only a placeholder ("Test",
    "Dummy payload", the rocket's own name). GCAT puts it in Flight, except for named Cygnus
    ships ('S.S. ...'); shuttle flights are known by their STS designation."""
    curated = curated_names.MISSION_NAMES.get(row.tag)
    if curated:
        return curated
    if row.lv_type == "Space Shuttle":
        designations = flight_id_names(row.flight_id)
        if designations:
            return designations[0]
    raw = row.flight if row.flight and not row.flight.startswith("S.S. ") else row.mission
    name = " ".join(_UNCERTAIN_MARKS.sub(" ", raw or row.flight).split())
    name = "" if abort_system(row) else pinyin_joined(name) or name
    rocket = {vehicle_name.casefold(), *(n.casefold() for n in vehicle_press_names(row.lv_type))}
    if name and name.casefold() not in PLACEHOLDER_NAMES and name.casefold() not in rocket:
        return name
    ids = flight_id_names(row.flight_id)
    return f"{vehicle_name} {ids[0]}" if ids else None


def abort_system(row: catalog.LaunchRow) -> str:
    """The system that aborted a launch on the pad, when GCAT's Flight field names one
    ("RSLS abort" -> "RSLS"), else ""."""
    described = _ABORT_DESCRIPTION.match(row.flight.strip())
    return described["system"] if described else ""


def mission_name(row: catalog.LaunchRow, vehicle_name: str) -> str:
    return flight_name(row, vehicle_name) or placeholder_mission_name(vehicle_name, row.date)


def placeholder_mission_name(vehicle_name: str, day: datetime.date) -> str:
    return f"{vehicle_name} ({format_partial_date(day, Precision.DAY)})"


def incident_title(mission_name: str, vehicle_name: str, label: str, day: datetime.date) -> str:
    """ "Cluster launch failure, Ariane 5G, 4 June 1996"; a flight named after its rocket
    ("Rocket 3.3 LV0006") or not at all is not named twice: "Eris Block 1 launch failure, …"."""
    date_text = format_partial_date(day, Precision.DAY)
    if mission_name == placeholder_mission_name(vehicle_name, day):
        return f"{vehicle_name} {label}, {date_text}"
    designation = _DESIGNATION_PREFIXES.get(vehicle_name)
    if mission_name.startswith(vehicle_name) or (
        designation and mission_name.startswith(designation)
    ):
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


def with_uncertainty(text: str, uncertain: bool) -> str:
    """GCAT's doubt about a field, kept as a question mark after it."""
    return f"{text}?" if text and uncertain else text


# GCAT's organisation classes of government: C civil, D defence.
GOVERNMENT_CLASSES = frozenset({"C", "D"})


def umbrella_code(code: str, orgs: dict[str, catalog.OrgRow]) -> str | None:
    """The organisation people name for GCAT's `code`: the top of its chain of government
    parents (NASA for its Johnson Space Center). A company's parent (Lockheed Martin for
    ULA) owns it rather than being the name people use, so only government chains are
    followed. None when `code` is itself the top."""
    top, seen = code, {code}
    while (org := orgs.get(top)) and org.org_class in GOVERNMENT_CLASSES:
        parent = orgs.get(org.parent)
        if parent is None or parent.org_class not in GOVERNMENT_CLASSES or parent.code in seen:
            break
        top = parent.code
        seen.add(top)
    return top if top != code else None
