"""Find date expressions in an article body and resolve them to year, month and day.

Plain Python, no Django imports.

Absolute forms (``relative=False``):
  "2016-12-01", "1 December 2016", "December 1, 2016", "Dec. 1st, 2016", "December 2016",
  "Oct. 2014", and bare years after a preposition ("in 1998", "until 2030", each year of
  "in 1997 and 1999") or before an event ("the 2019 launch", "its 2014 explosion"; year
  only); a month before an event ("the July crash") is resolved as "in July".
Forms resolved against the ``anchor`` (the publication date), skipped when it is None:
  "Dec. 9", "December 9th", "9 December": the occurrence on or before anchor + six weeks
  (scheduled events a few weeks ahead stay in the anchor's year);
  a weekday ("on Thursday", "Thursday's"): the latest such day on or before the anchor, or the
  next one on or after it when the clause looks ahead ("will", "due to", "scheduled to") or
  says "next Thursday"; "last Thursday" is strictly before the anchor;
  a month after a preposition ("in September"): the latest such month on or before the anchor;
  "today", "yesterday", "tomorrow", "tonight";
  "this/next/last year|month", "this/next/last spring|summer|fall|autumn|winter" (year only).
  "sixteen months ago", "two years ago" (month or year precision; days and weeks to the day);
  each month of a list after a preposition ("in October and March").
Forms resolved against the previous date mention in the text (no anchor needed):
  a month after "that year" ("later that year in September"): the month of that year;
  "six months later", "a year later", "two weeks earlier": month precision, or day precision
  for days and weeks counted from a day-precise date.

Spans cover the date words only: "in October 2014" gives "October 2014", "Thursday's" gives
"Thursday". Times ("9:51 a.m.") and quantities ("1,400 pounds", "383 seconds") are not dates.
"""

from __future__ import annotations

import bisect
import calendar
import datetime
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from articles.pipeline.text import url_spans
from incidents.partial_dates import PartialDate


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    year: int
    month: int | None
    day: int | None
    relative: bool

    @property
    def period(self) -> PartialDate:
        """The day, month or year the mention names."""
        return PartialDate.of(self.year, self.month, self.day)


SCHEDULE_GRACE = datetime.timedelta(weeks=6)

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20,
}  # fmt: skip
SEASONS: dict[str, int] = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}

