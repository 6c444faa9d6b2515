"""Dates known to a day, a month or a year, and the `2016` / `2016-12` / `2016-12-01` form.

Plain Python, no Django imports: the article pipeline reads its dates with the same type as
the incidents app (`PartialDate`), so "the last day of a month or a year" is computed here
only. The model field's choices (`incidents.models.DatePrecision`) take their values from
`Precision`.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass
from enum import StrEnum


class Precision(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


PARTIAL_DATE_RE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*$")


@dataclass(frozen=True)
class PartialDate:
    """A day, or a whole month or year when no more is known: `first` is the period's first
    day ("December 2016" is 2016-12-01 with month precision)."""

    first: datetime.date
    precision: Precision = Precision.DAY

    def __post_init__(self) -> None:
        object.__setattr__(self, "precision", Precision(self.precision))
        if self.first != _start_of(self.first, self.precision):
            raise ValueError(f"{self.first} does not open a {self.precision}")

    @classmethod
    def of(cls, year: int, month: int | None = None, day: int | None = None) -> PartialDate:
        """The year, the month of a year, or the day (raises ValueError for 31 February)."""
        if month is None:
            return cls(datetime.date(year, 1, 1), Precision.YEAR)
        if day is None:
            return cls(datetime.date(year, month, 1), Precision.MONTH)
        return cls(datetime.date(year, month, day), Precision.DAY)

    @classmethod
    def within(cls, day: datetime.date, precision: str) -> PartialDate:
        """The day, month or year that holds `day`."""
        known = Precision(precision)
        return cls(_start_of(day, known), known)

    @property
    def last(self) -> datetime.date:
        if self.precision == Precision.YEAR:
            return self.first.replace(month=12, day=31)
        if self.precision == Precision.MONTH:
            days = calendar.monthrange(self.first.year, self.first.month)[1]
            return self.first.replace(day=days)
        return self.first

    @property
    def exact_day(self) -> datetime.date | None:
        """The day, when the date is known to the day."""
        return self.first if self.precision == Precision.DAY else None

    def __contains__(self, day: datetime.date) -> bool:
        return self.first <= day <= self.last


def _start_of(day: datetime.date, precision: Precision) -> datetime.date:
    if precision == Precision.YEAR:
        return day.replace(month=1, day=1)
    if precision == Precision.MONTH:
        return day.replace(day=1)
    return day


def format_partial_date(value: datetime.date | None, precision: str) -> str:
    """'1 December 2016', 'December 2016' or '2016': never more than is known."""
    if value is None:
        return "date unknown"
    if precision == Precision.YEAR:
        return str(value.year)
    if precision == Precision.MONTH:
        return f"{calendar.month_name[value.month]} {value.year}"
    return f"{value.day} {calendar.month_name[value.month]} {value.year}"


def parse_partial_date(text: str) -> tuple[datetime.date, datetime.date]:
    """The first and last day that `2016`, `2016-12` or `2016-12-01` covers.

    Raises ValueError with a readable message for anything else.
    """
    match = PARTIAL_DATE_RE.match(text or "")
    if not match:
        raise ValueError(f"“{text}” is not a date; use 2016, 2016-12 or 2016-12-01.")
    year, month, day = (int(part) if part else None for part in match.groups())
    assert year is not None  # the pattern requires it
    try:
        period = PartialDate.of(year, month, day)
    except ValueError as error:
        raise ValueError(f"“{text}” is not a real date ({error}).") from error
    return period.first, period.last
