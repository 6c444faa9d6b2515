"""Query text: cleaning, folding names, transliteration, dates, words and phrases.

Plain Python: no database. See search/query/__init__.py for the rules.
"""

from __future__ import annotations

import calendar
import datetime
import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from incidents.partial_dates import PartialDate

MAX_LENGTH = 200
MAX_ATOMS = 12
FOLDS_KEPT = 50_000  # names and words whose fold() is remembered (a few MB)
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
SEPARATORS = re.compile(r"[\s\-‐‑‒–—―−_.'’‘ʼ`/]+")
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


@functools.lru_cache(maxsize=FOLDS_KEPT)
def fold(name: str) -> tuple[str, ...]:
    """The tokens a name is matched on: "Soyuz-U", "soyuz u" and "SOYUZ U" give ("soyuz", "u");
    "Falcon9" and "Falcon 9" give ("falcon", "9"); "MS-04" gives ("ms", "4").

    Kept for the next request: a search folds every catalog name its words find (hundreds for
    "Progress"), and those are mostly the same names from one search to the next."""
    text = SEPARATORS.sub(" ", strip_accents(name.casefold()))
    return tuple(
        str(int(token)) if token.isdecimal() else token for token in _NAME_TOKEN.findall(text)
    )


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Clause:
    """Words that must all match; `atoms` are alternatives (OR), each a word or a phrase."""

    atoms: tuple[str, ...]
    negated: bool = False


@dataclass(frozen=True)
class Period:
    first: datetime.date
    last: datetime.date
    label: str
    spans: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Ordinal:
    """Which launch of a vehicle the query asks for: "first flight", "3rd launch", "maiden"."""

    number: int
    label: str
    span: tuple[int, int]


_ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5,
    "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
}  # fmt: skip
_ORDINAL = re.compile(
    r"\b(?:(?:(?P<word>" + "|".join(_ORDINAL_WORDS) + r")|(?P<number>\d{1,3})(?:st|nd|rd|th))"
    r"\s+(?:flight|launch)|(?P<maiden>maiden|debut|inaugural)(?:\s+(?:flight|launch))?)\b",
    re.IGNORECASE,
)


def find_ordinal(query: str) -> Ordinal | None:
    """The first unquoted "Nth flight" of `query`, or None."""
    blocked = _quoted_spans(query)
    for match in _ORDINAL.finditer(query):
        start, end = match.span()
        if any(a < end and start < b for a, b in blocked):
            continue
        if match["maiden"]:
            number = 1
        elif match["word"]:
            number = _ORDINAL_WORDS[match["word"].casefold()]
        else:
            number = int(match["number"])
        if number >= 1:
            return Ordinal(number, _ordinal_label(number), (start, end))
    return None


def _ordinal_label(number: int) -> str:
    if number == 1:
        return "first flight"
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10 if number % 100 not in (11, 12, 13) else 0)
    return f"{number}{suffix or 'th'} flight"


def describe_clause(clause: Clause) -> str:
    text = " or ".join(f"“{a}”" if " " in a else a for a in clause.atoms)
    return f"not {text}" if clause.negated else text


# --------------------------------------------------------------------------- parsing


@dataclass
class Token:
    text: str
    start: int
    end: int
    quoted: bool = False
    negated: bool = False
    is_or: bool = False
    is_date: bool = False
    is_ordinal: bool = False  # part of an "Nth flight" read with a vehicle: a filter
    entity: bool = False  # read as a name that filters: not searched as text
    name: int | None = None  # which name it belongs to: its words are one phrase in articles

    @property
    def readable(self) -> bool:
        """May be read as (part of) a name: plain, unquoted, not excluded, not a date."""
        return not (self.quoted or self.negated or self.is_or or self.is_date or self.is_ordinal)


_PIECE = re.compile(r'(-?)"([^"]*)(?:"|$)|(\S+)')


def read_tokens(query: str, date_spans: Sequence[tuple[int, int]]) -> list[Token]:
    """Words, "quoted phrases", -excluded words and `or`, with their places in the query."""
    tokens: list[Token] = []
    for match in _PIECE.finditer(query):
        if match.group(3) is None:
            words = _WORD.findall(match.group(2))
            if words:
                negated = bool(match.group(1))
                phrase = " ".join(words)
                tokens.append(Token(phrase, *match.span(), quoted=True, negated=negated))
            continue
        raw, start = match.group(3), match.start(3)
        if raw.casefold() == "or":
            tokens.append(Token(raw, *match.span(), is_or=True))
            continue
        for word in _WORD.finditer(raw):
            begin, end = start + word.start(), start + word.end()
            token = Token(word.group(), begin, end)
            token.negated = raw.startswith("-") and word.start() == 1
            token.is_date = not token.negated and any(
                a <= begin and end <= b for a, b in date_spans
            )
            tokens.append(token)
    return tokens


def _quoted_spans(query: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(r'"[^"]*("|$)', query)]


_LONG_BEFORE = re.compile(r"\blong\s+$", re.IGNORECASE)


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
            if _LONG_BEFORE.search(masked, 0, start) and match.group(0)[:1].lower() == "m":
                continue  # "long march 5 2017" is a rocket and a year, not 5 March 2017
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


def _period_of(kind: str, match: re.Match[str]) -> tuple[datetime.date, datetime.date, str] | None:
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
            return PartialDate.of(year).first, PartialDate.of(last_year).last, label
        if kind == "decade":
            decade = year - year % 10
            return PartialDate.of(decade).first, PartialDate.of(decade + 9).last, f"{decade}s"
        if kind == "year":
            return PartialDate.of(year).first, PartialDate.of(year).last, str(year)
        month = int(groups["m"]) if groups.get("m") else _MONTHS[groups["mn"].lower().rstrip(".")]
        if kind == "month":
            period = PartialDate.of(year, month)
            return period.first, period.last, f"{calendar.month_name[month]} {year}"
        date = datetime.date(year, month, int(groups["d"]))
        return date, date, f"{date.day} {calendar.month_name[month]} {year}"
    except ValueError:  # 31 February, month 13
        return None


def clauses_of(tokens: Sequence[Token], *, names_as_phrases: bool = False) -> tuple[Clause, ...]:
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
        if token.is_date or (not names_as_phrases and (token.entity or token.is_ordinal)):
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


def _merge_names(tokens: Sequence[Token]) -> list[Token]:
    merged: list[Token] = []
    for token in tokens:
        previous = merged[-1] if merged else None
        if previous is not None and token.name is not None and token.name == previous.name:
            text = f"{previous.text} {token.text}"
            merged[-1] = Token(text, previous.start, token.end, quoted=True, name=token.name)
        else:
            merged.append(token)
    return merged


def _atoms(token: Token) -> tuple[str, ...]:
    """The word or phrase to search, and its transliteration when it is Cyrillic. Stop words
    alone are dropped (PostgreSQL ignores them; dropping them here keeps SQLite the same)."""
    key = fold(token.text)
    if not key or all(part in STOP_WORDS for part in key):
        return ()
    atoms = [token.text.casefold()]
    if has_cyrillic(token.text):
        atoms.append(transliterate(token.text))
    return tuple(atoms)
