import datetime

from articles.pipeline.dates import DateMention, find_dates

THURSDAY = datetime.date(2016, 12, 1)  # a Thursday


def resolved(body: str, anchor: datetime.date | None = THURSDAY) -> list[tuple]:
    return [(d.text, d.year, d.month, d.day, d.relative) for d in find_dates(body, anchor=anchor)]


def test_a_full_date_gives_exact_offsets_and_is_not_relative():
    body = "It flew on 1 December 2016 at dawn."
    assert find_dates(body, anchor=None) == (
        DateMention(11, 26, "1 December 2016", 2016, 12, 1, relative=False),
    )


def test_full_dates_in_every_common_spelling():
    body = (
        "On December 1, 2016 and on Dec. 2, 2016, then 2016-12-03, "
        "then 4th December 2016 and December 5th, 2016."
    )
    assert resolved(body, anchor=None) == [
        ("December 1, 2016", 2016, 12, 1, False),
        ("Dec. 2, 2016", 2016, 12, 2, False),
        ("2016-12-03", 2016, 12, 3, False),
        ("4th December 2016", 2016, 12, 4, False),
        ("December 5th, 2016", 2016, 12, 5, False),
    ]


def test_a_month_and_year_give_month_precision_without_the_preposition():
    body = "In October 2014 a rocket fell; by Jan. 2017 and in August 2011 others did."
    assert resolved(body, anchor=None) == [
        ("October 2014", 2014, 10, None, False),
        ("Jan. 2017", 2017, 1, None, False),
        ("August 2011", 2011, 8, None, False),
    ]


def test_a_bare_year_after_a_preposition_gives_the_year_only():
    body = "Work began in 1998 and goes on until 2030, from 2020 to 2031."
    assert resolved(body, anchor=None) == [
        ("1998", 1998, None, None, False),
        ("2030", 2030, None, None, False),
        ("2020", 2020, None, None, False),
        ("2031", 2031, None, None, False),
    ]


def test_times_and_quantities_are_not_dates():
    body = "At 9:51 a.m. it carried 1,400 pounds, 2000 kg in 2000 seconds, 383 seconds in."
    assert resolved(body) == []


def test_a_day_and_month_take_the_year_of_the_occurrence_before_the_anchor():
    body = "Since November 28 and March 5 it waited."
    assert resolved(body) == [
        ("November 28", 2016, 11, 28, True),
        ("March 5", 2016, 3, 5, True),
    ]


def test_a_day_and_month_a_few_weeks_ahead_stay_in_the_future():
    body = "Next flights: Dec. 9, December 9th and January 6th; one left February 20."
    assert resolved(body) == [
        ("Dec. 9", 2016, 12, 9, True),
        ("December 9th", 2016, 12, 9, True),
        ("January 6th", 2017, 1, 6, True),
        ("February 20", 2016, 2, 20, True),
    ]


def test_a_weekday_is_the_latest_such_day_on_or_before_the_anchor():
    body = "It failed on Thursday, after Tuesday\u2019s test and Friday's review."
    assert resolved(body) == [
        ("Thursday", 2016, 12, 1, True),
        ("Tuesday", 2016, 11, 29, True),
        ("Friday", 2016, 11, 25, True),
    ]


def test_a_weekday_in_a_clause_that_looks_ahead_is_the_next_such_day():
    body = "The ship is due to dock on Saturday. It will fly next Thursday, not last Thursday."
    assert resolved(body) == [
        ("Saturday", 2016, 12, 3, True),
        ("Thursday", 2016, 12, 8, True),
        ("Thursday", 2016, 11, 24, True),
    ]


def test_a_weekday_after_every_is_not_a_date():
    assert resolved("A letter comes every Friday.") == []


def test_a_month_after_a_preposition_is_the_latest_such_month_up_to_the_anchor():
    body = "It exploded in September, flew in December and docked in May."
    assert resolved(body) == [
        ("September", 2016, 9, None, True),
        ("December", 2016, 12, None, True),
        ("May", 2016, 5, None, True),
    ]
    assert resolved("They agreed in December.", datetime.date(2024, 2, 15)) == [
        ("December", 2023, 12, None, True)
    ]