_MONTH = (
    r"(?P<month>(?:January|February|March|April|May|June|July|August|September|October"
    r"|November|December)\b|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)(?:\.|\b))"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"
_NOT_A_NUMBER_AFTER = r"(?![.,:]?\d)"
_UNITS = (
    r"pounds?|lbs?|kg|kilograms?|grams?|tons?|tonnes?|km|kilomet(?:er|re)s?|miles?|m|meters?"
    r"|metres?|feet|ft|seconds?|minutes?|hours?|days?|weeks?|people|percent|satellites?"
)
_PREPOSITION = (
    r"(?:[Ii]n|[Ss]ince|[Uu]ntil|[Tt]ill|[Bb]y|[Bb]efore|[Aa]fter|[Ff]rom|[Tt]o|[Tt]hrough"
    r"|[Dd]uring|[Oo]f|[Ee]arly|[Ll]ate|[Mm]id-?|[Ll]ast)"
)
_NUMBER = r"(?P<amount>\d{1,2}|" + "|".join(NUMBER_WORDS) + ")"

_ISO = re.compile(r"(?<![\d/-])(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?![\d-])")
_DAY_MONTH_YEAR = re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b{_NOT_A_NUMBER_AFTER}")
_MONTH_DAY_YEAR = re.compile(rf"(?<!Long ){_MONTH}\s*{_DAY},?\s+{_YEAR}\b{_NOT_A_NUMBER_AFTER}")
_MONTH_YEAR = re.compile(rf"(?<!Long ){_MONTH},?\s+{_YEAR}\b{_NOT_A_NUMBER_AFTER}")
_DAY_MONTH = re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}")
_MONTH_DAY = re.compile(rf"(?<!Long ){_MONTH}\s*{_DAY}\b{_NOT_A_NUMBER_AFTER}")
_OFFSET = re.compile(
    rf"\b{_NUMBER}\s+(?P<unit>day|week|month|year)s?\s+(?P<direction>later|earlier)\b",
    re.IGNORECASE,
)
_AGO = re.compile(rf"\b{_NUMBER}\s+(?P<unit>day|week|month|year)s?\s+ago\b", re.IGNORECASE)
# "later that year in September": the month of the year the text was telling of.
_THAT_YEAR_BEFORE = re.compile(r"\b(?:that|the\s+same)\s+year\b[^.;!?]{0,12}$", re.IGNORECASE)
_NAMED_PERIOD = re.compile(
    r"\b(?P<which>this|next|last)\s+(?P<period>year|month|spring|summer|fall|autumn|winter)\b",
    re.IGNORECASE,
)
_DEICTIC_DAY = re.compile(r"\b(?P<word>[Tt]oday|[Yy]esterday|[Tt]omorrow|[Tt]onight)\b")
_WEEKDAY = re.compile(
    r"(?<![Ee]very )(?<![Ee]ach )(?:\b(?P<which>[Nn]ext|[Ll]ast|[Tt]his)\s+)?"
    r"\b(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
)
_MONTH_ONLY = re.compile(
    rf"\b{_PREPOSITION}\s+(?:(?:early|late|mid-?)\s*)?(?P<month>January|February"
    r"|March|April|May|June|July|August|September|October|November|December)\b(?!\s*\d)"
)
_BARE_YEAR = re.compile(
    rf"\b{_PREPOSITION}\s+(?:the\s+(?:year\s+)?)?{_YEAR}\b{_NOT_A_NUMBER_AFTER}"
    rf"(?!\s+(?:{_UNITS})\b)"
)
_FUTURE_CLAUSE = re.compile(
    r"\b(?:will|due to|scheduled|set to|expected to|plans? to|planned|is to|are to)\b[^.;!?]*$",
    re.IGNORECASE,
)
_PREVIOUS_WORD = re.compile(r"(\w+)[ \t]+$")
_LOOK_BEHIND_CHARS = 80


@dataclass(frozen=True)
class _Found:
    """A date expression before resolution."""

    start: int
    end: int
    form: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    amount: int = 0
    unit: str = ""
    which: str = ""
    looks_ahead: bool = False


def find_dates(body: str, *, anchor: datetime.date | None) -> tuple[DateMention, ...]:
    """Date mentions in text order; forms that need a missing anchor are left out."""
    mentions: list[DateMention] = []
    for found in _found_expressions(body):
        resolved = _resolve(found, anchor, mentions[-1] if mentions else None)
        if resolved is not None:
            year, month, day, relative = resolved
            text = body[found.start : found.end]
            mentions.append(DateMention(found.start, found.end, text, year, month, day, relative))
    return tuple(mentions)


def find_days_without_year(body: str) -> list[tuple[int, int, int, int]]:
    """(start, end, month, day) of each day-and-month date that gives no year ("August 28"),
    for texts with no publication date to place them in a year."""
    return [
        (found.start, found.end, found.month, found.day)
        for found in _found_expressions(body)
        if found.form == "month_day" and found.month and found.day
    ]


# --------------------------------------------------------------------------- finding


def _found_expressions(body: str) -> list[_Found]:
    """All date expressions, earlier finders winning overlaps, sorted by position."""
    taken = sorted(url_spans(body))  # disjoint spans, by start
    starts = [start for start, _ in taken]
    accepted: list[_Found] = []
    for finder in _FINDERS:
        for found in finder(body):
            # Of disjoint spans, the last to start before this ends is the one it may overlap.
            at = bisect.bisect_left(starts, found.end) - 1
            if at >= 0 and taken[at][1] > found.start:
                continue
            accepted.append(found)
            taken.insert(at + 1, (found.start, found.end))
            starts.insert(at + 1, found.start)
    return sorted(accepted, key=lambda found: found.start)


def _month_number(word: str) -> int:
    return MONTHS[word.rstrip(".").casefold()]


def _is_valid_day(year: int | None, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year or 2000, month)[1]


