"""Query understanding: what a search box query names, which period it gives, what words remain.

`understand("soyuz-u dec 2016")` reads a vehicle (Soyuz-U, every variant of it) and a period
(December 2016); nothing is left to search as text, so the search shows that vehicle's
incidents of that month. The page says how it read the query and each reading is a chip the
reader can remove (a link to the same search without those words).

Rules, in order:
- the text is cleaned (control and private-use characters dropped, quotes normalised) and cut
  to MAX_LENGTH characters and MAX_ATOMS words, so no input is slow;
- "quoted phrases" and -excluded words are only ever searched as text;
- dates: `2016`, `1990s`, `2014-2016`, `2016-12`, `2016-12-01`, `December 2016`, `dec 2016`,
  `1 Dec 2016`, `Dec 1, 2016`; several dates give the period that covers them all;
- names of vehicle families, vehicles, spacecraft series, agencies, launch sites and missions
  (and their aliases), longest first, folded the same way ("Soyuz U" = "soyuz-u" = "SOYUZ-U").
  A vehicle stands for all its variants (Soyuz-U includes Soyuz-U-PVB); a word that begins the
  names of several launch vehicles stands for all of them ("soyuz", "falcon");
- Cyrillic words are also tried transliterated (Прогресс -> progress, Союз -> soyuz,
  Байконур -> baykonur, GCAT's own spelling), and searched as text in both forms;
- a query with an `or` is searched as written: no names are read as filters.

Only `load_names` touches the database; everything else is plain Python.
"""

from __future__ import annotations

import calendar
import datetime
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Q

MAX_LENGTH = 200
MAX_ATOMS = 12
MAX_NAME_TOKENS = 8
NAME_ROWS_PER_KIND = 400
MAX_LINKS = 8
FIRST_YEAR, LAST_YEAR = 1950, 2099

# PostgreSQL's English stop words (snowball english.stop): never searched, on either database.
STOP_WORDS = frozenset(
    """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his himself
    she her hers herself it its itself they them their theirs themselves what which who whom
    this that these those am is are was were be been being have has had having do does did
    doing a an the and but if or because as until while of at by for with about against
    between into through during before after above below to from up down in out on off over
    under again further then once here there when where why how all any both each few more
    most other some such no nor not only own same so than too very s t can will just don
    should now
    """.split()
)

_MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
_MONTHS["sept"] = 9
_MONTH = r"(?P<mn>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<y>(?:19|20)\d\d)"
_YEAR2 = r"(?P<y2>(?:19|20)\d\d)"
# Most specific first; what one pattern takes, the next ones no longer see.
_DATE_PATTERNS = [
    ("day", re.compile(rf"\b{_YEAR}-(?P<m>[01]?\d)-(?P<d>[0-3]?\d)\b")),
    ("day", re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b", re.I)),
    ("day", re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I)),
    ("month", re.compile(rf"\b{_MONTH},?\s+{_YEAR}\b", re.I)),
    ("month", re.compile(rf"\b{_YEAR}-(?P<m>[01]?\d)\b(?!-)")),
    ("years", re.compile(rf"\b{_YEAR}\s*(?:-|–|—|to|\.\.)\s*{_YEAR2}\b")),
    ("decade", re.compile(rf"\b{_YEAR}'?s\b", re.I)),
    ("year", re.compile(rf"(?<![-\w.]){_YEAR}(?![-\w.])")),
]
_WORD = re.compile(r"[^\W_]+(?:['’.\-‐‑–/][^\W_]+)*")
_NAME_TOKEN = re.compile(r"[^\W\d_]+|\d+")
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―−_.'’‘ʼ`/]+")
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "＂": '"'})

_CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяієїґ",
        (
            "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch _ y _ e yu ya i ye yi g"
        ).split(),
        strict=True,
    )
)
_CYRILLIC = {letter: "" if latin == "_" else latin for letter, latin in _CYRILLIC.items()}


# --------------------------------------------------------------------------- text helpers


