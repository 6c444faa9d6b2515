"""Plain text, and anything that is no other format: paragraphs (hard-wrapped lines joined),
a headline and a category line at the top, a date marker and the page's web address.

Plain Python, no Django imports.
"""

from __future__ import annotations

import datetime
import re
from urllib.parse import urlsplit

from articles.pipeline.addresses import is_safe_address
from articles.pipeline.clean import is_boilerplate_line
from articles.pipeline.formats.document import (
    ParsedDocument,
    SourceLink,
    join_paragraphs,
    parse_iso_date,
)

FORMAT = "text"


_HARD_WRAP_MAX_LINE = 120
_HARD_WRAP_MIN_LINE = 40
_HARD_WRAP_MIN_SHARE = 0.8
_HARD_WRAP_MIN_SAMPLES = 3

_TITLE_MAX_CHARS = 150
_TITLE_MAX_WORDS = 20
_CATEGORY_MAX_WORDS = 3
_CATEGORY_MAX_CHARS = 40
_FINAL_PUNCTUATION = tuple(".!?:;,…")
_MARKDOWN_HEADING_MARK = re.compile(r"^#{1,6}\s+")


def parse_plain_text(text: str) -> ParsedDocument:
    paragraphs = plain_text_paragraphs(strip_inline_tags(text))
    paragraphs, addresses = take_address_lines(paragraphs)
    paragraphs, marked_on = take_date_marker(paragraphs)
    title, category, paragraphs = take_heading_lines(paragraphs)
    return ParsedDocument(
        format=FORMAT,
        title=title,
        published_on=marked_on,
        publisher=None,
        category=category,
        source_links=tuple(SourceLink(urlsplit(url).hostname or url, url) for url in addresses),
        text=join_paragraphs(paragraphs),
    )


# Inline markup a page's text can keep when it is copied as plain text ("<I>Challenger</I>
# explodes"): the tags go, their words stay. Block and unknown tags, and a "<" that opens no
# tag ("a < b", "<5 km"), are left as they are.
_INLINE_TAG = re.compile(
    r"</?(?:a|abbr|b|big|cite|code|em|font|i|mark|q|s|small|span|strike|strong|sub|sup|tt|u)"
    r"(?:\s[^<>]*)?/?>",
    re.IGNORECASE,
)
_LINE_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)


def strip_inline_tags(text: str) -> str:
    """Plain text without inline HTML tags; a <br> becomes a line break."""
    return _INLINE_TAG.sub("", _LINE_BREAK_TAG.sub("\n", text))


_ADDRESS_LINE = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)


def is_address_line(line: str) -> bool:
    return _ADDRESS_LINE.match(line) is not None and is_safe_address(line)


_DATE_MARKER = re.compile(r"^date:?\s+(?P<date>\d{4}-\d{1,2}-\d{1,2})\b\s*", re.IGNORECASE)
_HEADER_PARAGRAPHS = 3


def take_address_lines(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    """Web addresses standing alone on a line at the top: the page the text was taken from."""
    addresses = [p for p in paragraphs[:_HEADER_PARAGRAPHS] if is_address_line(p)]
    if not addresses:
        return paragraphs, []
    head = [p for p in paragraphs[:_HEADER_PARAGRAPHS] if not is_address_line(p)]
    return head + paragraphs[_HEADER_PARAGRAPHS:], addresses


def take_date_marker(paragraphs: list[str]) -> tuple[list[str], datetime.date | None]:
    """A "date 2023-04-20" marker opening one of the first lines: the publication date."""
    for index, paragraph in enumerate(paragraphs[:_HEADER_PARAGRAPHS]):
        match = _DATE_MARKER.match(paragraph)
        marked_on = parse_iso_date(match["date"]) if match else None
        if match and marked_on is not None:
            rest = paragraph[match.end() :]
            kept = [rest] if rest else []
            return paragraphs[:index] + kept + paragraphs[index + 1 :], marked_on
    return paragraphs, None


def plain_text_paragraphs(text: str) -> list[str]:
    """Paragraphs of plain text.

    Blank lines always separate paragraphs. A single line break also does, unless the text is
    hard-wrapped (lines of similar, moderate length), in which case the lines of a block are
    joined back into one paragraph.
    """
    blocks = [
        [line.strip() for line in block.split("\n") if line.strip()]
        for block in re.split(r"\n[^\S\n]*\n", text)
    ]
    blocks = [part for lines in blocks for part in _split_at_addresses(lines) if part]
    if is_hard_wrapped(blocks):
        return [" ".join(lines) for lines in blocks]
    return [line for lines in blocks for line in lines]


def _split_at_addresses(lines: list[str]) -> list[list[str]]:
    """A web address alone on its line is a paragraph of its own, never joined to prose."""
    parts: list[list[str]] = [[]]
    for line in lines:
        if is_address_line(line):
            parts += [[line], []]
        else:
            parts[-1].append(line)
    return parts


def is_hard_wrapped(blocks: list[list[str]]) -> bool:
    all_lines = [line for lines in blocks for line in lines]
    if any(len(line) > _HARD_WRAP_MAX_LINE for line in all_lines):
        return False
    wrapped = [line for lines in blocks for line in lines[:-1]]
    if len(wrapped) < _HARD_WRAP_MIN_SAMPLES:
        return False
    long_enough = sum(1 for line in wrapped if len(line) >= _HARD_WRAP_MIN_LINE)
    return long_enough / len(wrapped) >= _HARD_WRAP_MIN_SHARE


def take_heading_lines(paragraphs: list[str]) -> tuple[str | None, str | None, list[str]]:
    """Remove a headline (and a category line under it) from the top of plain text.

    Leading boilerplate such as a donation banner is skipped over but kept for ``clean``.
    """
    start = 0
    while start < len(paragraphs) and is_boilerplate_line(paragraphs[start]):
        start += 1
    if start + 1 >= len(paragraphs) or not looks_like_title(paragraphs[start]):
        return None, None, paragraphs
    title = _MARKDOWN_HEADING_MARK.sub("", paragraphs[start])
    rest = paragraphs[start + 1 :]
    category = None
    if len(rest) > 1 and looks_like_category(rest[0]):
        category, rest = rest[0], rest[1:]
    return title, category, paragraphs[:start] + rest


def looks_like_title(line: str) -> bool:
    return (
        "\n" not in line
        and len(line) <= _TITLE_MAX_CHARS
        and len(line.split()) <= _TITLE_MAX_WORDS
        and not line.endswith(_FINAL_PUNCTUATION)
        and any(char.isupper() for char in line)
    )


def looks_like_category(line: str) -> bool:
    words = line.split()
    return (
        0 < len(words) <= _CATEGORY_MAX_WORDS
        and len(line) <= _CATEGORY_MAX_CHARS
        and not line.endswith(_FINAL_PUNCTUATION)
        and words[0][0].isupper()
        and words[0].lower() != "by"
        and not any(char.isdigit() for char in line)
    )
