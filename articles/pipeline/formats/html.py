"""Web pages: the article's own text, told from the page around it (navigation, banners,
share buttons, sign-up boxes, related stories, footers) by trafilatura, and what the page says
of itself: headline, date, author, publisher and canonical address.

trafilatura rather than our own parser: it scores the page's blocks by their text and links,
knows the markup of the common publishing systems, and reads dates with htmldate (from
JSON-LD, meta tags, <time> and the address), which we call again, searching harder, when it
finds none.

Plain Python, no Django imports.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit

import htmldate
import trafilatura
from lxml import etree, html  # type: ignore[import-untyped]

from articles.pipeline.addresses import is_safe_address, is_web_address
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
_ARTICLE_TYPES = ("article", "newsarticle", "reportagenewsarticle", "blogposting", "report")
_TITLE_SEPARATORS = r"\s+[|\-–—:·»]\s+"
_HIDDEN = [
    "//*[@hidden]",
    "//*[@aria-hidden='true']",
    "//*[contains(translate(@style, ' ', ''), 'display:none')]",
    "//*[contains(translate(@style, ' ', ''), 'visibility:hidden')]",
]


def looks_like_html(text: str) -> bool:
    if _HTML_DOCUMENT_START.match(text):
        return True
    return text.lstrip().startswith("<") and len(_HTML_TAG.findall(text)) >= _HTML_MIN_TAGS


def parse_html(text: str, address: str = "") -> ParsedDocument:
    """The article in a web page; `address` is where it was fetched from (or "" for a file)."""
    tree = _tree(text)
    if tree is None:
        return ParsedDocument(FORMAT, None, None, None, None, (), "")
    facts = _PageFacts(tree, address)
    extracted = trafilatura.bare_extraction(
        tree,
        url=address or None,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_formatting=False,
        include_links=False,
        favor_precision=True,
        prune_xpath=_HIDDEN,
    )
    found: Any = extracted
    publisher = facts.publisher() or _text(found, "sitename") or _host(facts.canonical())
    title = facts.headline(publisher) or None
    paragraphs = list(_paragraphs(found))
    if paragraphs and title and collapse_spaces(paragraphs[0]) == title:
        paragraphs = paragraphs[1:]
    return ParsedDocument(
        format=FORMAT,
        title=title,
        published_on=facts.published_on() or _date(found) or _searched_date(text, address),
        publisher=publisher or None,
        category=facts.meta("article:section"),
        source_links=_source_links(facts.canonical(), publisher),
        text=join_paragraphs(paragraphs),
        author=_text(found, "author") or facts.meta("author"),
    )


def _tree(text: str) -> Any:
    try:
        return html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        try:  # an XML declaration with an encoding, in a str
            return html.document_fromstring(re.sub(r"^\s*<\?xml[^>]*>", "", text))
        except (etree.ParserError, ValueError):
            return None


class _PageFacts:
    """What a page's head says of its article (read before trafilatura, which prunes the
    tree)."""

    def __init__(self, tree: Any, address: str):
        self.address = address
        self.metas: dict[str, str] = {}
        for element in tree.iter("meta"):
            key = (element.get("property") or element.get("name") or "").strip().lower()
            content = collapse_spaces(element.get("content") or "")
            if key and content:
                self.metas.setdefault(key, content)
        self.linked_data = list(_linked_data(tree))
        self.canonical_href = next(
            (
                link.get("href", "")
                for link in tree.iter("link")
                if "canonical" in (link.get("rel") or "").lower().split()
            ),
            "",
        )
        self.h1 = next((collapse_spaces(h.text_content()) for h in tree.iter("h1")), "")
        titles = list(tree.iter("title"))
        self.title = collapse_spaces(titles[0].text_content()) if titles else ""
        self.times = [t.get("datetime", "") for t in tree.iter("time") if t.get("datetime")]

    def meta(self, key: str) -> str | None:
        return self.metas.get(key) or None

    def article_data(self, key: str) -> Any:
        for item in self.linked_data:
            if key in item:
                return item[key]
        return None

    def headline(self, publisher: str | None) -> str:
        """JSON-LD headline, og:title, the first <h1>, <title>: without a site-name suffix."""
        for candidate in (
            self.article_data("headline"),
            self.meta("og:title"),
            self.meta("twitter:title"),
            self.h1,
            self.title,
        ):
            if isinstance(candidate, str) and candidate.strip():
                return strip_site_suffix(collapse_spaces(candidate), publisher, self.h1)
        return ""

    def publisher(self) -> str | None:
        named = self.article_data("publisher")
        if isinstance(named, list) and named:
            named = named[0]
        if isinstance(named, dict) and isinstance(named.get("name"), str):
            return collapse_spaces(named["name"]) or None
        return self.meta("og:site_name") or self.meta("application-name")

    def published_on(self) -> datetime.date | None:
        for value in (
            self.article_data("datePublished"),
            self.meta("article:published_time"),
            *self.times,
        ):
            published = parse_iso_date(value) if isinstance(value, str) else None
            if published is not None:
                return published
        return None

    def canonical(self) -> str:
        """The page's own address: <link rel=canonical> (resolved), og:url, else where it was
        fetched from."""
        for candidate in (self.canonical_href, self.meta("og:url") or ""):
            if candidate:
                resolved = urljoin(self.address, candidate.strip()) if self.address else candidate
                if is_web_address(resolved):
                    return resolved
        return self.address if is_web_address(self.address) else ""


def _linked_data(tree: Any) -> Iterator[dict[str, Any]]:
    """The article objects of the page's JSON-LD (in a list or an @graph or not)."""
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        for item in _flatten(data):
            kinds = item.get("@type")
            kinds = [kinds] if isinstance(kinds, str) else kinds or []
            if any(str(kind).lower() in _ARTICLE_TYPES for kind in kinds):
                yield item