def clean(raw: str) -> str:
    """The query as it will be read: printable, single-spaced, at most MAX_LENGTH characters."""
    text = unicodedata.normalize("NFKC", (raw or "")[: MAX_LENGTH * 4]).translate(_QUOTES)
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if category in {"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"}:
            kept.append(" ")
        else:
            kept.append(char)
    text = " ".join("".join(kept).split())
    return text[:MAX_LENGTH].strip()


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def transliterate(text: str) -> str:
    """Russian (and Ukrainian) Cyrillic in Latin letters, as GCAT spells names:
    Байконур -> baykonur, Прогресс -> progress, Роскосмос -> roskosmos."""
    return "".join(_CYRILLIC.get(char, char) for char in text.casefold())


def has_cyrillic(text: str) -> bool:
    return any("\u0400" <= char <= "\u04ff" for char in text)


def fold(name: str) -> tuple[str, ...]:
    """The tokens a name is matched on: "Soyuz-U", "soyuz u" and "SOYUZ U" give ("soyuz", "u");
    "Falcon9" and "Falcon 9" give ("falcon", "9"); "MS-04" gives ("ms", "4")."""
    text = _SEPARATORS.sub(" ", strip_accents(name.casefold()))
    return tuple(
        str(int(token)) if token.isdigit() else token for token in _NAME_TOKEN.findall(text)
    )


# --------------------------------------------------------------------------- the result


@dataclass(frozen=True)
class Clause:
    """Words that must all match; `atoms` are alternatives (OR), each a word or a phrase."""

    atoms: tuple[str, ...]
    negated: bool = False


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
        """Incidents this name stands for (subqueries: no duplicate rows from joins)."""
        from incidents.models import Incident

        vehicles_through = Incident.vehicles.through
        agencies_through = Incident.agencies.through
        query = Q()
        if families := self.ids("family"):
            query |= Q(
                pk__in=vehicles_through.objects.filter(vehicle__family__in=families).values(
                    "incident_id"
                )
            )
        if vehicles := self.ids("vehicle") + self.ids("spacecraft"):
            query |= Q(
                pk__in=vehicles_through.objects.filter(vehicle__in=vehicles).values("incident_id")
            )
        if spacecraft := self.ids("spacecraft"):
            query |= Q(mission__spacecraft__in=spacecraft)
        if agencies := self.ids("agency"):
            query |= Q(
                pk__in=agencies_through.objects.filter(agency__in=agencies).values("incident_id")
            )
        if sites := self.ids("site"):
            query |= Q(site__in=sites)
        if missions := self.ids("mission"):
            query |= Q(mission__in=missions)
        return query


@dataclass(frozen=True)
class Period:
    first: datetime.date
    last: datetime.date
    label: str
    spans: tuple[tuple[int, int], ...]


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


@dataclass(frozen=True)
class Understood:
    query: str
    clauses: tuple[Clause, ...] = ()
    article_clauses: tuple[Clause, ...] = ()
    entities: tuple[Entity, ...] = ()
    period: Period | None = None
    links: tuple[QuickLink, ...] = ()
    unknown_words: tuple[str, ...] = field(default=())

    @property
    def label(self) -> str:
        """How the query was read: "Soyuz-U · December 2016 · “third stage”"."""
        parts = [e.label for e in self.entities]
        if self.period:
            parts.append(self.period.label)
        parts.extend(describe_clause(c) for c in self.clauses)
        return " · ".join(parts)

    @property
    def has_filters(self) -> bool:
        return bool(self.entities or self.period)

    @property
    def is_empty(self) -> bool:
        return not (self.clauses or self.entities or self.period)

    def without(self, *spans: tuple[int, int]) -> str:
        """The query text with these spans removed: the link of a chip's remove button."""
        text = self.query
        for start, end in sorted(spans, reverse=True):
            text = text[:start] + " " + text[end:]
        return " ".join(text.split())

    def relaxed(self) -> tuple[Clause, ...]:
        """Any of the words instead of all of them (for a second try when all give nothing)."""
        positive = [atom for c in self.clauses if not c.negated for atom in c.atoms]
        negative = [c for c in self.clauses if c.negated]
        if len(positive) < 2:
            return ()
        return (Clause(tuple(dict.fromkeys(positive))), *negative)


def describe_clause(clause: Clause) -> str:
    text = " or ".join(f"“{a}”" if " " in a else a for a in clause.atoms)
    return f"not {text}" if clause.negated else text


# --------------------------------------------------------------------------- parsing


