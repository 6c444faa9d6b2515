"""When an article was published, read from the text's header lines or from its web address.

Plain Python, no Django imports.

Pages captured as text keep their date in a few typical places, tried in this order:

- a labelled line near the top: "date 2023-04-20", "Date Published: 08/28/2021",
  "Posted/updated on: November 18, 2023 at 1:06 pm", "(Source: CNES; issued July 11, 2019)";
- a dateline that opens a paragraph: "Paris, 17 November 2020. – …";
- a line that is only a date, perhaps with a weekday and a time: "Thursday, July 11, 2019 -
  10:29 AM";
- the web address: ".../2018/10/11/...", "...-20181011-...", ".../2021/09/..." (the month
  only), ".../2021/some-story" (the year only).

A date in running prose ("On 4 June 1996, the first Ariane 5 …") is what the article is about,
not when it was written, and is never taken.
"""

from __future__ import annotations

import datetime
import re

from articles.pipeline.dates import MONTHS
from incidents.partial_dates import PartialDate, Precision

HEADER_LINES = 8
FIRST_YEAR, LAST_YEAR = 1957, 2100

_MONTH_NAME = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_DATE = (
    r"(?P<iso>\d{4}-\d{1,2}-\d{1,2})"
    r"|(?P<us>\d{1,2}/\d{1,2}/\d{4})"
    rf"|(?P<dmy>\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH_NAME},?\s+\d{{4}})"
    rf"|(?P<mdy>{_MONTH_NAME}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})"
)
_LABELLED = re.compile(
    rf"^\W*(?:date|published|posted|updated|issued)\b[^\n\d]{{0,30}}?(?:{_DATE})",
    re.IGNORECASE,
)
_LABELLED_INSIDE = re.compile(rf"\b(?:issued|published|posted)\s+(?:on\s+)?(?:{_DATE})", re.I)
_DATELINE = re.compile(
    rf"^[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){{0,3}},\s+(?:{_DATE})\s*[.:–—-]", re.IGNORECASE
)
_ONLY_A_DATE = re.compile(
    r"^\W*(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?"
    rf"(?:{_DATE})"
    r"(?:\s*[-–—,|@]?\s*(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s+[A-Z]{2,4})?)?\W*$",
)
_ADDRESS_DAY = re.compile(r"/(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})(?:/|$)")
_ADDRESS_MONTH = re.compile(r"/(?P<y>\d{4})/(?P<m>\d{1,2})/")
# "/2021/story-name", but not the "/6/4/1996/" of a this-day-in-history page
_ADDRESS_YEAR = re.compile(r"(?<!/\d)(?<!/\d\d)/(?P<y>(?:19|20)\d\d)/(?=[a-z])", re.IGNORECASE)
_ADDRESS_COMPACT = re.compile(r"(?<![\d])(?P<y>(?:19|20)\d\d)(?P<m>\d\d)(?P<d>\d\d)(?!\d)")


def date_from_header(text: str) -> PartialDate | None:
    """The publication date given in the first lines of `text`, or None."""
    lines = [line.strip() for line in text.split("\n") if line.strip()][:HEADER_LINES]
    for pattern in (_LABELLED, _LABELLED_INSIDE, _DATELINE, _ONLY_A_DATE):
        for line in lines:
            match = pattern.search(line)
            day = _date_of(match) if match else None
            if day is not None:
                return PartialDate(day)
    return None


def date_from_address(url: str) -> PartialDate | None:
    """The date a web address gives in its path, or None."""
    path = re.sub(r"^[a-z]+://[^/]+", "", url.strip(), flags=re.IGNORECASE)
    for pattern in (_ADDRESS_DAY, _ADDRESS_COMPACT):
        for match in pattern.finditer(path):
            day = _valid(int(match["y"]), int(match["m"]), int(match["d"]))
            if day is not None:
                return PartialDate(day)
    for match in _ADDRESS_MONTH.finditer(path):
        day = _valid(int(match["y"]), int(match["m"]), 1)
        if day is not None:
            return PartialDate(day, Precision.MONTH)
    for match in _ADDRESS_YEAR.finditer(path):
        day = _valid(int(match["y"]), 1, 1)
        if day is not None:
            return PartialDate(day, Precision.YEAR)
    return None


def _date_of(match: re.Match[str]) -> datetime.date | None:
    if match["iso"]:
        year, month, day = (int(part) for part in match["iso"].split("-"))
        return _valid(year, month, day)
    if match["us"]:
        month, day, year = (int(part) for part in match["us"].split("/"))
        return _valid(year, month, day)
    text = match["dmy"] or match["mdy"]
    month_word = re.search(r"[A-Za-z]+", text)
    numbers = [int(n) for n in re.findall(r"\d+", text)]
    if month_word is None or len(numbers) != 2:
        return None
    named_month = MONTHS.get(month_word.group(0).casefold())
    day, year = (numbers[0], numbers[1]) if numbers[1] > 31 else (numbers[1], numbers[0])
    return _valid(year, named_month, day) if named_month else None


def _valid(year: int, month: int, day: int) -> datetime.date | None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return None
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None
