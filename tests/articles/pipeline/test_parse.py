"""Which format a text is read as: portal Markdown, HTML, else plain text (each format's
parsing: tests/articles/pipeline/formats/)."""

import dataclasses
import datetime

import pytest

from articles.pipeline.parse import detect_format, parse_document
from tests.articles.pipeline.formats.samples import HTML_PAGE, PORTAL_ITEM


def test_portal_item_is_recognised():
    assert detect_format(PORTAL_ITEM) == "portal-markdown"


def test_portal_item_without_formats_line_is_still_recognised():
    item = "### [2020-2-29](/news/2020/2/29/index.md)\n\n# Headline here\n\nBody text.\n"
    parsed = parse_document(item)
    assert parsed.format == "portal-markdown"
    assert parsed.published_on == datetime.date(2020, 2, 29)
    assert parsed.text == "Body text."


def test_html_is_recognised():
    assert detect_format(HTML_PAGE) == "html"
    assert detect_format("<div><p>One</p><p>Two</p></div>") == "html"


def test_plain_text_is_the_fallback_format():
    assert detect_format("Just a sentence about a rocket.") == "text"
    assert detect_format("Prices rose 5 < 7 and # is a hash.") == "text"


def test_plain_markdown_headline_loses_its_hash_marks():
    parsed = parse_document("# Probe Enters Safe Mode\n\nThe probe entered safe mode.")
    assert parsed.format == "text"
    assert parsed.title == "Probe Enters Safe Mode"


def test_parsed_document_is_frozen():
    parsed = parse_document("Some text.")
    with pytest.raises(dataclasses.FrozenInstanceError):
        parsed.title = "changed"