@dataclass
class _Token:
    text: str
    start: int
    end: int
    quoted: bool = False
    negated: bool = False
    is_or: bool = False
    is_date: bool = False
    entity: bool = False  # read as a name that filters: not searched as text
    name: int | None = None  # which name it belongs to: its words are one phrase in articles

    @property
    def readable(self) -> bool:
        """May be read as (part of) a name: plain, unquoted, not excluded, not a date."""
        return not (self.quoted or self.negated or self.is_or or self.is_date)


_PIECE = re.compile(r'(-?)"([^"]*)(?:"|$)|(\S+)')


def _tokens(query: str, date_spans: Sequence[tuple[int, int]]) -> list[_Token]:
    """Words, "quoted phrases", -excluded words and `or`, with their places in the query."""
    tokens: list[_Token] = []
    for match in _PIECE.finditer(query):
        if match.group(3) is None:
            words = _WORD.findall(match.group(2))
            if words:
                negated = bool(match.group(1))
                phrase = " ".join(words)
                tokens.append(_Token(phrase, *match.span(), quoted=True, negated=negated))
            continue
        raw, start = match.group(3), match.start(3)
        if raw.casefold() == "or":
            tokens.append(_Token(raw, *match.span(), is_or=True))
            continue
        for word in _WORD.finditer(raw):
            begin, end = start + word.start(), start + word.end()
            token = _Token(word.group(), begin, end)
            token.negated = raw.startswith("-") and word.start() == 1
            token.is_date = not token.negated and any(
                a <= begin and end <= b for a, b in date_spans
            )
            tokens.append(token)
    return tokens


def _quoted_spans(query: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(r'"[^"]*("|$)', query)]


def find_period(query: str) -> Period | None:
    """The period the unquoted dates of `query` cover, or None."""
    blocked = _quoted_spans(query)
    found: list[tuple[datetime.date, datetime.date, str]] = []
    spans: list[tuple[int, int]] = []
    masked = query
    for kind, pattern in _DATE_PATTERNS:
        for match in pattern.finditer(masked):
            start, end = match.span()
            if any(a < end and start < b for a, b in blocked):
                continue
            if start > 0 and masked[start - 1] == "-":
                continue  # "-2016" excludes a word; it is not a date
            period = _period_of(kind, match)
            if period is not None:
                found.append(period)
                spans.append((start, end))
            elif kind == "day":
                blocked.append((start, end))  # "31 Feb 2016" is no date, nor is part of it
        for start, end in spans:
            masked = masked[:start] + " " * (end - start) + masked[end:]
    if not found:
        return None
    first = min(p[0] for p in found)
    last = max(p[1] for p in found)
    label = found[0][2] if len(found) == 1 else f"{_day(first)} – {_day(last)}"
    return Period(first, last, label, tuple(sorted(spans)))


def _day(date: datetime.date) -> str:
    return f"{date.day} {calendar.month_abbr[date.month]} {date.year}"


def _period_of(kind: str, match: re.Match) -> tuple[datetime.date, datetime.date, str] | None:
    groups = match.groupdict()
    year = int(groups["y"])
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return None
    try:
        if kind == "years":
            last_year = int(groups["y2"])
            if last_year < year:
                return None
            label = f"{year}–{last_year}"
            return datetime.date(year, 1, 1), datetime.date(last_year, 12, 31), label
        if kind == "decade":
            decade = year - year % 10
            return datetime.date(decade, 1, 1), datetime.date(decade + 9, 12, 31), f"{decade}s"
        if kind == "year":
            return datetime.date(year, 1, 1), datetime.date(year, 12, 31), str(year)
        month = int(groups["m"]) if groups.get("m") else _MONTHS[groups["mn"].lower().rstrip(".")]
        if kind == "month":
            last = calendar.monthrange(year, month)[1]
            label = f"{calendar.month_name[month]} {year}"
            return datetime.date(year, month, 1), datetime.date(year, month, last), label
        date = datetime.date(year, month, int(groups["d"]))
        return date, date, f"{date.day} {calendar.month_name[month]} {year}"
    except ValueError:  # 31 February, month 13
        return None


