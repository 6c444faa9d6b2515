import dataclasses
import datetime

import pytest

from articles.pipeline.parse import SourceLink, detect_format, parse_document

PORTAL_ITEM = """
Formats: [HTML](/news/2016/12/1/lander-lost.html)  [JSON](/news/2016/12/1/lander-lost.json)

### [2016-12-1](/news/2016/12/1/index.md)

##### Lunar landers
# A lunar lander loses contact during its final descent.\x20

The operator says the lander’s engine *shut down* early, according to [a statement](http://x.example/s).

Engineers are **reviewing** the telemetry.


### Sources:

1. [Euronews](http://www.euronews.example/2016/12/01/lander-lost)
1. [Cover Image](http://static.euronews.example/lander.jpg)
1. [Orbit Ledger](http://ledger.example/lander)

### Related:

1. [A cargo rocket fails shortly after liftoff. ](/news/2016/10/11/cargo.md) _Context: Launches_
2. [A weather satellite is stranded in a low orbit. ](/news/2016/5/2/sat.md) _Context: Satellites_
"""

HTML_PAGE = """<!DOCTYPE html>
<html><head>
<title>Capsule splashes down off course | Orbit Daily</title>
<meta property="og:site_name" content="Orbit Daily">
<meta name="author" content="A. Writer">
<meta property="article:published_time" content="2021-05-02T06:56:00+00:00">
<meta property="article:section" content="Crewed flight">
<link rel="canonical" href="https://orbit-daily.example/capsule">
<style>body { font-family: serif }</style>
<script>window.trackReader("secret-token");</script>
</head>
<body>
<nav><a href="/">Home</a> | <a href="/launches">Launches</a></nav>
<article>
<h1>Capsule splashes down off course</h1>
<p>The capsule landed 40&nbsp;km from the recovery ship &amp; drifted.<img src="x.png"
 onerror="alert('owned')"></p>
<p onmouseover="steal()">Divers reached the crew <em>within</em> an hour.<br>All four were well.</p>
<script>document.write("injected paragraph")</script>
<figure><img src="splash.jpg"><figcaption>Photo credit line</figcaption></figure>
<div hidden>Hidden promo text</div>
</article>
<footer>Footer links</footer>
</body></html>
"""


def test_portal_item_is_recognised():
    assert detect_format(PORTAL_ITEM) == "portal-markdown"


def test_portal_item_gives_title_date_category_and_publisher():
    parsed = parse_document(PORTAL_ITEM)
    assert parsed.format == "portal-markdown"
    assert parsed.title == "A lunar lander loses contact during its final descent."
    assert parsed.published_on == datetime.date(2016, 12, 1)
    assert parsed.category == "Lunar landers"
    assert parsed.publisher == "Euronews"


def test_portal_sources_skip_the_cover_image():
    parsed = parse_document(PORTAL_ITEM)
    assert parsed.source_links == (
        SourceLink(label="Euronews", url="http://www.euronews.example/2016/12/01/lander-lost"),
        SourceLink(label="Orbit Ledger", url="http://ledger.example/lander"),
    )


def test_portal_body_is_plain_text_without_the_related_list():
    parsed = parse_document(PORTAL_ITEM)
    assert parsed.text == (
        "The operator says the lander’s engine shut down early, according to a statement.\n\n"
        "Engineers are reviewing the telemetry."
    )
    assert "cargo rocket" not in parsed.text
    assert "Context" not in parsed.text
    assert "Formats" not in parsed.text


def test_portal_item_without_formats_line_is_still_recognised():
    item = "### [2020-2-29](/news/2020/2/29/index.md)\n\n# Headline here\n\nBody text.\n"
    parsed = parse_document(item)
    assert parsed.format == "portal-markdown"
    assert parsed.published_on == datetime.date(2020, 2, 29)
    assert parsed.text == "Body text."


def test_portal_invalid_date_gives_no_date():
    item = "### [2021-2-30](/news/x.md)\n\n### Sources:\n\n# Headline\n\nBody."
    assert parse_document(item).published_on is None


def test_html_is_recognised():
    assert detect_format(HTML_PAGE) == "html"
    assert detect_format("<div><p>One</p><p>Two</p></div>") == "html"


def test_html_yields_text_without_scripts_styles_or_event_handlers():
    text = parse_document(HTML_PAGE).text
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
    text = parse_document(HTML_PAGE).text
    assert text == (
        "The capsule landed 40\u00a0km from the recovery ship & drifted.\n\n"
        "Divers reached the crew within an hour.\nAll four were well."
    )


