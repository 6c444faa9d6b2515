"""Catalog names in a query: vehicles (with their variants), families, spacecraft series,
agencies, launch sites and missions, in every spelling the catalog knows.

`load_names` asks the database (one query per kind); the matching is plain Python.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import BooleanField, F, Func, Q
from django.db.models.sql.compiler import SQLCompiler

from search.query.text import (
    FOLDS_KEPT,
    MAX_ATOMS,
    SEPARATORS,
    STOP_WORDS,
    Token,
    fold,
    has_cyrillic,
    transliterate,
)

MAX_NAME_TOKENS = 8
NAME_ROWS_PER_KIND = 400
MAX_LINKS = 8


@dataclass(frozen=True)
class NameRecord:
    """A catalog record the query may name."""

    kind: str  # family, vehicle, spacecraft, agency, site, mission
    pk: int
    name: str
    slug: str
    names: tuple[str, ...]
    family_pk: int | None = None
    family_name: str = ""
    family_slug: str = ""


KIND_LABELS = {
    "family": "vehicle family",
    "vehicle": "vehicle",
    "spacecraft": "spacecraft",
    "agency": "agency",
    "site": "launch site",
    "mission": "mission",
}
URL_NAMES = {
    "family": "incidents:family",
    "vehicle": "incidents:vehicle",
    "spacecraft": "incidents:vehicle",
    "agency": "incidents:agency",
    "site": "incidents:site",
    "mission": "incidents:mission",
}


@dataclass(frozen=True)
class Entity:
    """A name read in the query: shown as a chip, applied as a filter."""

    kind: str  # vehicle (families, vehicles, spacecraft), agency, site or mission
    label: str
    words: str
    span: tuple[int, int]
    records: tuple[NameRecord, ...]

    def ids(self, kind: str) -> list[int]:
        return sorted({r.pk for r in self.records if r.kind == kind})

    def incident_filter(self) -> Q:
        """Incidents this name stands for, by the incident's own columns: the ids of its
        families, vehicles (a spacecraft series among them) and agencies, kept by
        services.refresh_search_names, its site and its mission. On PostgreSQL each id list
        has a GIN index and all are included in the status/date index (incidents migration
        0005): the incidents of a rare name are looked up, those of a common one read off the
        date index alone."""
        listed: dict[str, set[int]] = {}
        for kind, column in _LISTED_ID_COLUMNS:
            listed.setdefault(column, set()).update(self.ids(kind))
        condition = Q()
        for column, ids in listed.items():
            if ids:
                condition |= Q(ListsAnyId(column, ids))
        for kind, column in (("site", "site_id"), ("mission", "mission_id")):
            if own_ids := self.ids(kind):
                condition |= Q(**{f"{column}__in": own_ids})
        return condition


_LISTED_ID_COLUMNS = (
    ("family", "family_ids"),
    ("vehicle", "vehicle_ids"),
    ("spacecraft", "vehicle_ids"),
    ("agency", "agency_ids"),
)


class ListsAnyId(Func):
    """True where a column of space-separated ids ("3 17") holds any of `ids`. PostgreSQL
    compares arrays, as the GIN indexes of incidents migration 0005 do; SQLite matches
    a regular expression."""

    output_field = BooleanField()

    def __init__(self, column: str, ids: Iterable[int]):
        super().__init__(F(column))
        self.ids = sorted(int(pk) for pk in ids)

    def as_sql(  # type: ignore[override]  # Func's extra formatting arguments are unused
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> tuple[str, list[Any]]:
        column, params = compiler.compile(self.source_expressions[0])
        pattern = "(^| )(" + "|".join(map(str, self.ids)) + ")( |$)"
        return f"{column} REGEXP %s", [*params, pattern]

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> tuple[str, list[Any]]:
        column, params = compiler.compile(self.source_expressions[0])
        return f"string_to_array({column}, ' ')::bigint[] && %s::bigint[]", [*params, self.ids]


@dataclass(frozen=True)
class QuickLink:
    kind: str
    name: str
    slug: str

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def url_name(self) -> str:
        return URL_NAMES[self.kind]


# --------------------------------------------------------------------------- names


def lookup_words(tokens: Iterable[str]) -> list[str]:
    """Words worth looking up in the catalog: with a letter, not a stop word; words of three
    characters or more when there are any (a two-letter word alone matches half the catalog)."""
    words: list[str] = []
    for token in tokens:
        for variant in (token, transliterate(token)) if has_cyrillic(token) else (token,):
            for part in SEPARATORS.split(variant):
                if len(part) >= 2 and any(c.isalpha() for c in part):
                    if part.casefold() not in STOP_WORDS:
                        words.append(part)
    words = list(dict.fromkeys(words))
    longer = [w for w in words if len(w) >= 3]
    return (longer or words)[:MAX_ATOMS]


# What load_names reads of each kind, after its kind, id, name, slug and aliases: the vehicle
# kind, family id, family name and slug, and the agency's short, English and native names.
_NO_TEXT = "CAST(NULL AS text)"
_NO_FAMILY = (_NO_TEXT, "CAST(NULL AS bigint)", _NO_TEXT, _NO_TEXT)
_NO_AGENCY = (_NO_TEXT, _NO_TEXT, _NO_TEXT)
_NAME_SOURCES = {  # kind: (FROM, the other columns' values)
    "family": ("incidents_vehiclefamily AS t", (*_NO_FAMILY, *_NO_AGENCY)),
    "vehicle": (
        "incidents_vehicle AS t LEFT JOIN incidents_vehiclefamily AS f ON f.id = t.family_id",
        ("t.kind", "t.family_id", "f.name", "f.slug", *_NO_AGENCY),
    ),
    "agency": (
        "incidents_agency AS t",
        (*_NO_FAMILY, "t.short_name", "t.english_name", "t.native_name"),
    ),
    "site": ("incidents_launchsite AS t", (*_NO_FAMILY, *_NO_AGENCY)),
    "mission": ("incidents_mission AS t", (*_NO_FAMILY, *_NO_AGENCY)),
}
_OTHER_COLUMNS = (
    "vehicle_kind",
    "family_id",
    "family_name",
    "family_slug",
    "short_name",
    "english_name",
    "native_name",
)
_NAMED_COLUMNS = ("name", "aliases")
_AGENCY_NAMED_COLUMNS = ("name", "aliases", "short_name", "native_name", "english_name")


def load_names(words: Sequence[str], phrases: Sequence[str] = ()) -> list[NameRecord]:
    """Catalog records whose name or aliases contain one of `words`, the NAME_ROWS_PER_KIND
    shortest names of each kind, in one query; those that contain one of `phrases` (words
    written together, "Zenit-2 No. 1") come first, so that a common word ("Zenit": 539
    missions) does not crowd out the one name typed in full.

    Each word is looked up on its own (a UNION of one branch per word): with every word in
    one WHERE, PostgreSQL reads all 7,000 missions once there are four LIKEs (20 ms), where
    each word's trigram index scan takes 1 ms."""
    from django.db import connection

    from incidents.models import Vehicle

    if not words:
        return []
    sql, params = _names_query(words, phrases, connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    kinds = list(_NAME_SOURCES)
    # as each kind's LIMIT; a record found by a phrase and by a word comes once
    rows.sort(key=lambda row: (kinds.index(row[0]), -row[-1], len(row[2]), row[1]))
    records = []
    seen: set[tuple[str, int]] = set()
    for kind, pk, name, slug, aliases, vehicle_kind, family_pk, *more, _found_by in rows:
        if (kind, pk) in seen:
            continue
        seen.add((kind, pk))
        names = _names(name, aliases)
        if kind == "vehicle":
            family_name, family_slug = more[0] or "", more[1] or ""
            kind = "spacecraft" if vehicle_kind == Vehicle.Kind.SPACECRAFT else "vehicle"
            records.append(
                NameRecord(kind, pk, name, slug, names, family_pk, family_name, family_slug)
            )
            continue
        if kind == "agency":
            names = tuple(dict.fromkeys([*names, *(m for m in more[2:] if m)]))
        records.append(NameRecord(kind, pk, name, slug, names))
    return records


def _names_query(
    words: Sequence[str], phrases: Sequence[str], vendor: str
) -> tuple[str, list[str]]:
    """The SQL of load_names: per kind, the records any phrase's or word's branch finds,
    those found by a phrase first, then the shortest."""
    # SQLite's LIKE folds case only for ASCII: try the usual spellings of other words there
    # (PostgreSQL's UPPER() folds every alphabet, and its trigram indexes are on UPPER()).
    spellings = [
        (
            {word, word.lower(), word.capitalize()}
            if vendor == "sqlite" and not word.isascii()
            else {word},
            found_by,
        )
        for found_by, texts in ((1, phrases), (0, words))
        for word in texts
    ]
    like = "t.{} LIKE %s ESCAPE '\\'" if vendor == "sqlite" else "UPPER(t.{}) LIKE UPPER(%s)"
    kinds, params = [], []
    for kind, (source, others) in _NAME_SOURCES.items():
        columns = _AGENCY_NAMED_COLUMNS if kind == "agency" else _NAMED_COLUMNS
        named = ", ".join(f"{v} AS {n}" for v, n in zip(others, _OTHER_COLUMNS, strict=True))
        select = (
            f"SELECT '{kind}' AS kind, t.id AS id, t.name AS name, t.slug AS slug, "
            f"t.aliases AS aliases, {named}, {{found_by}} AS found_by FROM {source}"
        )
        branches = []
        for variants, found_by in spellings:
            conditions = " OR ".join(like.format(c) for _ in variants for c in columns)
            branches.append(f"{select.format(found_by=found_by)} WHERE {conditions}")
            params += [_like_pattern(v) for v in variants for _ in columns]
        kinds.append(
            f"SELECT * FROM (SELECT * FROM ({' UNION '.join(branches)}) AS found "
            f"ORDER BY found.found_by DESC, length(found.name), found.id "
            f"LIMIT {NAME_ROWS_PER_KIND}) AS {kind}_rows"
        )
    return " UNION ALL ".join(kinds), params


def _like_pattern(word: str) -> str:
    """`word` anywhere, with LIKE's own characters in it taken literally."""
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _names(name: str, aliases: str) -> tuple[str, ...]:
    return (name, *(line.strip() for line in aliases.splitlines() if line.strip()))


# When one name is several things, the first kind here wins the filter ("Soyuz-2" is a rocket
# and a 1968 mission); the others still get quick links.
_PRIORITY = ("vehicle", "agency", "site", "mission")
_GROUP = {
    "family": "vehicle",
    "vehicle": "vehicle",
    "spacecraft": "vehicle",
    "agency": "agency",
    "site": "site",
    "mission": "mission",
}
ANY_VARIANT = "(any variant)"


@functools.lru_cache(maxsize=FOLDS_KEPT)
def _usable_key(key: tuple[str, ...]) -> bool:
    """Names of one or two characters ("U", "N1") or of stop words only are never read."""
    if sum(len(t) for t in key) <= 2:
        return False
    return not all(token in STOP_WORDS for token in key)


class _NameIndex:
    def __init__(self, records: Sequence[NameRecord]):
        self.exact: dict[tuple[str, ...], list[tuple[NameRecord, str]]] = {}
        self.launch_vehicles: list[tuple[tuple[str, ...], NameRecord]] = []
        for record in records:
            for name in record.names:
                key = fold(name)
                if _usable_key(key):
                    self.exact.setdefault(key, []).append((record, name))
                if record.kind == "vehicle":
                    self.launch_vehicles.append((key, record))

    def variants(self, key: tuple[str, ...], *, by_name: bool = False) -> list[NameRecord]:
        """Launch vehicles whose name (or alias) begins with `key`: "soyuz u" -> Soyuz-U-PVB."""
        size = len(key)
        return _unique(
            record
            for name_key, record in self.launch_vehicles
            if len(name_key) > size
            and name_key[:size] == key
            and (not by_name or fold(record.name)[:size] == key)
        )


@dataclass(frozen=True)
class NameMatch:
    entity: Entity
    links: tuple[NameRecord, ...]


def match_names(tokens: list[Token], records: Sequence[NameRecord]) -> list[NameMatch]:
    """Longest names first, left to right, over words written next to each other."""
    index = _NameIndex(records)
    usable = [i for i, t in enumerate(tokens) if t.readable]
    matches: list[NameMatch] = []
    position = 0
    while position < len(usable):
        for size in range(min(MAX_NAME_TOKENS, len(usable) - position), 0, -1):
            chosen = usable[position : position + size]
            if chosen[-1] - chosen[0] != size - 1:
                continue
            match = _match_for([tokens[i] for i in chosen], index)
            if match is not None:
                if match.entity.kind != "mission" or mission_is_filter(match.entity):
                    for i in chosen:
                        tokens[i].entity = True
                for i in chosen:
                    tokens[i].name = len(matches)
                matches.append(match)
                position += size
                break
        else:
            position += 1
    return matches


def mission_is_filter(entity: Entity) -> bool:
    """A mission name filters only when it cannot be an ordinary word: "Orb-3", not "Hope"."""
    return len(fold(entity.words)) > 1 or any(c.isdigit() for c in entity.words)


def _match_for(chosen: list[Token], index: _NameIndex) -> NameMatch | None:
    """An exact name or alias; else the first words of launch vehicle names ("soyuz"). A lone
    word that only names a mission ("Soyuz", 1967) gives way to the vehicles."""
    words = " ".join(t.text for t in chosen)
    span = (chosen[0].start, chosen[-1].end)
    keys = [tuple(part for t in chosen for part in fold(t.text))]
    if len(keys[0]) > 1 and all(part.isalpha() for part in keys[0]):
        keys.append(("".join(keys[0]),))  # "spaceship two" is SpaceShipTwo
    if has_cyrillic(words):
        keys.append(tuple(part for t in chosen for part in fold(transliterate(t.text))))
    exact = next((_exact_match(words, span, k, index) for k in keys if k in index.exact), None)
    if exact is not None and (exact.entity.kind != "mission" or mission_is_filter(exact.entity)):
        return exact
    for key in keys:
        letters = sum(len(t) for t in key if t.isalpha())
        if letters >= 5 and not all(t in STOP_WORDS for t in key):
            group = index.variants(key, by_name=True)
            if group:
                typed = words if key == keys[0] else " ".join(key)
                entity = Entity(
                    "vehicle", f"{_capitalised(typed)} {ANY_VARIANT}", words, span, tuple(group)
                )
                return NameMatch(entity, tuple(group) + (exact.links if exact else ()))
    return exact


def _exact_match(
    words: str, span: tuple[int, int], key: tuple[str, ...], index: _NameIndex
) -> NameMatch:
    pairs = index.exact[key]
    groups: dict[str, list[tuple[NameRecord, str]]] = {}
    for record, name in pairs:
        groups.setdefault(_GROUP[record.kind], []).append((record, name))
    group = next(g for g in _PRIORITY if g in groups)
    named = _most_exact(key, groups[group])
    chosen = [record for record, _ in named]
    if group == "vehicle":
        chosen += index.variants(key)
    label = _label(words, key, named)
    entity = Entity(group, label, words, span, tuple(_unique(chosen)))
    # the records read first, then the others the words also name
    return NameMatch(entity, tuple(_unique([*chosen[: len(named)], *(r for r, _ in pairs)])))


def _most_exact(
    key: tuple[str, ...], pairs: list[tuple[NameRecord, str]]
) -> list[tuple[NameRecord, str]]:
    """The records the words name most exactly: those whose own name they are ("PSLV" is the
    PSLV family, not the GSLV family that GCAT files under the family code PSLV); else, of
    records named by an alias, the vehicles rather than a family ("Ariane 5" names the Ariane
    5 variants, and a family code of the Ariane family)."""
    own = [(record, name) for record, name in pairs if fold(record.name) == key]
    if own:
        return own
    narrower = [(record, name) for record, name in pairs if record.kind != "family"]
    return narrower or pairs


def _label(words: str, key: tuple[str, ...], pairs: list[tuple[NameRecord, str]]) -> str:
    """The catalog's spelling closest to what was typed ("soyuz u" -> "Soyuz-U", "falcon 9"
    -> "Falcon 9" rather than GCAT's "Falcon9"), else a record's own name, else an alias."""
    if has_cyrillic(words):
        return pairs[0][0].name  # Роскосмос -> Roskosmos: the page is in English
    typed = _spaced(words)
    for record, _ in pairs:
        if _spaced(record.name) == typed:
            return record.name
    for _, name in pairs:
        if _spaced(name) == typed:
            return name
    for record, _ in pairs:
        if fold(record.name) == key:
            return record.name
    return sorted({name for _, name in pairs}, key=lambda n: (len(n), n))[0]


def _spaced(name: str) -> str:
    return " ".join(SEPARATORS.sub(" ", name.casefold()).split())


def _capitalised(words: str) -> str:
    return words[:1].upper() + words[1:] if words.islower() else words


def _unique(records: Iterable[NameRecord]) -> list[NameRecord]:
    seen: dict[tuple[str, int], NameRecord] = {}
    for record in records:
        seen.setdefault((record.kind, record.pk), record)
    return list(seen.values())


def quick_links(matches: Sequence[NameMatch]) -> list[QuickLink]:
    """Pages of what the query names (a vehicle's family too); for a group of vehicles
    ("soyuz"), the families they belong to."""
    links: list[QuickLink] = []
    for match in matches:
        for record in match.links:
            if match.entity.label.endswith(ANY_VARIANT):
                if record.family_slug:
                    links.append(QuickLink("family", record.family_name, record.family_slug))
                continue
            links.append(QuickLink(record.kind, record.name, record.slug))
            if record.kind == "vehicle" and record.family_slug:
                links.append(QuickLink("family", record.family_name, record.family_slug))
    return list(dict.fromkeys(links))[:MAX_LINKS]