def _clauses(tokens: Sequence[_Token], *, names_as_phrases: bool = False) -> tuple[Clause, ...]:
    """Text clauses from the tokens; names and dates are left out (they filter), or, with
    `names_as_phrases` (for articles), each name is one phrase ("soyuz u", not "soyuz" "u")."""
    tokens = _merge_names(tokens) if names_as_phrases else tokens
    clauses: list[list[str]] = []
    negated: list[Clause] = []
    join_next = False
    count = 0
    for token in tokens:
        if token.is_or:
            join_next = bool(clauses)
            continue
        if token.is_date or (token.entity and not names_as_phrases):
            join_next = False
            continue
        atoms = _atoms(token)
        if not atoms or count >= MAX_ATOMS:
            join_next = False
            continue
        count += 1
        if token.negated:
            negated.append(Clause(atoms, negated=True))
        elif join_next and clauses:
            clauses[-1].extend(atoms)
        else:
            clauses.append(list(atoms))
        join_next = False
    positive = [Clause(tuple(dict.fromkeys(atoms))) for atoms in clauses]
    return (*positive, *negated) if positive else ()


def _merge_names(tokens: Sequence[_Token]) -> list[_Token]:
    merged: list[_Token] = []
    for token in tokens:
        previous = merged[-1] if merged else None
        if previous is not None and token.name is not None and token.name == previous.name:
            text = f"{previous.text} {token.text}"
            merged[-1] = _Token(text, previous.start, token.end, quoted=True, name=token.name)
        else:
            merged.append(token)
    return merged


def _atoms(token: _Token) -> tuple[str, ...]:
    """The word or phrase to search, and its transliteration when it is Cyrillic. Stop words
    alone are dropped (PostgreSQL ignores them; dropping them here keeps SQLite the same)."""
    key = fold(token.text)
    if not key or all(part in STOP_WORDS for part in key):
        return ()
    atoms = [token.text.casefold()]
    if has_cyrillic(token.text):
        atoms.append(transliterate(token.text))
    return tuple(atoms)


# --------------------------------------------------------------------------- names


def lookup_words(tokens: Iterable[str]) -> list[str]:
    """Words worth looking up in the catalog: with a letter, not a stop word; words of three
    characters or more when there are any (a two-letter word alone matches half the catalog)."""
    words: list[str] = []
    for token in tokens:
        for variant in (token, transliterate(token)) if has_cyrillic(token) else (token,):
            for part in _SEPARATORS.split(variant):
                if len(part) >= 2 and any(c.isalpha() for c in part):
                    if part.casefold() not in STOP_WORDS:
                        words.append(part)
    words = list(dict.fromkeys(words))
    longer = [w for w in words if len(w) >= 3]
    return (longer or words)[:MAX_ATOMS]


def load_names(words: Sequence[str]) -> list[NameRecord]:
    """Catalog records whose name or aliases contain one of `words`: one query per kind."""
    from django.db.models.functions import Length

    from incidents.models import Agency, LaunchSite, Mission, Vehicle, VehicleFamily

    if not words:
        return []
    # icontains folds case only for ASCII on SQLite: try the usual spellings of other words.
    variants = {v for w in words for v in ((w,) if w.isascii() else (w, w.lower(), w.capitalize()))}
    named = Q()
    for word in variants:
        named |= Q(name__icontains=word) | Q(aliases__icontains=word)
    agency_named = named
    for word in variants:
        agency_named |= Q(short_name__icontains=word) | Q(native_name__icontains=word)
        agency_named |= Q(english_name__icontains=word)

    def rows(model, condition, *fields):
        return (
            model.objects.filter(condition)
            .order_by(Length("name"), "pk")
            .values_list("pk", "name", "slug", "aliases", *fields)[:NAME_ROWS_PER_KIND]
        )

    records = [
        NameRecord("family", pk, name, slug, _names(name, aliases))
        for pk, name, slug, aliases in rows(VehicleFamily, named)
    ]
    for pk, name, slug, aliases, kind, family_pk, family_name, family_slug in rows(
        Vehicle, named, "kind", "family_id", "family__name", "family__slug"
    ):
        kind = "spacecraft" if kind == Vehicle.Kind.SPACECRAFT else "vehicle"
        names = _names(name, aliases)
        records.append(
            NameRecord(kind, pk, name, slug, names, family_pk, family_name or "", family_slug or "")
        )
    for pk, name, slug, aliases, *more in rows(
        Agency, agency_named, "short_name", "english_name", "native_name"
    ):
        names = tuple(dict.fromkeys([*_names(name, aliases), *(m for m in more if m)]))
        records.append(NameRecord("agency", pk, name, slug, names))
    for model, kind in ((LaunchSite, "site"), (Mission, "mission")):
        records.extend(
            NameRecord(kind, pk, name, slug, _names(name, aliases))
            for pk, name, slug, aliases in rows(model, named)
        )
    return records


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
class _Match:
    entity: Entity
    links: tuple[NameRecord, ...]


