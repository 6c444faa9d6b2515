"""The first stages of the article import pipeline: decode -> parse -> clean.

Plain Python, no Django imports.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass

from articles.pipeline.clean import clean_text
from articles.pipeline.decode import RejectedInput, decode_bytes
from articles.pipeline.parse import ParsedDocument, SourceLink, parse_document
from articles.pipeline.published import date_from_address, date_from_header
from incidents.partial_dates import PartialDate

MAX_LINES = 100_000  # a 5 MB digest of articles has some 60,000


@dataclass(frozen=True)
class ProcessedArticle:
    raw_text: str  # the decoded text exactly as received: no repair, no cleaning
    encoding: str
    repaired_mojibake: bool
    format: str
    title: str | None
    published: PartialDate | None  # the day, or only the month (from a web address)
    publisher: str | None
    author: str | None
    category: str | None
    source_links: tuple[SourceLink, ...]
    body: str
    removed: tuple[str, ...]
    repairs: int
    sha256: str  # hex digest of the raw bytes

    @property
    def published_on(self) -> datetime.date | None:
        return self.published.exact_day if self.published else None


def process_bytes(data: bytes, *, address: str = "") -> ProcessedArticle:
    """Decode, parse and clean an uploaded article, or a page fetched from `address`; raises
    ``RejectedInput``."""
    decoded = decode_bytes(data)
    refuse_too_many_lines(decoded.text)
    parsed = parse_document(decoded.text, address=address)
    cleaned = clean_text(parsed.text)
    if not cleaned.body.strip():
        raise RejectedInput(
            "no article text is left once page furniture (menus, credits, sign-up boxes, "
            "links) is taken out"
        )
    return ProcessedArticle(
        raw_text=decoded.received,
        encoding=decoded.encoding,
        repaired_mojibake=decoded.repaired_mojibake,
        format=parsed.format,
        title=parsed.title,
        published=publication_date(parsed),
        publisher=parsed.publisher or cleaned.publisher_hint,
        author=parsed.author,
        category=parsed.category,
        source_links=parsed.source_links,
        body=cleaned.body,
        removed=cleaned.removed,
        repairs=cleaned.repairs,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def refuse_too_many_lines(text: str) -> None:
    """An article has hundreds of lines, a digest of many some tens of thousands. Millions of
    them (a list, a data file, lines of one character) would each become an object of the
    cleaner's, hundreds of megabytes for a 5 MB file: refused before that, saying why."""
    lines = text.count("\n") + 1
    if lines > MAX_LINES:
        raise RejectedInput(
            f"{lines:,} lines are more than an article has (at most {MAX_LINES:,}): "
            "a list or a data file?"
        )


def publication_date(parsed: ParsedDocument) -> PartialDate | None:
    """The date the document states, else one in its first lines, else its web address's."""
    if parsed.published_on is not None:
        return PartialDate(parsed.published_on)
    in_header = date_from_header(parsed.text)
    if in_header is not None:
        return in_header
    for link in parsed.source_links:
        in_address = date_from_address(link.url)
        if in_address is not None:
            return in_address
    return None