def _find_iso(body: str) -> Iterator[_Found]:
    for match in _ISO.finditer(body):
        year, month, day = (int(match.group(name)) for name in ("year", "month", "day"))
        if 1900 <= year <= 2100 and _is_valid_day(year, month, day):
            yield _Found(*match.span(), form="absolute", year=year, month=month, day=day)


def _find_full_dates(body: str) -> Iterator[_Found]:
    for pattern in (_DAY_MONTH_YEAR, _MONTH_DAY_YEAR):
        for match in pattern.finditer(body):
            year, day = int(match.group("year")), int(match.group("day"))
            month = _month_number(match.group("month"))
            if _is_valid_day(year, month, day):
                yield _Found(*match.span(), form="absolute", year=year, month=month, day=day)


def _find_month_years(body: str) -> Iterator[_Found]:
    for match in _MONTH_YEAR.finditer(body):
        month = _month_number(match.group("month"))
        yield _Found(*match.span(), form="absolute", year=int(match.group("year")), month=month)


def _find_days_without_year(body: str) -> Iterator[_Found]:
    for pattern in (_DAY_MONTH, _MONTH_DAY):
        for match in pattern.finditer(body):
            day, month = int(match.group("day")), _month_number(match.group("month"))
            if _is_valid_day(None, month, day):
                yield _Found(*match.span(), form="month_day", month=month, day=day)


def _find_offsets(body: str) -> Iterator[_Found]:
    for match in _OFFSET.finditer(body):
        amount_word = match.group("amount").casefold()
        amount = int(amount_word) if amount_word.isdigit() else NUMBER_WORDS[amount_word]
        sign = 1 if match.group("direction").casefold() == "later" else -1
        unit = match.group("unit").casefold()
        yield _Found(*match.span(), form="offset", amount=sign * amount, unit=unit)


def _find_named_periods(body: str) -> Iterator[_Found]:
    for match in _NAMED_PERIOD.finditer(body):
        which, period = match.group("which").casefold(), match.group("period").casefold()
        yield _Found(*match.span(), form="period", unit=period, which=which)


def _find_deictic_days(body: str) -> Iterator[_Found]:
    shifts = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}
    for match in _DEICTIC_DAY.finditer(body):
        if _is_inside_a_name(body, match.start()):
            continue  # "Florida Today", "USA Today"
        yield _Found(*match.span(), form="deictic", amount=shifts[match.group("word").casefold()])


def _is_inside_a_name(body: str, start: int) -> bool:
    """A capitalised word right after another capitalised word: "according to Florida Today"."""
    if not body[start].isupper():
        return False
    previous = _PREVIOUS_WORD.search(body, max(0, start - 40), start)
    return previous is not None and previous.group(1)[0].isupper()


def _find_weekdays(body: str) -> Iterator[_Found]:
    for match in _WEEKDAY.finditer(body):
        which = (match.group("which") or "").casefold()
        clause = body[max(0, match.start() - _LOOK_BEHIND_CHARS) : match.start()]
        yield _Found(
            *match.span("weekday"),
            form="weekday",
            day=WEEKDAYS.index(match.group("weekday").casefold()),
            which=which,
            looks_ahead=which == "next"
            or (which != "last" and bool(_FUTURE_CLAUSE.search(clause))),
        )


def _find_months_only(body: str) -> Iterator[_Found]:
    for match in _MONTH_ONLY.finditer(body):
        before = body[max(0, match.start() - 40) : match.start("month")]
        form = "month_that_year" if _THAT_YEAR_BEFORE.search(before) else "month"
        yield _Found(*match.span("month"), form=form, month=_month_number(match.group("month")))


_MONTH_NAMES = (
    r"January|February|March|April|May|June|July|August|September|October|November|December"
)
_MONTH_LIST = re.compile(
    rf"\b{_PREPOSITION}\s+(?:(?:early|late|mid-?)\s*)?(?:{_MONTH_NAMES})"
    rf"(?:(?:,\s*|,?\s+(?:and|or)\s+)(?:{_MONTH_NAMES})\b(?!\s*\d))+"
)
_LISTED_MONTH = re.compile(rf"\b(?:{_MONTH_NAMES})\b")


