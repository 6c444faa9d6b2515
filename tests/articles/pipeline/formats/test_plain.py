"""Plain text: paragraphs, a headline and category at the top, an address line and a date
marker."""

import datetime

from articles.pipeline.formats.document import SourceLink
from articles.pipeline.formats.plain import parse_plain_text


def test_plain_text_headline_and_category_are_taken_from_the_top():
    text = (
        "Probe Enters Safe Mode\n\nMars missions\n\nThe probe entered safe mode.\n\nIt recovered."
    )
    parsed = parse_plain_text(text)
    assert parsed.title == "Probe Enters Safe Mode"
    assert parsed.category == "Mars missions"
    assert parsed.text == "The probe entered safe mode.\n\nIt recovered."


def test_plain_text_headline_is_found_below_a_donation_banner():
    text = "Support The Orbit Gazette!\n\nProbe Enters Safe Mode\n\nThe probe entered safe mode."
    parsed = parse_plain_text(text)
    assert parsed.title == "Probe Enters Safe Mode"
    assert parsed.text == "Support The Orbit Gazette!\n\nThe probe entered safe mode."


def test_plain_text_first_sentence_is_not_taken_as_title():
    text = "The probe entered safe mode on Monday.\nIt recovered on Tuesday."
    parsed = parse_plain_text(text)
    assert parsed.title is None
    assert parsed.category is None


def test_plain_text_single_line_breaks_separate_paragraphs():
    text = "The probe entered safe mode on Monday.\nIt recovered on Tuesday.\n"
    assert parse_plain_text(text).text == (
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
    assert parse_plain_text(text).text == (
        "The probe entered safe mode on Monday after a software fault, the agency said, and "
        "engineers began a careful recovery that took most of the following week to finish.\n\n"
        "Controllers then restored the science instruments one at a time over several days."
    )


def test_one_huge_line_stays_one_paragraph():
    text = "First sentence here. " * 200
    parsed = parse_plain_text(text)
    assert parsed.text == text.strip()
    assert parsed.title is None


def test_a_plain_text_page_keeps_its_address_line_as_the_source_and_not_as_text():
    address = "https://news.example/2020/05/25/rocket-lost/"
    text = f"Rocket lost\n{address}\n\nThe rocket failed on Monday.\n"
    parsed = parse_plain_text(text)
    assert parsed.title == "Rocket lost"
    assert parsed.source_links == (
        SourceLink("news.example", "https://news.example/2020/05/25/rocket-lost/"),
    )
    assert parsed.text == "The rocket failed on Monday."


def test_a_date_marker_gives_the_publication_date_and_leaves_the_text():
    text = "https://news.example/x\n\ndate 2023-04-20 BAYTOWN – The rocket exploded.\nMore text.\n"
    parsed = parse_plain_text(text)
    assert parsed.published_on == datetime.date(2023, 4, 20)
    assert parsed.text.startswith("BAYTOWN – The rocket exploded.")
