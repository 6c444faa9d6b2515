"""Web pages: the article's text without scripts, styles or page furniture, and its metadata."""

import datetime

from articles.pipeline.formats.document import SourceLink
from articles.pipeline.formats.html import parse_html
from tests.articles.pipeline.formats.samples import HTML_PAGE


def test_html_yields_text_without_scripts_styles_or_event_handlers():
    text = parse_html(HTML_PAGE).text
    for unwanted in (
        "trackReader",
        "secret-token",
        "injected",
        "alert",
        "onerror",
        "owned",
        "steal",
        "font-family",
        "Hidden promo",
        "Photo credit",
        "Footer",
        "Home",
    ):
        assert unwanted not in text


def test_html_text_has_paragraphs_and_unescaped_entities():
    text = parse_html(HTML_PAGE).text
    assert text == (
        "The capsule landed 40\u00a0km from the recovery ship & drifted.\n\n"
        "Divers reached the crew within an hour.\nAll four were well."
    )


def test_html_metadata_is_read():
    parsed = parse_html(HTML_PAGE)
    assert parsed.title == "Capsule splashes down off course"
    assert parsed.published_on == datetime.date(2021, 5, 2)
    assert parsed.publisher == "Orbit Daily"
    assert parsed.category == "Crewed flight"
    assert parsed.source_links == (
        SourceLink(label="Orbit Daily", url="https://orbit-daily.example/capsule"),
    )


def test_html_title_falls_back_to_title_element_without_site_suffix():
    page = (
        "<html><head><title>Booster tips over | Pad News</title>"
        '<meta property="og:site_name" content="Pad News"></head>'
        "<body><p>The booster tipped over after landing.</p></body></html>"
    )
    parsed = parse_html(page)
    assert parsed.title == "Booster tips over"
    assert parsed.text == "The booster tipped over after landing."


def test_html_date_falls_back_to_time_element():
    page = (
        "<html><body><article><p>Posted <time datetime='2018-10-11'>Oct 11</time></p>"
        "<p>Body.</p></article></body></html>"
    )
    assert parse_html(page).published_on == datetime.date(2018, 10, 11)


def test_html_author_is_the_last_resort_publisher():
    page = '<html><head><meta name="author" content="Solo Blogger"></head><body><p>x</p></body>'
    assert parse_html(page).publisher == "Solo Blogger"
