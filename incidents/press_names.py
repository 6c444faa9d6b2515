"""Names the press writes for catalog records, derived from GCAT's own fields.

Plain Python, no Django imports. Curated names (facts with a source) live in
`curated_aliases.py`; the rules here are mechanical rewrites of GCAT's spelling that hold for
whole groups of records:

- Chinese vehicles: GCAT writes the pinyin "Chang Zheng 3B"; English news writes "Long March
  3B" (长征, "Long March") or "CZ-3B".
- A version suffix GCAT adds to tell builds apart ("Starship V1.0", "Starship V2") is not
  part of the name people use ("Starship").
- An upper stage after a slash ("Proton-M/Briz-M", "Angara A5/Persei") is left out.
- Pinyin names GCAT writes syllable by syllable ("Shi Jian 18", "Feng Yun 3") are written as
  one word in English news ("Shijian-18", "Fengyun-3"); the Zhongxing satellites are sold as
  "ChinaSat" (China Satcom).
- GCAT's flight ids that read as names ("STS-107", "VV15", "PSLV-C39", "LV0008") are how
  flights are named in news; shuttle ids give the designation crews used ("STS-33/51-L" is
  "STS-51-L", "51-L").
"""

from __future__ import annotations

import re

from incidents import curated_names

_CHANG_ZHENG = re.compile(r"^Chang Zheng[- ]?(?P<model>[^\s/]+)(?P<rest>.*)$")
_ACRONYM_FIRST_MODEL = re.compile(r"^(?P<acronym>[A-Z]{3,})-1$")  # "VLS-1" is "the VLS"
_VERSION_SUFFIX = re.compile(r"^(?P<base>.*\S)\s+V\d+(?:\.\d+)?(?:\s+R\d+)?$")
_DOTTED_SOYUZ = re.compile(r"^(?P<base>Soyuz)-2-1(?P<letter>[ABV])$")
_ROMAN_MODEL = re.compile(r"^(?P<base>[A-Z])-(?P<roman>I{1,3})(?P<letter>[A-Z]?)(?: \d+)?$")
_NAME_LIKE_FLIGHT_ID = re.compile(r"^[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*$")
_SHUTTLE_FLIGHT_ID = re.compile(r"^STS-\d+[A-Z]?/(?P<designation>\d+[A-Z]?-[A-Z])$")
# A shuttle flight by its designation alone, as GCAT writes it on an aborted attempt
# ("STS 41-D Abort", "STS-55 Abort").
_SHUTTLE_DESIGNATION = re.compile(r"^STS[- ](?P<designation>\d+[A-Z]?(?:-[A-Z])?)$")
_ABORTED_ATTEMPT = re.compile(r"^(?P<flight_id>.+?)\s+abort$", re.IGNORECASE)
MIN_FLIGHT_ID_LENGTH = 4
# Words before a number ("Shi Jian 18"); they are pinyin written syllable by syllable when
# every one of them is a single syllable of Mandarin pinyin (an optional initial, a final).
_WORDS_THEN_NUMBER = re.compile(r"^((?:[A-Z][a-z]{0,5} )+[A-Z][a-z]{0,5})(?= \d)")
_PINYIN_SYLLABLE = re.compile(
    "(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    "(?:iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|ai|ao|an|ei|en|er|ia|ie|in|iu"
    "|ou|ua|uo|ui|un|ue|a|o|e|i|u)"
)
# "V88  (501)": a launcher's serial, then the flight number the public knows (Ariane 5's 501)
_FLIGHT_NUMBER_AFTER_ID = re.compile(r"^(?P<id>[A-Za-z][A-Za-z0-9-]*)\s*\((?P<number>\d{3,})\)$")
# Payload series as English news names them: China Satcom's satellites, the Russian
# Ekspress series, Intelsat's (GCAT writes "IS-33e").
_SERIES_IN_ENGLISH = {"Zhongxing": "Chinasat", "Ekspress": "Express", "IS-": "Intelsat "}
_TWO_LETTERS = re.compile(r"[A-Za-z]{2}")
_FIRST_MISSION = re.compile(r"^(?P<base>\S+) M1$")


def vehicle_press_names(gcat_name: str) -> list[str]:
    """Other names of the launch vehicle GCAT calls `gcat_name` (its variant left out)."""
    bases = [gcat_name]
    if "/" in gcat_name:
        bases.append(gcat_name.split("/", 1)[0].strip())
    names = list(bases)
    for base in bases:
        names += _rewrites(base)
    return _unique([name for name in names if name])


# Rockets GCAT names by configuration that people name by model: "Atlas V 401" is an "Atlas
# V", "Ariane 44LP" an "Ariane 4", "Delta 7925" a "Delta II", "Titan 401A" a "Titan IV".
_MODELS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (re.compile(r"^Atlas V \w+"), ("Atlas V", "Atlas 5")),
    (re.compile(r"^Ariane 4\d"), ("Ariane 4",)),
    (re.compile(r"^Ariane 5"), ("Ariane 5",)),
    (re.compile(r"^Ariane 6"), ("Ariane 6",)),
    (re.compile(r"^Delta [67]\d{3}"), ("Delta II", "Delta 2")),
    (re.compile(r"^Delta 8930"), ("Delta III", "Delta 3")),
    (re.compile(r"^Delta 4"), ("Delta IV", "Delta 4")),
    (re.compile(r"^Titan 40\d"), ("Titan IV", "Titan 4")),
    (re.compile(r"^Soyuz-2-1"), ("Soyuz-2",)),
)