def test_html_metadata_is_read():
    parsed = parse_document(HTML_PAGE)
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
    parsed = parse_document(page)
    assert parsed.title == "Booster tips over"
    assert parsed.text == "The booster tipped over after landing."


def test_html_date_falls_back_to_time_element():
    page = (
        "<html><body><article><p>Posted <time datetime='2018-10-11'>Oct 11</time></p>"
        "<p>Body.</p></article></body></html>"
    )
    assert parse_document(page).published_on == datetime.date(2018, 10, 11)


def test_html_author_is_the_last_resort_publisher():
    page = '<html><head><meta name="author" content="Solo Blogger"></head><body><p>x</p></body>'
    assert parse_document(page).publisher == "Solo Blogger"


def test_plain_text_is_the_fallback_format():
    assert detect_format("Just a sentence about a rocket.") == "text"
    assert detect_format("Prices rose 5 < 7 and # is a hash.") == "text"


def test_plain_text_headline_and_category_are_taken_from_the_top():
    text = (
        "Probe Enters Safe Mode\n\nMars missions\n\nThe probe entered safe mode.\n\nIt recovered."
    )
    parsed = parse_document(text)
    assert parsed.title == "Probe Enters Safe Mode"
    assert parsed.category == "Mars missions"
    assert parsed.text == "The probe entered safe mode.\n\nIt recovered."


def test_plain_markdown_headline_loses_its_hash_marks():
    parsed = parse_document("# Probe Enters Safe Mode\n\nThe probe entered safe mode.")
    assert parsed.format == "text"
    assert parsed.title == "Probe Enters Safe Mode"


def test_plain_text_headline_is_found_below_a_donation_banner():
    text = "Support The Orbit Gazette!\n\nProbe Enters Safe Mode\n\nThe probe entered safe mode."
    parsed = parse_document(text)
    assert parsed.title == "Probe Enters Safe Mode"
    assert parsed.text == "Support The Orbit Gazette!\n\nThe probe entered safe mode."


def test_plain_text_first_sentence_is_not_taken_as_title():
    text = "The probe entered safe mode on Monday.\nIt recovered on Tuesday."
    parsed = parse_document(text)
    assert parsed.title is None
    assert parsed.category is None


def test_plain_text_single_line_breaks_separate_paragraphs():
    text = "The probe entered safe mode on Monday.\nIt recovered on Tuesday.\n"
    assert parse_document(text).text == (
        "The probe entered safe mode on Monday.\n\nIt recovered on Tuesday."
    )


def test_hard_wrapped_plain_text_is_joined_into_paragraphs():
    text = (
        "The probe entered safe mode on Monday after a software\n"
        "fault, the agency said, and engineers began a careful\n"
        "recovery that took most of the following week to finish.\n"
        "\n"
        "Controllers then restored the science instruments one\n"
        "at a time over several days.\n"
    )
    assert parse_document(text).text == (
        "The probe entered safe mode on Monday after a software fault, the agency said, and "
        "engineers began a careful recovery that took most of the following week to finish.\n\n"
        "Controllers then restored the science instruments one at a time over several days."
    )


def test_one_huge_line_stays_one_paragraph():
    text = "First sentence here. " * 200
    parsed = parse_document(text)
    assert parsed.text == text.strip()
    assert parsed.title is None


def test_parsed_document_is_frozen():
    parsed = parse_document("Some text.")
    with pytest.raises(dataclasses.FrozenInstanceError):
        parsed.title = "changed"  # type: ignore[misc]


def test_a_plain_text_page_keeps_its_address_line_as_the_source_and_not_as_text():
    address = "https://news.example/2020/05/25/rocket-lost/"
    text = f"Rocket lost\n{address}\n\nThe rocket failed on Monday.\n"
    parsed = parse_document(text)
    assert parsed.title == "Rocket lost"
    assert parsed.source_links == (
        SourceLink("news.example", "https://news.example/2020/05/25/rocket-lost/"),
    )
    assert parsed.text == "The rocket failed on Monday."


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


def test_a_date_marker_gives_the_publication_date_and_leaves_the_text():
    text = "https://news.example/x\n\ndate 2023-04-20 BAYTOWN – The rocket exploded.\nMore text.\n"
    parsed = parse_document(text)
    assert parsed.published_on == datetime.date(2023, 4, 20)
    assert parsed.text.startswith("BAYTOWN – The rocket exploded.")
