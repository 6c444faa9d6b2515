"""Titles and publishers for texts that name neither, from their web address."""

import pytest

from articles.pipeline.titles import headline_from_address, publisher_from_address, short_title

BODY = "Small rocket firm Astra’s flight from Florida failed. SpaceX’s Starship exploded."


@pytest.mark.parametrize(
    ("url", "headline"),
    [
        (
            "https://example.com/tech/astras-first-launch-from-florida-ends-in-failure/68505/",
            "Astra’s first launch from Florida ends in failure",
        ),
        (
            "https://example.com/2023/04/spacexs-uncrewed-starship-explodes-after-takeoff.html",
            "SpaceX’s uncrewed Starship explodes after takeoff",
        ),
        (  # an id before the words, and a last word the address cut short
            "https://example.com/3207856-setback-for-astra-as-rocket-fails-over-florida-scien",
            "Setback for Astra as rocket fails over Florida",
        ),
        ("https://example.com/article/space-china-brazil-satellite-idINL1N0JO0UQ2013", None),
        ("https://example.com/SolSys/Sun/Genesis.html", None),
        ("", None),
    ],
)
def test_the_headline_an_address_spells(url, headline):
    assert headline_from_address(url, BODY) == headline


def test_the_publisher_is_the_site_of_the_address():
    assert publisher_from_address("https://www.cbc.ca/news/1.3876001") == "cbc.ca"
    assert publisher_from_address("") == ""


def test_a_short_title_names_what_the_article_is_about():
    assert short_title(subject="Kite 7", publisher="cbc.ca", published="2016") == (
        "Kite 7 (cbc.ca, 2016)"
    )
    assert short_title(subject="", publisher="", published="") == "Untitled article"