def _find_listed_months(body: str) -> Iterator[_Found]:
    """The later months of a list after a preposition: "in October and March"."""
    for match in _MONTH_LIST.finditer(body):
        for month in list(_LISTED_MONTH.finditer(body, match.start(), match.end()))[1:]:
            yield _Found(*month.span(), form="month", month=_month_number(month.group(0)))


def _find_ago(body: str) -> Iterator[_Found]:
    for match in _AGO.finditer(body):
        amount_word = match.group("amount").casefold()
        amount = int(amount_word) if amount_word.isdigit() else NUMBER_WORDS[amount_word]
        yield _Found(*match.span(), form="ago", amount=amount, unit=match.group("unit").casefold())


_YEAR_LIST = re.compile(
    rf"\b{_PREPOSITION}\s+(?:the\s+)?(?:19|20)\d\d(?:(?:,\s*|,?\s+(?:and|or)\s+)(?:19|20)\d\d)+\b"
    rf"{_NOT_A_NUMBER_AFTER}"
)
_LISTED_YEAR = re.compile(r"(?:19|20)\d\d")


def _find_listed_years(body: str) -> Iterator[_Found]:
    """The later years of a list after a preposition: "in 1997 and 1999", "in 2011, 2013"."""
    for match in _YEAR_LIST.finditer(body):
        for year in list(_LISTED_YEAR.finditer(body, match.start(), match.end()))[1:]:
            yield _Found(*year.span(), form="absolute", year=int(year.group(0)))


# "the 2019 launch", "its 2014 explosion": a year that dates an event named after it.
_YEAR_OF_AN_EVENT = re.compile(
    r"\b(?:the|its|their|a|an|that)\s+(?:[a-z]+\s+)?(?P<year>(?:19|20)\d\d)\s+(?=(?:[\w-]+\s+)?(?:launch"
    r"|flight|failure|mission|accident|explosion|loss|attempt|disaster|crash|anomaly|mishap)"
    r"(?:es|s)?\b)",
    re.IGNORECASE,
)


# "the July crash", "its December failure": the month of an event named after it.
_MONTH_OF_AN_EVENT = re.compile(
    rf"\b(?i:the|its|their|that|last)\s+(?P<month>{_MONTH_NAMES})\s+(?=(?i:(?:[\w-]+\s+)?"
    r"(?:launch|flight|failure|mission|accident|explosion|loss|attempt|disaster|crash|anomaly"
    r"|mishap)(?:es|s)?)\b)",
)


def _find_months_of_events(body: str) -> Iterator[_Found]:
    for match in _MONTH_OF_AN_EVENT.finditer(body):
        yield _Found(*match.span("month"), form="month", month=_month_number(match.group("month")))


def _find_years_of_events(body: str) -> Iterator[_Found]:
    for match in _YEAR_OF_AN_EVENT.finditer(body):
        yield _Found(*match.span("year"), form="absolute", year=int(match.group("year")))


def _find_bare_years(body: str) -> Iterator[_Found]:
    for match in _BARE_YEAR.finditer(body):
        yield _Found(*match.span("year"), form="absolute", year=int(match.group("year")))


_FINDERS: tuple[Callable[[str], Iterator[_Found]], ...] = (
    _find_iso,
    _find_full_dates,
    _find_month_years,
    _find_days_without_year,
    _find_offsets,
    _find_ago,
    _find_named_periods,
    _find_deictic_days,
    _find_weekdays,
    _find_months_only,
    _find_listed_months,
    _find_bare_years,
    _find_listed_years,
    _find_years_of_events,
    _find_months_of_events,
)


# --------------------------------------------------------------------------- resolving

_Resolved = tuple[int, int | None, int | None, bool]


def _resolve(
    found: _Found, anchor: datetime.date | None, previous: DateMention | None
) -> _Resolved | None:
    if found.form == "absolute":
        assert found.year is not None
        return found.year, found.month, found.day, False
    if found.form == "offset":
        return _resolve_offset(found, previous)
    if found.form == "month_that_year" and previous is not None:
        return previous.year, found.month, None, True
    if anchor is None:
        return None
    resolver = _ANCHORED_RESOLVERS[found.form]
    return resolver(found, anchor)