def _match_names(tokens: list[_Token], records: Sequence[NameRecord]) -> list[_Match]:
    """Longest names first, left to right, over words written next to each other."""
    index = _NameIndex(records)
    usable = [i for i, t in enumerate(tokens) if t.readable]
    matches: list[_Match] = []
    position = 0
    while position < len(usable):
        for size in range(min(MAX_NAME_TOKENS, len(usable) - position), 0, -1):
            chosen = usable[position : position + size]
            if chosen[-1] - chosen[0] != size - 1:
                continue
            match = _match_for([tokens[i] for i in chosen], index)
            if match is not None:
                if match.entity.kind != "mission" or _mission_is_filter(match.entity):
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


def _mission_is_filter(entity: Entity) -> bool:
    """A mission name filters only when it cannot be an ordinary word: "Orb-3", not "Hope"."""
    return len(fold(entity.words)) > 1 or any(c.isdigit() for c in entity.words)


def _match_for(chosen: list[_Token], index: _NameIndex) -> _Match | None:
    """An exact name or alias; else the first words of launch vehicle names ("soyuz"). A lone
    word that only names a mission ("Soyuz", 1967) gives way to the vehicles."""
    words = " ".join(t.text for t in chosen)
    span = (chosen[0].start, chosen[-1].end)
    keys = [tuple(part for t in chosen for part in fold(t.text))]
    if has_cyrillic(words):
        keys.append(tuple(part for t in chosen for part in fold(transliterate(t.text))))
    exact = next((_exact_match(words, span, k, index) for k in keys if k in index.exact), None)
    if exact is not None and (exact.entity.kind != "mission" or _mission_is_filter(exact.entity)):
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
                return _Match(entity, tuple(group) + (exact.links if exact else ()))
    return exact


def _exact_match(words: str, span, key, index: _NameIndex) -> _Match:
    pairs = index.exact[key]
    groups: dict[str, list[tuple[NameRecord, str]]] = {}
    for record, name in pairs:
        groups.setdefault(_GROUP[record.kind], []).append((record, name))
    group = next(g for g in _PRIORITY if g in groups)
    chosen = [record for record, _ in groups[group]]
    if group == "vehicle":
        chosen += index.variants(key)
    label = _label(words, key, groups[group])
    entity = Entity(group, label, words, span, tuple(_unique(chosen)))
    return _Match(entity, tuple(_unique(record for record, _ in pairs)))


def _label(words: str, key, pairs: list[tuple[NameRecord, str]]) -> str:
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
    return " ".join(_SEPARATORS.sub(" ", name.casefold()).split())


def _capitalised(words: str) -> str:
    return words[:1].upper() + words[1:] if words.islower() else words


def _unique(records: Iterable[NameRecord]) -> list[NameRecord]:
    seen: dict[tuple[str, int], NameRecord] = {}
    for record in records:
        seen.setdefault((record.kind, record.pk), record)
    return list(seen.values())


def _quick_links(matches: Sequence[_Match]) -> list[QuickLink]:
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


# --------------------------------------------------------------------------- entry point


def understand(raw: str, *, names: bool = True) -> Understood:
    """Read a search query. `names=False` reads dates and words only (no database access)."""
    query = clean(raw)
    if not query:
        return Understood(query="")
    period = find_period(query)
    tokens = _tokens(query, period.spans if period else ())
    matches: list[_Match] = []
    if names and not any(t.is_or for t in tokens):
        records = load_names(lookup_words(t.text for t in tokens if t.readable))
        if records:
            matches = _match_names(tokens, records)
    entities = [
        m.entity for m in matches if m.entity.kind != "mission" or _mission_is_filter(m.entity)
    ]
    return Understood(
        query=query,
        clauses=_clauses(tokens),
        article_clauses=_clauses(tokens, names_as_phrases=True),
        entities=tuple(entities),
        period=period,
        links=tuple(_quick_links(matches)),
        unknown_words=tuple(
            t.text for t in tokens if t.readable and not t.entity and len(t.text) >= 4
        ),
    )