def test_a_modal_may_and_a_long_march_rocket_are_not_dates():
    assert resolved("It may fly on a Long March 5 rocket.") == []


def test_an_offset_counts_from_the_previous_date_mention_with_month_precision():
    body = "In October 2014 one blew up. Six months later another fell. A year later, a third."
    assert resolved(body, anchor=None) == [
        ("October 2014", 2014, 10, None, False),
        ("Six months later", 2015, 4, None, True),
        ("A year later", 2016, 4, None, True),
    ]


def test_an_offset_in_days_from_a_full_date_keeps_the_day():
    body = "It flew on Dec. 30, 2016; three days later it fell and two weeks earlier it was ready."
    assert resolved(body, anchor=None) == [
        ("Dec. 30, 2016", 2016, 12, 30, False),
        ("three days later", 2017, 1, 2, True),
        ("two weeks earlier", 2016, 12, 19, True),
    ]


def test_an_offset_without_a_previous_date_is_skipped():
    assert resolved("Six months later it fell.") == []


def test_named_periods_resolve_against_the_anchor():
    body = "This fall it was delayed; this year, last month and next year too."
    assert resolved(body) == [
        ("This fall", 2016, None, None, True),
        ("this year", 2016, None, None, True),
        ("last month", 2016, 11, None, True),
        ("next year", 2017, None, None, True),
    ]


def test_today_is_the_anchor_but_a_newspaper_called_today_is_not():
    body = "Today the ship fell, according to Florida Today."
    assert resolved(body) == [("Today", 2016, 12, 1, True)]


def test_without_an_anchor_forms_that_need_one_are_skipped():
    body = "On Thursday it fell; Dec. 9 is next, as in September, this year, today."
    assert resolved(body, anchor=None) == []


def test_dates_inside_web_addresses_are_skipped():
    body = "[2016-12-1](/news/2016-12-01/index.md)"
    assert resolved(body, anchor=None) == [("2016-12-1", 2016, 12, 1, False)]


def test_impossible_days_are_not_dates():
    assert resolved("On February 30, 2016 and 2016-13-01 nothing flew.", anchor=None) == []


def test_each_year_of_a_list_after_a_preposition_is_a_date():
    body = "Two flights failed in 1997 and 1999, and others in 2011, 2013 or 2015."
    years = [(d.text, d.year) for d in find_dates(body, anchor=None)]
    assert years == [("1997", 1997), ("1999", 1999), ("2011", 2011), ("2013", 2013), ("2015", 2015)]


def test_a_time_ago_is_counted_back_from_the_publication():
    body = "Sixteen months ago the rocket failed; two years ago another did; a week ago a third."
    assert resolved(body) == [
        ("Sixteen months ago", 2015, 8, None, True),
        ("two years ago", 2014, None, None, True),
        ("a week ago", 2016, 11, 24, True),
    ]


def test_a_time_ago_needs_a_publication_date():
    assert resolved("Sixteen months ago the rocket failed.", anchor=None) == []


def test_each_month_of_a_list_is_a_date():
    body = "Two companies failed in October and March, respectively."
    assert resolved(body) == [("October", 2016, 10, None, True), ("March", 2016, 3, None, True)]


def test_a_month_of_that_year_belongs_to_the_year_just_told_of():
    body = "The first try was in March 2014. Later that year in September, it failed."
    assert resolved(body) == [
        ("March 2014", 2014, 3, None, False),
        ("September", 2014, 9, None, True),
    ]


def test_a_year_before_an_event_dates_it():
    body = "The scheduled 2019 launch failed, as did its 2014 flight, but 2019 satellites work."
    assert resolved(body) == [("2019", 2019, None, None, False), ("2014", 2014, None, None, False)]


def test_a_month_before_an_event_dates_it():
    body = "The July crash was traced to a sensor; the May 5 launch went well."
    assert resolved(body) == [("July", 2016, 7, None, True), ("May 5", 2016, 5, 5, True)]
