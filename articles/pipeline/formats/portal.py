"""News-portal items in Markdown: a "Formats:" line, a date heading, a category heading, a
``# headline``, body paragraphs, then "Sources:" and "Related:" lists.

Plain Python, no Django imports.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

import markdown

from articles.pipeline.addresses import is_safe_address
from articles.pipeline.formats.document import (
    ParsedDocument,
    SourceLink,
    collapse_spaces,
    parse_iso_date,
)
from articles.pipeline.formats.markup import html_to_paragraphs

FORMAT = "portal-markdown"

# Patterns over the whole text read one line at a time: only spaces and tabs ([^\S\n]) may lead
# a line, taken possessively, so a run of blank lines costs a pass, not a pass per line.
_PORTAL_FORMATS_LINE = re.compile(
    r"^[^\S\n]*+Formats:[^\S\n]*+(?:\[[^\]\n]*\]\([^)\n]*\)[^\S\n]*+)+$", re.MULTILINE
)
_PORTAL_DATE_HEADING = re.compile(
    r"^[^\S\n]*+#{2,6}[^\S\n]*+\[?[^\S\n]*+(\d{4})-(\d{1,2})-(\d{1,2})[^\S\n]*+\]?"
    r"(?:\([^)\n]*\))?[^\S\n]*+$",
    re.MULTILINE,
)
_PORTAL_SECTION_HEADING = re.compile(
    r"^[^\S\n]*+#{2,6}[^\S\n]*+(Sources|Related)[^\S\n]*+:?[^\S\n]*+$",
    re.MULTILINE | re.IGNORECASE,
)
_MARKDOWN_HEADLINE = re.compile(r"^[^\S\n]*+#[^\S\n]++\S", re.MULTILINE)


def looks_like_portal_markdown(text: str) -> bool:
    signals = sum(
        1
        for pattern in (_PORTAL_FORMATS_LINE, _PORTAL_DATE_HEADING, _PORTAL_SECTION_HEADING)
        if pattern.search(text)
    )
    return signals >= 2 or (signals == 1 and _MARKDOWN_HEADLINE.search(text) is not None)


_MARKDOWN_HEADING = re.compile(r"(#{1,6})\s+(.*)")  # on a stripped line; see heading_of()
_LIST_ITEM_LINK = re.compile(
    r"^\s*(?:\d+[.)]|[-*+])\s+\[(?P<label>[^\]]+)\]\((?P<url>[^)\s]+)(?:\s+\"[^\"]*\")?\)"
)
_IMAGE_LABEL = re.compile(
    r"^\s*+(?:(?:cover|header|featured|lead|main)\s++)?(?:image|photo|picture|thumbnail)s?\b",
    re.I,
)


@dataclass
class _PortalParts:
    title: str | None = None
    published_on: datetime.date | None = None
    category: str | None = None
    section: str = "preamble"
    preamble_lines: list[str] = field(default_factory=list)
    body_lines: list[str] = field(default_factory=list)
    source_links: list[SourceLink] = field(default_factory=list)


def parse_portal_markdown(text: str) -> ParsedDocument:
    parts = _PortalParts()
    for line in text.split("\n"):
        read_portal_line(parts, line)
    body_lines = parts.body_lines if parts.title is not None else parts.preamble_lines
    publisher = parts.source_links[0].label if parts.source_links else None
    return ParsedDocument(
        format=FORMAT,
        title=parts.title,
        published_on=parts.published_on,
        publisher=publisher,
        category=parts.category,
        source_links=tuple(parts.source_links),
        text=markdown_to_text("\n".join(body_lines)),
    )


def heading_of(line: str) -> re.Match[str] | None:
    """A Markdown heading: its marks (group 1) and its text without closing #s (group 2).
    The line is stripped with str methods first: a regular expression that trimmed runs of
    spaces on both sides backtracked for seconds on a long heading."""
    return _MARKDOWN_HEADING.fullmatch(line.strip().rstrip("#").rstrip())


def read_portal_line(parts: _PortalParts, line: str) -> None:
    heading = heading_of(line)
    if heading is not None:
        section = portal_section_name(heading.group(2))
        if section is not None:
            parts.section = section
            return
        if parts.section == "preamble" and read_portal_preamble_heading(parts, heading):
            return
    if parts.section == "preamble":
        if not _PORTAL_FORMATS_LINE.match(line):
            parts.preamble_lines.append(line)
    elif parts.section == "body":
        parts.body_lines.append(line)
    elif parts.section == "sources":
        link = source_link_from_list_item(line)
        if link is not None:
            parts.source_links.append(link)
    # Lines of the "Related" section link to other items: they are not part of this article.


def portal_section_name(heading_text: str) -> str | None:
    name = heading_text.strip().rstrip(":").strip().lower()
    if name in {"sources", "source"}:
        return "sources"
    if name in {"related", "see also"}:
        return "related"
    return None


def read_portal_preamble_heading(parts: _PortalParts, heading: re.Match[str]) -> bool:
    """Take the date, category or headline from a heading before the body; True if used."""
    level, content = len(heading.group(1)), heading.group(2)
    if parts.published_on is None and _PORTAL_DATE_HEADING.match(heading.group(0)):
        parts.published_on = parse_iso_date(markdown_to_text(content))
        return True
    if level == 1:
        parts.title = markdown_to_text(content) or None
        parts.section = "body"
        return True
    if level >= 4 and parts.category is None:
        parts.category = markdown_to_text(content) or None
        return True
    return False


def source_link_from_list_item(line: str) -> SourceLink | None:
    match = _LIST_ITEM_LINK.match(line)
    if match is None or not is_safe_address(match.group("url")):
        return None
    label = collapse_spaces(match.group("label"))
    if not label or _IMAGE_LABEL.match(label):
        return None
    return SourceLink(label=label, url=match.group("url"))


def markdown_to_text(source: str) -> str:
    """Render Markdown and keep only its text, paragraphs separated by a blank line."""
    if not source.strip():
        return ""
    return "\n\n".join(html_to_paragraphs(markdown.markdown(source)))
