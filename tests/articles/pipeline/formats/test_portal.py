"""The news-portal Markdown format: headline, date, category, sources, and the body without
the lists around it."""

import datetime

from articles.pipeline.formats.document import SourceLink
from articles.pipeline.formats.portal import parse_portal_markdown
from tests.articles.pipeline.formats.samples import PORTAL_ITEM


def test_portal_item_gives_title_date_category_and_publisher():
    parsed = parse_portal_markdown(PORTAL_ITEM)
    assert parsed.format == "portal-markdown"
    assert parsed.title == "A lunar lander loses contact during its final descent."
    assert parsed.published_on == datetime.date(2016, 12, 1)
    assert parsed.category == "Lunar landers"
    assert parsed.publisher == "Euronews"


def test_portal_sources_skip_the_cover_image():
    parsed = parse_portal_markdown(PORTAL_ITEM)
    assert parsed.source_links == (
        SourceLink(label="Euronews", url="http://www.euronews.example/2016/12/01/lander-lost"),
        SourceLink(label="Orbit Ledger", url="http://ledger.example/lander"),
    )


def test_portal_body_is_plain_text_without_the_related_list():
    parsed = parse_portal_markdown(PORTAL_ITEM)
    assert parsed.text == (
        "The operator says the lander’s engine shut down early, according to a statement.\n\n"
        "Engineers are reviewing the telemetry."
    )
    assert "cargo rocket" not in parsed.text
    assert "Context" not in parsed.text
    assert "Formats" not in parsed.text


def test_portal_invalid_date_gives_no_date():
    item = "### [2021-2-30](/news/x.md)\n\n### Sources:\n\n# Headline\n\nBody."
    assert parse_portal_markdown(item).published_on is None
