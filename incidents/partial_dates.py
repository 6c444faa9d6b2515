"""Dates known to a day, a month or a year, and the `2016` / `2016-12` / `2016-12-01` form."""

import calendar
import datetime
import re

from django.db import models


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


PARTIAL_DATE_RE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*$")


def format_partial_date(value: datetime.date | None, precision: str) -> str:
    """'1 December 2016', 'December 2016' or '2016': never more than is known."""
    if value is None:
        return "date unknown"
    if precision == DatePrecision.YEAR:
        return str(value.year)
    if precision == DatePrecision.MONTH:
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
    try:
        if month is None:
            return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        if day is None:
            last = calendar.monthrange(year, month)[1]
            return datetime.date(year, month, 1), datetime.date(year, month, last)
        exact = datetime.date(year, month, day)
    except ValueError as error:
        raise ValueError(f"“{text}” is not a real date ({error}).") from error
    return exact, exact
