"""The first stages of the article import pipeline: decode -> parse -> clean.

Plain Python, no Django imports.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass

from articles.pipeline.clean import clean_text
from articles.pipeline.decode import decode_bytes
from articles.pipeline.parse import SourceLink, parse_document


@dataclass(frozen=True)
class ProcessedArticle:
    raw_text: str  # the decoded text exactly as received: no repair, no cleaning
    encoding: str
    repaired_mojibake: bool
    format: str
    title: str | None
    published_on: datetime.date | None
    publisher: str | None
    category: str | None
    source_links: tuple[SourceLink, ...]
    body: str
    removed: tuple[str, ...]
    repairs: int
    sha256: str  # hex digest of the raw bytes


def process_bytes(data: bytes) -> ProcessedArticle:
    """Decode, parse and clean an uploaded article; raises ``RejectedInput``."""
    decoded = decode_bytes(data)
    parsed = parse_document(decoded.text)
    cleaned = clean_text(parsed.text)
    return ProcessedArticle(
        raw_text=decoded.received,
        encoding=decoded.encoding,
        repaired_mojibake=decoded.repaired_mojibake,
        format=parsed.format,
        title=parsed.title,
        published_on=parsed.published_on,
        publisher=parsed.publisher or cleaned.publisher_hint,
        category=parsed.category,
        source_links=parsed.source_links,
        body=cleaned.body,
        removed=cleaned.removed,
        repairs=cleaned.repairs,
        sha256=hashlib.sha256(data).hexdigest(),
    )
