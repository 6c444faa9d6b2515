"""Which format a text is read as: portal Markdown, HTML, else plain text (each format's
parsing: tests/articles/pipeline/formats/)."""

import dataclasses
import datetime

import pytest

from articles.pipeline.parse import SourceLink, detect_format, parse_document
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


HOSTILE = "https://news.example/soyuz},note={INJECTED},x={"


def test_a_source_link_whose_address_may_not_be_one_is_not_taken():
    text = (
        "# Rocket lost\n\nThe rocket failed on Monday.\n\n### Sources:\n\n"
        f"1. [Wire]({HOSTILE})\n2. [Space News](https://space.example/2016/lost)\n"
    )
    parsed = parse_document(text)
    assert parsed.source_links == (SourceLink("Space News", "https://space.example/2016/lost"),)
    assert parsed.publisher == "Space News"


def test_a_canonical_address_that_may_not_be_one_is_not_taken():
    page = (
        f'<html><head><link rel="canonical" href="{HOSTILE}"></head>'
        "<body><p>The booster tipped over after landing.</p></body></html>"
    )
    assert parse_document(page).source_links == ()


@pytest.mark.parametrize("line", [HOSTILE, "https://[news.example/rocket-lost"])
def test_an_address_line_that_may_not_be_one_stays_in_the_text(line):
    parsed = parse_document(f"Rocket lost\n{line}\n\nThe rocket failed on Monday.\n")
    assert parsed.source_links == ()
    assert parsed.text == f"{line}\n\nThe rocket failed on Monday."
