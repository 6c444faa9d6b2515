"""Recognise the shape of a decoded article and pull out its parts.

Stage two of the import pipeline. Three formats are understood:

* ``portal-markdown``: a news-portal item in Markdown, with a "Formats:" line, a date heading,
  a category heading, a ``# headline``, body paragraphs, then "Sources:" and "Related:" lists;
* ``html``: a web page;
* ``text``: anything else, read as plain text.

The result's ``text`` is the article's content as plain text: markup removed, paragraphs
separated by a blank line. Boilerplate inside the content is left for ``clean.py``.

Plain Python, no Django imports.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

import markdown

from articles.pipeline.addresses import is_safe_address
from articles.pipeline.clean import is_boilerplate_line

FORMAT_PORTAL_MARKDOWN = "portal-markdown"
FORMAT_HTML = "html"
FORMAT_TEXT = "text"


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


# --------------------------------------------------------------------------- format detection

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

_HTML_DOCUMENT_START = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?<(?:!doctype\s+html|html)\b", re.I)
_HTML_TAG = re.compile(
    r"<(?:html|head|body|article|main|section|div|p|h[1-6]|title|meta|span|br|ul|ol|li)\b"
    r"[^>]*>",
    re.IGNORECASE,
)
_HTML_MIN_TAGS = 3


def detect_format(text: str) -> str:
    """Return ``"portal-markdown"``, ``"html"`` or ``"text"``."""
    if looks_like_portal_markdown(text):
        return FORMAT_PORTAL_MARKDOWN
    if looks_like_html(text):
        return FORMAT_HTML
    return FORMAT_TEXT


def looks_like_portal_markdown(text: str) -> bool:
    signals = sum(
        1
        for pattern in (_PORTAL_FORMATS_LINE, _PORTAL_DATE_HEADING, _PORTAL_SECTION_HEADING)
        if pattern.search(text)
    )
    return signals >= 2 or (signals == 1 and _MARKDOWN_HEADLINE.search(text) is not None)


def looks_like_html(text: str) -> bool:
    if _HTML_DOCUMENT_START.match(text):
        return True
    return text.lstrip().startswith("<") and len(_HTML_TAG.findall(text)) >= _HTML_MIN_TAGS


def parse_document(text: str) -> ParsedDocument:
    document_format = detect_format(text)
    if document_format == FORMAT_PORTAL_MARKDOWN:
        return parse_portal_markdown(text)
    if document_format == FORMAT_HTML:
        return parse_html(text)
    return parse_plain_text(text)


# --------------------------------------------------------------------------- shared helpers

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


# --------------------------------------------------------------------------- portal markdown

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
        format=FORMAT_PORTAL_MARKDOWN,
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


# --------------------------------------------------------------------------- HTML

_BLOCK_TAGS = frozenset(
    """address article aside blockquote body caption dd details dialog div dl dt fieldset
    figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr html li main nav ol p pre section
    summary table tbody td tfoot th thead tr ul""".split()
)
# Elements whose content is never article text.
_SKIPPED_TAGS = frozenset(
    """script style noscript template svg math iframe object embed canvas nav footer aside form
    button select textarea figure""".split()
)
_VOID_TAGS = frozenset(
    "area base br col embed hr img input link meta param source track wbr".split()
)
_CONTAINER_TAGS = ("article", "main")
_PUBLISHER_META_KEYS = ("og:site_name", "publisher", "application-name", "author")
_DATE_META_KEYS = (
    "article:published_time",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "dc.date",
    "dcterms.created",
)


@dataclass(frozen=True)
class _HtmlBlock:
    text: str
    tag: str
    containers: frozenset[str]


class _HtmlCollector(HTMLParser):
    """Collects text blocks, headings and metadata; ignores every attribute except metadata."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[_HtmlBlock] = []
        self.meta: dict[str, str] = {}
        self.times: list[str] = []
        self.canonical_url: str | None = None
        self.title_parts: list[str] = []
        self._buffer: list[str] = []
        self._block_tag = "body"
        self._skip_tag: str | None = None
        self._skip_depth = 0
        self._in_title = False
        self._pre_depth = 0
        self._container_depth = dict.fromkeys(_CONTAINER_TAGS, 0)

    # -- parser callbacks

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name.lower(): value or "" for name, value in attrs}
        if self._skip_tag is not None:
            if tag == self._skip_tag and tag not in _VOID_TAGS:
                self._skip_depth += 1
            return
        self.read_metadata(tag, attributes)
        if tag == "title":
            self._in_title = True
            return
        if tag in _VOID_TAGS:
            if tag == "br":
                self._buffer.append("\n")
            elif tag == "hr":
                self.flush()
            return
        if tag in _SKIPPED_TAGS or is_hidden(attributes):
            self.flush()
            self._skip_tag, self._skip_depth = tag, 1
            return
        if tag in _BLOCK_TAGS:
            self.flush()
            self._block_tag = tag
        if tag in self._container_depth:
            self._container_depth[tag] += 1
        if tag == "pre":
            self._pre_depth += 1

    def handle_endtag(self, tag: str) -> None:
        if self._skip_tag is not None:
            if tag == self._skip_tag:
                self._skip_depth -= 1
                if self._skip_depth == 0:
                    self._skip_tag = None
            return
        if tag == "title":
            self._in_title = False
            return
        if tag in _BLOCK_TAGS:
            self.flush()
            self._block_tag = "body"
        if tag in self._container_depth and self._container_depth[tag] > 0:
            self._container_depth[tag] -= 1
        if tag == "pre" and self._pre_depth > 0:
            self._pre_depth -= 1

    def handle_data(self, data: str) -> None:
        if self._skip_tag is not None:
            return
        if self._in_title:
            self.title_parts.append(data)
        elif self._pre_depth:
            self._buffer.append(data)
        else:
            self._buffer.append(re.sub(r"[ \t\r\n\f]+", " ", data))

    def close(self) -> None:
        super().close()
        self.flush()

    # -- helpers

    def read_metadata(self, tag: str, attributes: dict[str, str]) -> None:
        if tag == "meta":
            key = (attributes.get("property") or attributes.get("name") or "").strip().lower()
            content = collapse_spaces(attributes.get("content", ""))
            if key and content:
                self.meta.setdefault(key, content)
        elif tag == "time" and attributes.get("datetime"):
            self.times.append(attributes["datetime"])
        elif tag == "link" and "canonical" in attributes.get("rel", "").lower().split():
            self.canonical_url = self.canonical_url or attributes.get("href") or None

    def flush(self) -> None:
        raw = "".join(self._buffer)
        self._buffer = []
        lines = [line.strip() for line in raw.split("\n")]
        text = "\n".join(line for line in lines if line)
        if text:
            containers = frozenset(name for name, depth in self._container_depth.items() if depth)
            self.blocks.append(_HtmlBlock(text=text, tag=self._block_tag, containers=containers))


