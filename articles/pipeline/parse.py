"""Recognise the shape of a decoded article and pull out its parts.

Stage two of the import pipeline. Each format the importer reads has its module in
``articles/pipeline/formats/`` (portal Markdown, HTML, plain text); this module picks one.
Boilerplate inside the content is left for ``clean.py``.

Plain Python, no Django imports.
"""

from __future__ import annotations

from articles.pipeline.formats import html, plain, portal
from articles.pipeline.formats.document import ParsedDocument, SourceLink

__all__ = ["ParsedDocument", "SourceLink", "detect_format", "parse_document"]


def detect_format(text: str) -> str:
    """Return ``"portal-markdown"``, ``"html"`` or ``"text"``."""
    if portal.looks_like_portal_markdown(text):
        return portal.FORMAT
    if html.looks_like_html(text):
        return html.FORMAT
    return plain.FORMAT


def parse_document(text: str, *, address: str = "") -> ParsedDocument:
    """`address`: where a web page was fetched from (it resolves the page's own links)."""
    document_format = detect_format(text)
    if document_format == portal.FORMAT:
        return portal.parse_portal_markdown(text)
    if document_format == html.FORMAT:
        return html.parse_html(text, address=address)
    return plain.parse_plain_text(text)