def _flatten(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _flatten(item)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _flatten(data["@graph"])


def strip_site_suffix(title: str, site_name: str | None, h1: str = "") -> str:
    """``"Rocket lost | Example News"`` -> ``"Rocket lost"``: a last part that is the site's
    name (or its host), or that the page's own <h1> leaves out."""
    parts = re.split(_TITLE_SEPARATORS, title)
    if len(parts) < 2:
        return title
    head, last = re.split(_TITLE_SEPARATORS + r"(?!.*" + _TITLE_SEPARATORS + ")", title, maxsplit=1)
    names = {_squash(site_name or "")} - {""}
    if _squash(last) in names or _squash(last).removeprefix("www") in names:
        return head
    if h1 and collapse_spaces(h1) == head:
        return head
    return title


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _text(found: Any, name: str) -> str | None:
    value = getattr(found, name, None) if found is not None else None
    return collapse_spaces(value) if isinstance(value, str) and value.strip() else None


def _date(found: Any) -> datetime.date | None:
    value = _text(found, "date")
    return parse_iso_date(value) if value else None


def _searched_date(text: str, address: str) -> datetime.date | None:
    """htmldate's harder search of the page (and its address)."""
    try:
        value = htmldate.find_date(
            text, extensive_search=True, original_date=True, url=address or None
        )
    except (ValueError, TypeError):
        return None
    return parse_iso_date(value) if value else None


def _host(address: str) -> str | None:
    host = urlsplit(address).hostname if address else None
    return host.removeprefix("www.") if host else None


def _paragraphs(found: Any) -> Iterator[str]:
    """The blocks of trafilatura's result: a heading or paragraph each, list items a line
    each, a <lb/> a line break."""
    body = getattr(found, "body", None) if found is not None else None
    if body is None:
        return
    for block in body:
        if block.tag == "list":
            lines = [_collapse(_block_text(item)) for item in block.iter("item")]
            text = "\n".join(line for line in lines if line)
        else:
            lines = [_collapse(line) for line in _block_text(block).split("\n")]
            text = "\n".join(line for line in lines if line)
        if text:
            yield text


def _collapse(text: str) -> str:
    """Runs of ASCII white space as one space; a no-break space stays (it binds 40 km)."""
    return re.sub(r"[ \t\r\n\f]+", " ", text).strip()


def _block_text(element: Any) -> str:
    parts: list[str] = [element.text or ""]
    for child in element:
        if child.tag == "lb":
            parts.append("\n")
        else:
            parts.append(_block_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _source_links(canonical: str, publisher: str | None) -> tuple[SourceLink, ...]:
    if not canonical or not is_safe_address(canonical):
        return ()
    return (SourceLink(label=publisher or _host(canonical) or canonical, url=canonical),)
