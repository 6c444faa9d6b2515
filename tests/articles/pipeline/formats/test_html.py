"""Web pages: the article's text without scripts, styles or page furniture, and its metadata."""

import datetime

from articles.pipeline.formats.document import SourceLink
from articles.pipeline.formats.html import parse_html, strip_site_suffix
from tests.articles.pipeline.formats.samples import HTML_PAGE
from tests.articles.web.samples import FAILURE_PARAGRAPHS, FURNITURE, news_page


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
        "The capsule landed 40 km from the recovery ship & drifted.\n\n"
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


def test_the_author_is_recorded_and_the_publisher_is_the_site_else_its_host():
    page = '<html><head><meta name="author" content="Solo Blogger"></head><body><p>x</p></body>'
    assert (parse_html(page).author, parse_html(page).publisher) == ("Solo Blogger", None)
    fetched = parse_html(page, address="https://www.solo.example/2020/post")
    assert fetched.publisher == "solo.example"
    assert fetched.source_links == (
        SourceLink(label="solo.example", url="https://www.solo.example/2020/post"),
    )


def test_a_news_page_gives_its_own_text_without_the_page_around_it():
    parsed = parse_html(news_page(), address="https://orbit-courier.example/x?utm_source=feed")
    assert parsed.text == "\n\n".join(FAILURE_PARAGRAPHS)
    for furniture in FURNITURE:
        assert furniture not in parsed.text


def test_a_news_page_gives_headline_date_author_publisher_and_canonical_address():
    parsed = parse_html(news_page(), address="https://orbit-courier.example/x?utm_source=feed")
    assert (parsed.title, parsed.published_on, parsed.author, parsed.publisher) == (
        "Cargo ship lost after third stage fault",
        datetime.date(2016, 12, 1),
        "Mara Quill",
        "Orbit Courier",
    )
    assert parsed.source_links == (
        SourceLink("Orbit Courier", "https://orbit-courier.example/news/progress-lost"),
    )


def test_the_headline_comes_from_json_ld_before_og_title_and_h1():
    page = news_page(headline="Stage fault ends flight").replace(
        '"headline": "Stage fault ends flight"', '"headline": "The headline of the JSON-LD"'
    )
    assert parse_html(page).title == "The headline of the JSON-LD"


def test_without_metadata_the_headline_is_the_h1_and_the_date_comes_from_the_address():
    page = news_page(json_ld=False, og=False, canonical=None, published=None)
    address = "https://www.orbit-courier.example/2016/12/01/progress-lost"
    parsed = parse_html(page, address=address)
    assert (parsed.title, parsed.published_on, parsed.publisher) == (
        "Cargo ship lost after third stage fault",
        datetime.date(2016, 12, 1),
        "orbit-courier.example",
    )
    assert parsed.source_links == (SourceLink("orbit-courier.example", address),)


def test_a_relative_canonical_link_is_resolved_against_the_page_address():
    page = news_page(canonical="/news/progress-lost")
    parsed = parse_html(page, address="http://127.0.0.1:8000/story?id=4")
    assert parsed.source_links[0].url == "http://127.0.0.1:8000/news/progress-lost"


def test_a_canonical_link_that_is_not_a_web_address_is_ignored():
    parsed = parse_html(news_page(canonical="javascript:alert(1)"), address="https://a.example/s")
    assert parsed.source_links[0].url == "https://a.example/s"


def test_a_site_suffix_is_kept_when_it_is_part_of_the_headline():
    assert strip_site_suffix("Falcon 9 | A new record", "Orbit Courier") == (
        "Falcon 9 | A new record"
    )
    assert strip_site_suffix("Booster lost - orbit-courier.com", "orbit-courier.com") == (
        "Booster lost"
    )
