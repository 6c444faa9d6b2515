import datetime

import pytest

from articles.pipeline.published import date_from_address, date_from_header
from incidents.partial_dates import PartialDate, Precision


def day(year, month, number):
    return PartialDate(datetime.date(year, month, number))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("date 2023-04-20 The rocket lifted off.", day(2023, 4, 20)),
        ("Source: Wire\nDate Published: 08/28/2021\nThe rocket rose.", day(2021, 8, 28)),
        ("Posted/updated on: November 18, 2023 at 1:06 pm\nText.", day(2023, 11, 18)),
        ("(Source: Agency; issued July 11, 2019)\nText.", day(2019, 7, 11)),
        ("Lisbon, 3 March 2022. – The launcher was lost.", day(2022, 3, 3)),
        ("Thursday, July 11, 2019 - 10:29 AM\nThe launch failed.", day(2019, 7, 11)),
    ],
)
def test_a_date_in_the_header_lines_is_the_publication_date(text, expected):
    assert date_from_header(text) == expected


def test_a_date_in_running_prose_is_not_a_publication_date():
    assert (
        date_from_header("On 4 June 1996, the first flight of the new rocket ended early.") is None
    )


def test_only_the_first_lines_are_read():
    text = "\n".join(["Some line of text."] * 10 + ["date 2020-01-01"])
    assert date_from_header(text) is None


def test_an_impossible_date_is_not_taken():
    assert date_from_header("date 2021-02-30 Text.") is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://news.example/story/2018/10/11/rocket-fails/", day(2018, 10, 11)),
        ("https://news.example/la-sci-rocket-20181011-story.html", day(2018, 10, 11)),
        ("https://news.example/engine_failure_20210907/", day(2021, 9, 7)),
        (
            "https://news.example/2021/09/rocket-fails/",
            PartialDate(datetime.date(2021, 9, 1), Precision.MONTH),
        ),
    ],
)
def test_a_web_address_gives_its_date(url, expected):
    assert date_from_address(url) == expected


def test_a_day_first_path_of_a_this_day_page_is_not_read_as_a_publication_date():
    assert date_from_address("https://thisday.example/6/4/1996/rocket-fails") is None


def test_a_year_alone_in_the_address_gives_the_year():
    published = date_from_address("https://news.example/2021/rocket-lost-on-second-stage/")
    assert published == PartialDate(datetime.date(2021, 1, 1), Precision.YEAR)
