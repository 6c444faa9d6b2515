"""Readers for the GCAT launch catalog files (J. McDowell, planet4589.org).

Plain Python, no Django imports. Four readers turn the reference files into frozen rows:

- ``read_launches``: ``orbital-launches.csv``, GCAT's launch list exported as comma-separated
  values (a header line, numeric columns padded with spaces);
- ``read_vehicles``, ``read_orgs``, ``read_sites``: ``lv.tsv``, ``orgs.tsv`` and ``sites.tsv`` in
  GCAT's native format: tab-separated, a first line starting with ``#`` that names the columns,
  further ``#`` comment lines (``# Updated ...``), then data padded with spaces.

GCAT conventions applied to every text field: padding is stripped, ``-`` means empty, and a
trailing ``?`` means GCAT marks the value uncertain. The ``?`` is removed from the value and the
row's ``uncertain`` set gets the name of the field instead (``KVR?`` -> ``KVR`` with ``agencies``
in ``uncertain``; a bare ``?`` -> ``''`` marked uncertain). GCAT's separate flag columns
(``Apoflag``, ``LFlag``, ``DFlag``, ``MFlag``) mark the matching number uncertain the same way.
Two exceptions: ``LaunchRow.fail_code`` keeps its markers (``S3?``, ``S1G*``) because they are
part of the fail-code syntax that ``describe_fail_code`` reads; and a key field that holds nothing
but ``?`` (GCAT's vehicle named ``?``) keeps the ``?`` as its value, marked uncertain.

A malformed row (wrong number of fields, an unparseable date or number, an empty key) becomes a
``Problem`` naming the file, the physical line and the reason; it is skipped and reading goes on.
A missing file raises ``FileNotFoundError``; a file that cannot be decoded or has no usable
header raises ``CatalogFormatError``.
"""

from __future__ import annotations

import csv
import datetime
import math
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypedDict, TypeVar

T = TypeVar("T")

LAUNCHES_FILE = "orbital-launches.csv"
VEHICLES_FILE = "lv.tsv"
ORGS_FILE = "orgs.tsv"
SITES_FILE = "sites.tsv"

# Read as UTF-8; the "-sig" variant only drops a byte-order mark if an editor added one.
_ENCODING = "utf-8-sig"
_UNCERTAIN_MARK = "?"


class CatalogFormatError(ValueError):
    """A catalog file that cannot be read at all (undecodable, no header, missing columns)."""


@dataclass(frozen=True)
class Problem:
    """A malformed row: reported, skipped, never stops the load."""

    path: str
    line: int  # 1-based physical line number in the file
    reason: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.reason}"


@dataclass(frozen=True)
class ReadResult(Generic[T]):
    rows: tuple[T, ...]
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class OrgRow:
    code: str
    ucode: str
    state_code: str
    types: tuple[str, ...]
    org_class: str
    start: str
    stop: str  # GCAT writes '*' for "still in existence"; kept as written
    short_name: str
    name: str
    location: str
    longitude: float | None
    latitude: float | None
    parent: str
    short_english_name: str
    english_name: str
    native_name: str
    uncertain: frozenset[str]
    line: int


@dataclass(frozen=True)
class VehicleRow:
    name: str
    family: str
    manufacturers: tuple[str, ...]
    variant: str
    alias: str
    min_stage: int | None
    max_stage: int | None
    length_m: float | None
    diameter_m: float | None
    launch_mass_t: float | None
    leo_capacity_kg: float | None
    gto_capacity_kg: float | None
    vehicle_class: str
    uncertain: frozenset[str]
    line: int


@dataclass(frozen=True)
class SiteRow:
    code: str  # the Site column, which launches name in Launch_Site
    ucode: str
    site_type: str
    state_code: str
    start: str
    stop: str  # GCAT writes '*' for "still in use"; kept as written
    short_name: str
    name: str
    location: str
    longitude: float | None
    latitude: float | None
    parent: str
    short_english_name: str
    english_name: str
    group: str
    native_name: str
    uncertain: frozenset[str]
    line: int


_LAUNCH_CODE = re.compile(r"^(?P<category>[A-Z])(?P<outcome>[SFUE])(?P<fraction>\d{1,3})?$")


