"""Web pages: the text of the article's blocks (inside <article>, else <main>), its headline,
publisher, date and address from the page's metadata.

Plain Python, no Django imports.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

from articles.pipeline.addresses import is_safe_address
from articles.pipeline.formats.document import (
    ParsedDocument,
    SourceLink,
    collapse_spaces,
    join_paragraphs,
    parse_iso_date,
)

FORMAT = "html"

_HTML_DOCUMENT_START = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?<(?:!doctype\s+html|html)\b", re.I)
_HTML_TAG = re.compile(
    r"<(?:html|head|body|article|main|section|div|p|h[1-6]|title|meta|span|br|ul|ol|li)\b"
    r"[^>]*>",
    re.IGNORECASE,
)
_HTML_MIN_TAGS = 3


def looks_like_html(text: str) -> bool:
    if _HTML_DOCUMENT_START.match(text):
        return True
    return text.lstrip().startswith("<") and len(_HTML_TAG.findall(text)) >= _HTML_MIN_TAGS


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
        format=FORMAT,
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