def _as_resolved(day: datetime.date) -> _Resolved:
    return day.year, day.month, day.day, True


def _resolve_month_day(found: _Found, anchor: datetime.date) -> _Resolved:
    """The occurrence on or before anchor + SCHEDULE_GRACE."""
    assert found.month is not None and found.day is not None
    limit = anchor + SCHEDULE_GRACE
    year = limit.year
    while not _is_valid_day(year, found.month, found.day) or (
        datetime.date(year, found.month, found.day) > limit
    ):
        year -= 1
    return year, found.month, found.day, True


def _resolve_weekday(found: _Found, anchor: datetime.date) -> _Resolved:
    assert found.day is not None
    if found.looks_ahead:
        ahead = (found.day - anchor.weekday()) % 7
        if ahead == 0 and found.which == "next":
            ahead = 7
        return _as_resolved(anchor + datetime.timedelta(days=ahead))
    back = (anchor.weekday() - found.day) % 7
    if back == 0 and found.which == "last":
        back = 7
    return _as_resolved(anchor - datetime.timedelta(days=back))


def _resolve_deictic_day(found: _Found, anchor: datetime.date) -> _Resolved:
    return _as_resolved(anchor + datetime.timedelta(days=found.amount))


def _resolve_ago(found: _Found, anchor: datetime.date) -> _Resolved:
    """ "Sixteen months ago": the month (or the day, or the year) that long before the anchor."""
    if found.unit == "year":
        return anchor.year - found.amount, None, None, True
    if found.unit == "month":
        year, month = _add_months(anchor.year, anchor.month, -found.amount)
        return year, month, None, True
    days = found.amount * (7 if found.unit == "week" else 1)
    return _as_resolved(anchor - datetime.timedelta(days=days))


def _resolve_month(found: _Found, anchor: datetime.date) -> _Resolved:
    """The latest such month on or before the anchor."""
    assert found.month is not None
    year = anchor.year if found.month <= anchor.month else anchor.year - 1
    return year, found.month, None, True


def _resolve_period(found: _Found, anchor: datetime.date) -> _Resolved:
    step = {"this": 0, "next": 1, "last": -1}[found.which]
    if found.unit == "year":
        return anchor.year + step, None, None, True
    if found.unit == "month":
        year, month = _add_months(anchor.year, anchor.month, step)
        return year, month, None, True
    return _season_year(SEASONS[found.unit], found.which, anchor), None, None, True


def _season_year(start_month: int, which: str, anchor: datetime.date) -> int:
    if which == "next":
        return anchor.year if start_month > anchor.month else anchor.year + 1
    if which == "last":
        return anchor.year if start_month + 2 < anchor.month else anchor.year - 1
    return anchor.year


def _resolve_offset(found: _Found, previous: DateMention | None) -> _Resolved | None:
    """ "Six months later": counted from the previous date mention in the text."""
    if previous is None:
        return None
    if found.unit == "year" and previous.month is None:
        return previous.year + found.amount, None, None, True
    if previous.month is None:
        return None
    if found.unit in ("year", "month"):
        months = found.amount * (12 if found.unit == "year" else 1)
        year, month = _add_months(previous.year, previous.month, months)
        return year, month, None, True
    days = found.amount * (7 if found.unit == "week" else 1)
    start = datetime.date(previous.year, previous.month, previous.day or 15)
    shifted = start + datetime.timedelta(days=days)
    return shifted.year, shifted.month, shifted.day if previous.day else None, True


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


_ANCHORED_RESOLVERS: dict[str, Callable[[_Found, datetime.date], _Resolved]] = {
    "month_day": _resolve_month_day,
    "weekday": _resolve_weekday,
    "deictic": _resolve_deictic_day,
    "month": _resolve_month,
    "month_that_year": _resolve_month,
    "ago": _resolve_ago,
    "period": _resolve_period,
}