@dataclass(frozen=True)
class LaunchRow:
    tag: str
    julian_date: float | None
    date: datetime.date
    lv_type: str
    variant: str
    flight_id: str
    flight: str
    mission: str
    flight_code: str
    platform: str
    site: str
    pad: str
    apogee_km: float | None
    dest: str
    payload_mass_t: float | None
    agencies: tuple[str, ...]
    launch_code: str
    fail_code: str  # raw, markers included ('S3?', 'S1G*'); '' when none
    category: str
    notes: str
    uncertain: frozenset[str]
    line: int
    citation: str = ""  # GCAT's own source for the launch (LTCite, else Cite)

    @property
    def is_deep_space(self) -> bool:
        return self.launch_code.startswith("D")

    @property
    def outcome_letter(self) -> str:
        """'S' success, 'F' failure, 'U' unknown, 'E' pad explosion or abort with no launch."""
        return self.launch_code[1:2]

    @property
    def success_fraction(self) -> int | None:
        """GCAT's launch success fraction in percent (OF30 -> 30), None when not given."""
        match = _LAUNCH_CODE.match(self.launch_code)
        if match is None or match["fraction"] is None:
            return None
        return int(match["fraction"])


# --- field cleaning -----------------------------------------------------------------------


class _RowError(Exception):
    """Why one row cannot be read; becomes a Problem."""


def _clean(raw: str) -> tuple[str, bool]:
    """Strip padding, turn '-' into '', and split off a trailing uncertainty mark."""
    value = raw.strip()
    uncertain = value.endswith(_UNCERTAIN_MARK)
    if uncertain:
        value = value[:-1].rstrip()
    if value and not value.strip("- "):  # '-', and oddities such as '- -'
        value = ""
    return value, uncertain


class _Fields:
    """One data row, read by column name, collecting the names of uncertain fields."""

    def __init__(self, values: Sequence[str], columns: Mapping[str, int]) -> None:
        self._values = values
        self._columns = columns
        self.uncertain: set[str] = set()

    def raw(self, column: str) -> str:
        return self._values[self._columns[column]]

    def text(self, column: str, name: str) -> str:
        value, uncertain = _clean(self.raw(column))
        if uncertain:
            self.uncertain.add(name)
        return value

    def optional_text(self, column: str, name: str) -> str:
        """A column older exports may lack: "" when it is not there."""
        return self.text(column, name) if column in self._columns else ""

    def key(self, column: str, name: str) -> str:
        value = self.text(column, name)
        if value:
            return value
        if self.raw(column).strip() == _UNCERTAIN_MARK:
            return _UNCERTAIN_MARK  # GCAT's own placeholder name, e.g. the vehicle '?'
        raise _RowError(f"empty {column}")

    def parts(self, column: str, name: str) -> tuple[str, ...]:
        """A '/'-separated list such as 'O/LA/PL' or 'ISRO/NSIL'."""
        value = self.text(column, name)
        result = []
        for part in value.split("/"):
            cleaned, uncertain = _clean(part)
            if uncertain:
                self.uncertain.add(name)
            if cleaned:
                result.append(cleaned)
        return tuple(result)

    def number(self, column: str, name: str, flag_column: str | None = None) -> float | None:
        value = self.text(column, name)
        if flag_column is not None and self.raw(flag_column).strip() == _UNCERTAIN_MARK:
            self.uncertain.add(name)
        if not value:
            return None
        try:
            number = float(value)
        except ValueError:
            raise _RowError(f"{column} is not a number: {value!r}") from None
        if not math.isfinite(number):
            raise _RowError(f"{column} is not a finite number: {value!r}")
        return number

    def integer(self, column: str, name: str) -> int | None:
        value = self.text(column, name)
        if not value:
            return None
        try:
            return int(value)
        except ValueError:
            raise _RowError(f"{column} is not a whole number: {value!r}") from None

    def date(self, column: str, name: str) -> datetime.date:
        value = self.text(column, name)
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            raise _RowError(f"{column} is not an ISO date: {value!r}") from None


# --- reading files ------------------------------------------------------------------------


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    """Yield (physical line number, text) for every non-blank line of the file."""
    try:
        with path.open(encoding=_ENCODING, newline="") as handle:
            for number, text in enumerate(handle, start=1):
                text = text.rstrip("\r\n")
                if text.strip():
                    yield number, text
    except UnicodeDecodeError as error:
        raise CatalogFormatError(f"{path}: not valid UTF-8 ({error.reason})") from error


