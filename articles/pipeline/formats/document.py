"""What every format's parser returns: the parts of an article, and the helpers they share.

Plain Python, no Django imports.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class SourceLink:
    label: str
    url: str


@dataclass(frozen=True)
class ParsedDocument:
    format: str
    title: str | None
    published_on: datetime.date | None
    publisher: str | None
    category: str | None
    source_links: tuple[SourceLink, ...]
    text: str
    author: str | None = None


_ISO_DATE_PREFIX = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})")


def parse_iso_date(value: str) -> datetime.date | None:
    """The date at the start of ``2016-12-1`` or ``2016-12-01T09:51:00Z``; None if invalid."""
    match = _ISO_DATE_PREFIX.match(value)
    if match is None:
        return None
    try:
        return datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def collapse_spaces(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def join_paragraphs(paragraphs: list[str]) -> str:
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)