def is_hidden(attributes: dict[str, str]) -> bool:
    if "hidden" in attributes or attributes.get("aria-hidden", "").lower() == "true":
        return True
    style = attributes.get("style", "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style


def collect_html(source: str) -> _HtmlCollector:
    collector = _HtmlCollector()
    collector.feed(source)
    collector.close()
    return collector


def html_to_paragraphs(source: str) -> list[str]:
    """All text blocks of an HTML fragment, in order."""
    return [block.text for block in collect_html(source).blocks]


def parse_html(text: str) -> ParsedDocument:
    collector = collect_html(text)
    blocks = main_content_blocks(collector.blocks)
    publisher = first_meta(collector.meta, _PUBLISHER_META_KEYS)
    title, title_block = html_title(collector, blocks, publisher)
    paragraphs = [block.text for block in blocks if block is not title_block]
    return ParsedDocument(
        format=FORMAT_HTML,
        title=title,
        published_on=html_published_on(collector),
        publisher=publisher,
        category=first_meta(collector.meta, ("article:section",)),
        source_links=html_source_links(collector, publisher),
        text=join_paragraphs(paragraphs),
    )


def main_content_blocks(blocks: list[_HtmlBlock]) -> list[_HtmlBlock]:
    """The blocks inside <article>, else inside <main>, else all of them."""
    for container in _CONTAINER_TAGS:
        inside = [block for block in blocks if container in block.containers]
        if inside:
            return inside
    return blocks


def first_meta(meta: dict[str, str], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        if meta.get(key):
            return meta[key]
    return None


def html_title(
    collector: _HtmlCollector, blocks: list[_HtmlBlock], publisher: str | None
) -> tuple[str | None, _HtmlBlock | None]:
    """The headline and, if it came from an <h1> of the content, that block."""
    for candidates in (blocks, collector.blocks):
        for block in candidates:
            if block.tag == "h1":
                in_content = any(candidate is block for candidate in blocks)
                return collapse_spaces(block.text), block if in_content else None
    title = collapse_spaces("".join(collector.title_parts))
    if publisher:
        title = strip_site_suffix(title, publisher)
    return (title or None), None


def strip_site_suffix(title: str, site_name: str) -> str:
    """``"Rocket lost | Example News"`` -> ``"Rocket lost"`` when the site is Example News."""
    pattern = re.compile(r"\s+[|\-–—:·]\s+" + re.escape(site_name) + r"\s*$", re.IGNORECASE)
    return pattern.sub("", title)


def html_published_on(collector: _HtmlCollector) -> datetime.date | None:
    for value in [collector.meta.get(key, "") for key in _DATE_META_KEYS] + collector.times:
        published_on = parse_iso_date(value) if value else None
        if published_on is not None:
            return published_on
    return None


def html_source_links(collector: _HtmlCollector, publisher: str | None) -> tuple[SourceLink, ...]:
    url = collector.canonical_url or collector.meta.get("og:url")
    if not url or not is_safe_address(url):
        return ()
    label = publisher or urlsplit(url).hostname or url
    return (SourceLink(label=label, url=url),)


# --------------------------------------------------------------------------- plain text

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
    paragraphs = plain_text_paragraphs(text)
    paragraphs, addresses = take_address_lines(paragraphs)
    paragraphs, marked_on = take_date_marker(paragraphs)
    title, category, paragraphs = take_heading_lines(paragraphs)
    return ParsedDocument(
        format=FORMAT_TEXT,
        title=title,
        published_on=marked_on,
        publisher=None,
        category=category,
        source_links=tuple(SourceLink(urlsplit(url).hostname or url, url) for url in addresses),
        text=join_paragraphs(paragraphs),
    )


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
        if marked_on is not None:
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