def _split(text: str, delimiter: str) -> list[str]:
    """Split one line into fields.

    GCAT records never span lines, so each line is parsed on its own: a stray quote spoils only
    its own line (which comes out with the wrong number of fields) instead of swallowing the
    lines after it.
    """
    # QUOTE_NONE for GCAT's TSVs: their names contain bare '"' characters.
    try:
        if delimiter == "\t":
            return next(csv.reader((text,), delimiter=delimiter, quoting=csv.QUOTE_NONE))
        return next(csv.reader((text,), delimiter=delimiter, quoting=csv.QUOTE_MINIMAL))
    except csv.Error as error:
        raise _RowError(f"unreadable line ({error})") from None


def _column_index(
    path: Path, header: Sequence[str], required: Sequence[str], line: int
) -> dict[str, int]:
    columns = {name.strip(): index for index, name in enumerate(header)}
    missing = [name for name in required if name not in columns]
    if missing:
        raise CatalogFormatError(f"{path}:{line}: header lacks column(s) {', '.join(missing)}")
    return columns


def _read(
    path: str | Path,
    *,
    delimiter: str,
    gcat_header: bool,
    required: Sequence[str],
    build: Callable[[_Fields, int], T],
) -> ReadResult[T]:
    path = Path(path)
    kind = "tab" if delimiter == "\t" else "comma"
    rows: list[T] = []
    problems: list[Problem] = []
    columns: dict[str, int] | None = None
    for line, text in _lines(path):
        if columns is None:
            try:
                header = _split(text, delimiter)
            except _RowError as error:
                raise CatalogFormatError(f"{path}:{line}: header {error}") from None
            if gcat_header:
                if not header[0].startswith("#"):
                    raise CatalogFormatError(
                        f"{path}:{line}: expected a GCAT header line starting with '#'"
                    )
                header[0] = header[0][1:]
            columns = _column_index(path, header, required, line)
            width = len(header)
            continue
        if gcat_header and text.startswith("#"):
            continue  # GCAT comment, e.g. '# Updated 2025 Dec  1'
        try:
            values = _split(text, delimiter)
        except _RowError as error:
            problems.append(Problem(str(path), line, str(error)))
            continue
        if len(values) != width:
            problems.append(
                Problem(
                    str(path),
                    line,
                    f"expected {width} {kind}-separated fields, found {len(values)}",
                )
            )
            continue
        fields = _Fields(values, columns)
        try:
            rows.append(build(fields, line))
        except _RowError as error:
            problems.append(Problem(str(path), line, str(error)))
    if columns is None:
        raise CatalogFormatError(f"{path}: empty file, no header line")
    return ReadResult(rows=tuple(rows), problems=tuple(problems))


# --- the four files -----------------------------------------------------------------------

_ORG_COLUMNS = (
    "Code", "UCode", "StateCode", "Type", "Class", "TStart", "TStop", "ShortName", "Name",
    "Location", "Longitude", "Latitude", "Parent", "ShortEName", "EName", "UName",
)  # fmt: skip


class _Place(TypedDict):
    ucode: str
    state_code: str
    start: str
    stop: str
    short_name: str
    name: str
    location: str
    longitude: float | None
    latitude: float | None
    parent: str
    short_english_name: str
    english_name: str
    native_name: str


def _place(f: _Fields) -> _Place:
    """The columns orgs.tsv and sites.tsv share: codes, dates, names, position, parent."""
    return {
        "ucode": f.text("UCode", "ucode"),
        "state_code": f.text("StateCode", "state_code"),
        "start": f.text("TStart", "start"),
        "stop": f.text("TStop", "stop"),
        "short_name": f.text("ShortName", "short_name"),
        "name": f.text("Name", "name"),
        "location": f.text("Location", "location"),
        "longitude": f.number("Longitude", "longitude"),
        "latitude": f.number("Latitude", "latitude"),
        "parent": f.text("Parent", "parent"),
        "short_english_name": f.text("ShortEName", "short_english_name"),
        "english_name": f.text("EName", "english_name"),
        "native_name": f.text("UName", "native_name"),
    }