def _rewrites(name: str) -> list[str]:
    models = [alias for pattern, aliases in _MODELS if pattern.match(name) for alias in aliases]
    return models + _spellings(name)


def _spellings(name: str) -> list[str]:
    first_model = _ACRONYM_FIRST_MODEL.match(name)
    if first_model:
        return [first_model["acronym"]]
    chinese = _CHANG_ZHENG.match(name)
    if chinese:
        model, rest = chinese["model"], chinese["rest"]
        return [f"Long March {model}{rest}", f"Long March {model}", f"CZ-{model}"]
    version = _VERSION_SUFFIX.match(name)
    if version:
        return [version["base"]]
    soyuz = _DOTTED_SOYUZ.match(name)
    if soyuz:
        dotted = f"2.1{soyuz['letter'].lower()}"
        return [f"Soyuz-{dotted}", f"Soyuz {dotted}"]
    roman = _ROMAN_MODEL.match(name)  # JAXA's H-IIA is "H-2A" and "H2A" in the press
    if roman:
        model = f"{roman['base']}-{roman['roman']}{roman['letter']}"
        number = f"{len(roman['roman'])}{roman['letter']}"
        compact = [f"{roman['base']}{number}"] if roman["letter"] else []  # not "H2": hydrogen
        return [model, f"{roman['base']}-{number}", *compact]
    return []


def payload_press_names(name: str) -> list[str]:
    """Other spellings of a GCAT payload name: "Shi Jian 18" -> "Shijian 18"; each payload of
    a shared launch ("Nusantara Satu/Beresheet"); a first mission without its number
    ("Hakuto-R M1" -> "Hakuto-R")."""
    parts = [part.strip() for part in name.split("/")] if "/" in name else []
    names = [p for p in parts if len(p) >= 4 and p[0].isalpha() and _TWO_LETTERS.search(p)]
    first_mission = _FIRST_MISSION.match(name)
    if first_mission and _TWO_LETTERS.search(first_mission["base"]):
        names.append(first_mission["base"])
    joined = pinyin_joined(name)
    if joined:
        names.append(joined)
    for spelled in [n for n in (name, *names) if "/" not in n]:
        for native, english in _SERIES_IN_ENGLISH.items():
            if spelled.startswith(native):
                names.append(english + spelled[len(native) :])
    return names


