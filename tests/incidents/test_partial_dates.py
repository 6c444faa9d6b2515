"""Dates known to a day, a month or a year: shown no more precisely than known, and read from
the `2016` / `2016-12` / `2016-12-01` form the filters use."""

import datetime

import pytest

from incidents.partial_dates import DatePrecision, format_partial_date, parse_partial_date


class TestFormatPartialDate:
    @pytest.mark.parametrize(
        ("precision", "expected"),
        [
            (DatePrecision.DAY, "1 December 2016"),
            (DatePrecision.MONTH, "December 2016"),
            (DatePrecision.YEAR, "2016"),
        ],
    )
    def test_a_date_shows_as_much_as_its_precision_allows(self, precision, expected):
        assert format_partial_date(datetime.date(2016, 12, 1), precision) == expected

    def test_a_day_is_written_without_a_leading_zero(self):
        assert format_partial_date(datetime.date(1967, 4, 5), DatePrecision.DAY) == "5 April 1967"

    def test_no_date_says_the_date_is_unknown(self):
        assert format_partial_date(None, DatePrecision.DAY) == "date unknown"


class TestParsePartialDate:
    @pytest.mark.parametrize(
        ("text", "first", "last"),
        [
            ("2016", datetime.date(2016, 1, 1), datetime.date(2016, 12, 31)),
            ("2016-12", datetime.date(2016, 12, 1), datetime.date(2016, 12, 31)),
            ("2016-12-01", datetime.date(2016, 12, 1), datetime.date(2016, 12, 1)),
            ("2016-2", datetime.date(2016, 2, 1), datetime.date(2016, 2, 29)),
            ("2015-02", datetime.date(2015, 2, 1), datetime.date(2015, 2, 28)),
            ("1957-10-4", datetime.date(1957, 10, 4), datetime.date(1957, 10, 4)),
            (" 2016-04 ", datetime.date(2016, 4, 1), datetime.date(2016, 4, 30)),
        ],
    )
    def test_a_partial_date_covers_its_first_to_its_last_day(self, text, first, last):
        assert parse_partial_date(text) == (first, last)

    @pytest.mark.parametrize("text", ["", "yesterday", "16", "2016/12", "12-2016", "2016-12-01x"])
    def test_text_that_is_not_a_date_is_refused_with_the_accepted_forms(self, text):
        with pytest.raises(ValueError, match="use 2016, 2016-12 or 2016-12-01"):
            parse_partial_date(text)

    @pytest.mark.parametrize("text", ["2016-13", "2016-02-30", "2016-00", "2016-12-32"])
    def test_a_date_that_does_not_exist_is_refused(self, text):
        with pytest.raises(ValueError, match=rf"“{text}” is not a real date"):
            parse_partial_date(text)