def _org(f: _Fields, line: int) -> OrgRow:
    return OrgRow(
        code=f.key("Code", "code"),
        types=f.parts("Type", "types"),
        org_class=f.text("Class", "org_class"),
        **_place(f),
        uncertain=frozenset(f.uncertain),
        line=line,
    )


def read_orgs(path: str | Path) -> ReadResult[OrgRow]:
    """Read GCAT's ``orgs.tsv``: agencies, companies, countries."""
    return _read(path, delimiter="\t", gcat_header=True, required=_ORG_COLUMNS, build=_org)


_VEHICLE_COLUMNS = (
    "LV_Name", "LV_Family", "LV_Manufacturer", "LV_Variant", "LV_Alias", "LV_Min_Stage",
    "LV_Max_Stage", "Length", "LFlag", "Diameter", "DFlag", "Launch_Mass", "MFlag",
    "LEO_Capacity", "GTO_Capacity", "Class",
)  # fmt: skip


def _vehicle(f: _Fields, line: int) -> VehicleRow:
    return VehicleRow(
        name=f.key("LV_Name", "name"),
        family=f.text("LV_Family", "family"),
        manufacturers=f.parts("LV_Manufacturer", "manufacturers"),
        variant=f.text("LV_Variant", "variant"),
        alias=f.text("LV_Alias", "alias"),
        min_stage=f.integer("LV_Min_Stage", "min_stage"),
        max_stage=f.integer("LV_Max_Stage", "max_stage"),
        length_m=f.number("Length", "length_m", flag_column="LFlag"),
        diameter_m=f.number("Diameter", "diameter_m", flag_column="DFlag"),
        launch_mass_t=f.number("Launch_Mass", "launch_mass_t", flag_column="MFlag"),
        leo_capacity_kg=f.number("LEO_Capacity", "leo_capacity_kg"),
        gto_capacity_kg=f.number("GTO_Capacity", "gto_capacity_kg"),
        vehicle_class=f.text("Class", "vehicle_class"),
        uncertain=frozenset(f.uncertain),
        line=line,
    )


def read_vehicles(path: str | Path) -> ReadResult[VehicleRow]:
    """Read GCAT's ``lv.tsv``: launch vehicles, one row per vehicle name and variant."""
    return _read(path, delimiter="\t", gcat_header=True, required=_VEHICLE_COLUMNS, build=_vehicle)


# sites.tsv also has a Code column; it belongs to GCAT's launch-pad file format and is always
# '-' for sites, so it is not read.
_SITE_COLUMNS = (
    "Site", "UCode", "Type", "StateCode", "TStart", "TStop", "ShortName", "Name", "Location",
    "Longitude", "Latitude", "Parent", "ShortEName", "EName", "Group", "UName",
)  # fmt: skip


def _site(f: _Fields, line: int) -> SiteRow:
    return SiteRow(
        code=f.key("Site", "code"),
        site_type=f.text("Type", "site_type"),
        group=f.text("Group", "group"),
        **_place(f),
        uncertain=frozenset(f.uncertain),
        line=line,
    )


def read_sites(path: str | Path) -> ReadResult[SiteRow]:
    """Read GCAT's ``sites.tsv``: launch sites."""
    return _read(path, delimiter="\t", gcat_header=True, required=_SITE_COLUMNS, build=_site)


_LAUNCH_COLUMNS = (
    "Launch_Tag", "Launch_JD", "Launch_Date", "LV_Type", "Variant", "Flight_ID", "Flight",
    "Mission", "FlightCode", "Platform", "Launch_Site", "Launch_Pad", "Apogee", "Apoflag",
    "Dest", "OrbPay", "Agency", "LaunchCode", "FailCode", "Category", "Notes",
)  # fmt: skip