def pinyin_joined(name: str) -> str | None:
    """A Chinese payload's name as English news writes it, its pinyin syllables joined
    ("Shi Jian 18" -> "Shijian 18", "Gao Fen 14-02" -> "Gaofen 14-02"); None for a name
    whose words are not all single syllables ("Blue Ghost 1", "Ludi Tance 4A")."""
    words = _WORDS_THEN_NUMBER.match(name)
    if not words or " " not in words.group(1):
        return None
    syllables = words.group(1).split()
    if not all(_PINYIN_SYLLABLE.fullmatch(syllable.lower()) for syllable in syllables):
        return None
    return "".join(syllables).capitalize() + name[words.end() :]


def flight_id_names(flight_id: str) -> list[str]:
    """GCAT's Flight_ID as names people use, or nothing when it is a serial number."""
    value = flight_id.strip()
    aborted = _ABORTED_ATTEMPT.match(value)
    if aborted:  # an attempt aborted on the pad is known by the flight's own id
        value = aborted["flight_id"]
    numbered = _FLIGHT_NUMBER_AFTER_ID.match(value)
    if numbered:
        number = numbered["number"]
        return [*flight_id_names(numbered["id"]), number, f"Flight {number}"]
    shuttle = _SHUTTLE_FLIGHT_ID.match(value) or _SHUTTLE_DESIGNATION.match(value)
    if shuttle:
        designation = shuttle["designation"]
        named = f"STS-{designation}"
        return [named, designation] if "-" in designation else [named]
    if len(value) < MIN_FLIGHT_ID_LENGTH or not _NAME_LIKE_FLIGHT_ID.match(value):
        return []
    if not any(c.isdigit() for c in value) or not any(c.isalpha() for c in value):
        return []
    return [value]


def _unique(names: list[str]) -> list[str]:
    seen: set[str] = set()
    kept = []
    for name in names:
        if name.casefold() not in seen:
            seen.add(name.casefold())
            kept.append(name)
    return kept


# --------------------------------------------------------------------------- display names

_CORPORATE_SUFFIX = re.compile(
    r"(?<![\s,]),?\s++(?:Inc|Ltd|LLC|Co|Corp|GmbH|S\.A|AG|plc|Pty)\.?$|(?<!\s)\s*+\(\?\)$",
    re.IGNORECASE,
)
_DELTA_II = re.compile(r"^Delta (?P<model>[67]\d{3}.*)$")


def vehicle_display_name(gcat_name: str, variant: str) -> str:
    """The name people use for GCAT's vehicle `gcat_name` / `variant`."""
    if gcat_name == "Falcon 9":
        return curated_names.FALCON_9_VERSIONS.get(variant, "Falcon 9")
    base = curated_names.VEHICLE_NAMES.get(gcat_name) or _displayed(gcat_name)
    if variant in curated_names.NAMED_UPPER_STAGES:
        return f"{base}/{variant}"
    return base


def _displayed(gcat_name: str) -> str:
    chinese = _CHANG_ZHENG.match(gcat_name)
    if chinese:
        return f"Long March {chinese['model']}{chinese['rest']}"
    soyuz = _DOTTED_SOYUZ.match(gcat_name)
    if soyuz:
        return f"Soyuz-2.1{soyuz['letter'].lower()}"
    delta_ii = _DELTA_II.match(gcat_name)
    if delta_ii:  # the 6000 and 7000 series are Delta II (ulalaunch.com)
        return f"Delta II {delta_ii['model']}"
    return gcat_name


def family_display_name(gcat_name: str, gcat_family: str) -> str:
    """The family people put GCAT's vehicle in: Soyuz, not R-7; Long March, not DF 5."""
    for family, beginnings in curated_names.FAMILIES:
        if gcat_name.startswith(beginnings):
            return family
    return re.sub(r"(?<=[A-Za-z])(?=\d)", " ", gcat_family)  # "Falcon9" -> "Falcon 9"


def agency_display_name(code: str, english_name: str, name: str) -> str:
    """An organisation's full name, without GCAT's "(?)" and corporate suffixes."""
    curated = curated_names.AGENCY_NAMES.get(code)
    if curated:
        return curated
    full = english_name or name
    return _CORPORATE_SUFFIX.sub("", full).strip() or full