def _launch(f: _Fields, line: int) -> LaunchRow:
    launch_code = f.text("LaunchCode", "launch_code")
    if not _LAUNCH_CODE.match(launch_code):
        raise _RowError(f"LaunchCode is not a GCAT launch code: {launch_code!r}")
    fail_code = f.raw("FailCode").strip()
    if fail_code == "-":
        fail_code = ""
    if fail_code.endswith(_UNCERTAIN_MARK):
        f.uncertain.add("fail_code")
    return LaunchRow(
        tag=f.key("Launch_Tag", "tag"),
        julian_date=f.number("Launch_JD", "julian_date"),
        date=f.date("Launch_Date", "date"),
        lv_type=f.text("LV_Type", "lv_type"),
        variant=f.text("Variant", "variant"),
        flight_id=f.text("Flight_ID", "flight_id"),
        flight=f.text("Flight", "flight"),
        mission=f.text("Mission", "mission"),
        flight_code=f.text("FlightCode", "flight_code"),
        platform=f.text("Platform", "platform"),
        site=f.text("Launch_Site", "site"),
        pad=f.text("Launch_Pad", "pad"),
        apogee_km=f.number("Apogee", "apogee_km", flag_column="Apoflag"),
        dest=f.text("Dest", "dest"),
        payload_mass_t=f.number("OrbPay", "payload_mass_t"),
        agencies=f.parts("Agency", "agencies"),
        launch_code=launch_code,
        fail_code=fail_code,
        category=f.text("Category", "category"),
        notes=f.text("Notes", "notes"),
        citation=f.optional_text("LTCite", "citation") or f.optional_text("Cite", "citation"),
        uncertain=frozenset(f.uncertain),
        line=line,
    )


def read_launches(path: str | Path) -> ReadResult[LaunchRow]:
    """Read ``orbital-launches.csv``: GCAT's orbital and deep-space launch list as CSV."""
    return _read(path, delimiter=",", gcat_header=False, required=_LAUNCH_COLUMNS, build=_launch)


# --- fail codes -----------------------------------------------------------------------------
#
# GCAT's FailCode column says what failed. We found no public definition of the codes, so the
# meanings below are our reading of the catalog itself, checked against the Notes column of
# every failed launch in the 2025 Dec 1 data. Where a reading is a guess, it says so.
#
#   S<n><system><burn>  stage n failed: S0 = strap-on boosters (stage 0), S1 first stage, ...
#       system letter:  P propulsion ("turbopump", "early shutdown", "nozzle ruptured")
#                       G guidance and control ("gyro failure", "pitch oscillation", "TVC")
#                       S separation ("no S2/S3 sep", "late separation")
#                       I ignition ("no third stage burn", "S4 no burn")
#                       R restart, i.e. a later burn or the coast before it ("no restart")
#                       E electrical ("battery failure", "electrical arc")
#                       U underperformance: the notes say "early cutoff", "underburn", "fuel
#                         depletion". Not "unknown": a bare stage code such as S2 is what GCAT
#                         uses when the failure mode is unknown.
#                       (none) the stage failed in a way GCAT does not say.
#       burn digits:    which burn of that stage (S2P2 = second burn; Briz-M rows go up to P5).
#   PE  explosion on the pad (the README's reading; includes static-test and fuelling explosions)
#   PA  payload failed to separate or deploy; PI payload's own motor failed to ignite;
#   PG  payload's guidance or attitude control failed during a burn.
#   FF  payload fairing failed (structure or jettison).
#   FS  guess: a separation or structural failure of the stack outside the numbered stages.
#       Its four rows describe a payload adapter failure, a premature separation of the upper
#       stack and two strap-on problems (attachment, ignition); we place it with the fairing
#       (the leading F it shares with FF) and call the system "separation".
#   AD  accidental destruct: the flight termination system fired in error (radio interference,
#       a mistaken range-safety call). Placed under "ground" as a range-safety action.
#   AL  guess: an accident on the pad before launch (its only row is an Agena whose separation
#       pyros fired on the pad).
#   WX  weather (its only row is a lightning strike).
#   U   failure mode unknown; UX unconfirmed launch (did a launch happen at all?).
#   ?   trailing: GCAT is unsure of the code.
#   *   trailing: not defined anywhere we could find. In the data it marks failures after which
#       the vehicle flew on (later stages fired, a partial orbit, "uppers fired", "S3/S4
#       fired"); reported as FailureInfo.starred, and NOT read as uncertainty.
#   /   two codes for one launch, e.g. AD/S1S or S2P/FS; the first is the main one.

PHASES = (
    "pad",
    "boosters",
    "first_stage",
    "second_stage",
    "third_stage",
    "fourth_stage",
    "upper_stage",
    "fairing",
    "payload",
    "ground",
    "unknown",
)

_STAGE_PHASES = {
    0: "boosters",
    1: "first_stage",
    2: "second_stage",
    3: "third_stage",
    4: "fourth_stage",
}
_STAGE_SYSTEMS = {
    "": "",
    "P": "propulsion",
    "G": "guidance and control",
    "S": "separation",
    "I": "ignition",
    "R": "restart",
    "E": "electrical",
    "U": "underperformance",
}
_WHOLE_CODES: dict[str, tuple[str, str]] = {
    "PE": ("pad", "explosion"),
    "PA": ("payload", "separation or deployment"),
    "PI": ("payload", "ignition"),
    "PG": ("payload", "guidance and control"),
    "FF": ("fairing", "fairing failure"),
    "FS": ("fairing", "separation"),
    "AD": ("ground", "accidental destruct"),
    "AL": ("pad", "accident before launch"),
    "WX": ("ground", "weather"),
    "U": ("unknown", ""),
    "UX": ("unknown", "launch unconfirmed"),
}
# What failed, in the words fail codes give: the incident list filters by these.
FAILED_SYSTEMS: tuple[str, ...] = tuple(
    dict.fromkeys(
        [*(s for s in _STAGE_SYSTEMS.values() if s), *(s for _, s in _WHOLE_CODES.values() if s)]
    )
)
_STAGE_CODE = re.compile(r"^S(?P<stage>\d)(?P<system>[A-Z]?)(?P<burn>\d*)$")
_MARKERS = "?*"
_PHASE_WORDS = {
    "pad": "on the pad",
    "boosters": "strap-on boosters",
    "first_stage": "first stage",
    "second_stage": "second stage",
    "third_stage": "third stage",
    "fourth_stage": "fourth stage",
    "upper_stage": "upper stage",
    "fairing": "payload fairing",
    "payload": "payload",
    "ground": "ground or range",
    "unknown": "unknown",
}


@dataclass(frozen=True)
class FailureInfo:
    """What GCAT's FailCode says failed. See the notes above for how each code is read."""

    phase: str  # one of PHASES
    system: str  # e.g. "propulsion"; '' when the code does not say
    uncertain: bool  # GCAT marked the code with '?'
    code: str  # the code as given, markers included
    burn: int | None = None  # which burn of the stage failed (S2P2 -> 2), when given
    starred: bool = False  # GCAT's '*' marker (see the notes above)
    also: tuple[FailureInfo, ...] = field(default=())  # further codes after a '/'

    @property
    def summary(self) -> str:
        """Short human words, e.g. 'third stage: propulsion'."""
        words = _PHASE_WORDS[self.phase]
        if self.system:
            words = f"{words}: {self.system}"
        if self.burn is not None:
            words = f"{words} (burn {self.burn})"
        if self.uncertain:
            words = f"{words} (uncertain)"
        return words


def _describe_one(code: str) -> FailureInfo:
    bare = code.rstrip(_MARKERS)
    markers = code[len(bare) :]
    uncertain = "?" in markers
    starred = "*" in markers
    if bare in _WHOLE_CODES:
        phase, system = _WHOLE_CODES[bare]
        return FailureInfo(phase, system, uncertain, code, starred=starred)
    match = _STAGE_CODE.match(bare)
    if match and match["system"] in _STAGE_SYSTEMS:
        stage = int(match["stage"])
        return FailureInfo(
            phase=_STAGE_PHASES.get(stage, "upper_stage"),
            system=_STAGE_SYSTEMS[match["system"]],
            uncertain=uncertain,
            code=code,
            burn=int(match["burn"]) if match["burn"] else None,
            starred=starred,
        )
    return FailureInfo("unknown", "", uncertain, code, starred=starred)


def describe_fail_code(code: str) -> FailureInfo | None:
    """Read a GCAT FailCode: 'S3P' -> third_stage / propulsion, 'PE' -> pad / explosion.

    Returns None for an empty code ('' or '-'). An unrecognised code gives phase "unknown".
    """
    code = code.strip()
    if code in ("", "-"):
        return None
    first, *rest = [part.strip() for part in code.split("/") if part.strip()] or [code]
    main = _describe_one(first)
    if not rest:
        return main
    others = tuple(_describe_one(part) for part in rest)
    return FailureInfo(
        phase=main.phase,
        system=main.system,
        uncertain=main.uncertain or any(other.uncertain for other in others),
        code=code,
        burn=main.burn,
        starred=main.starred,
        also=others,
    )
