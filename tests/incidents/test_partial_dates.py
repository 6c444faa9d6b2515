"""Dates known to a day, a month or a year: shown no more precisely than known, and read from
the `2016` / `2016-12` / `2016-12-01` form the filters use."""

import datetime
import subprocess
import sys
from pathlib import Path

import pytest

from incidents.partial_dates import (
    PartialDate,
    Precision,
    format_partial_date,
    parse_partial_date,
)

ROOT = Path(__file__).resolve().parents[2]


class TestFormatPartialDate:
    @pytest.mark.parametrize(
        ("precision", "expected"),
        [
            (Precision.DAY, "1 December 2016"),
            (Precision.MONTH, "December 2016"),
            (Precision.YEAR, "2016"),
        ],
    )
    def test_a_date_shows_as_much_as_its_precision_allows(self, precision, expected):
        assert format_partial_date(datetime.date(2016, 12, 1), precision) == expected

    def test_a_day_is_written_without_a_leading_zero(self):
        assert format_partial_date(datetime.date(1967, 4, 5), Precision.DAY) == "5 April 1967"

    def test_no_date_says_the_date_is_unknown(self):
        assert format_partial_date(None, Precision.DAY) == "date unknown"


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


class TestPartialDate:
    @pytest.mark.parametrize(
        ("period", "last"),
        [
            (PartialDate.of(2016), datetime.date(2016, 12, 31)),
            (PartialDate.of(2016, 2), datetime.date(2016, 2, 29)),
            (PartialDate.of(2015, 2), datetime.date(2015, 2, 28)),
            (PartialDate.of(2016, 4), datetime.date(2016, 4, 30)),
            (PartialDate.of(2016, 12, 1), datetime.date(2016, 12, 1)),
        ],
    )
    def test_a_period_ends_on_the_last_day_of_its_year_month_or_day(self, period, last):
        assert period.last == last

    def test_the_period_that_holds_a_day_starts_at_its_first_day(self):
        day = datetime.date(2021, 9, 15)
        assert PartialDate.within(day, "month") == PartialDate.of(2021, 9)
        assert PartialDate.within(day, Precision.YEAR) == PartialDate.of(2021)
        assert PartialDate.within(day, "day").exact_day == day

    def test_only_a_date_known_to_the_day_has_an_exact_day(self):
        assert PartialDate.of(2021, 9).exact_day is None
        assert PartialDate.of(2021).exact_day is None

    def test_a_period_holds_its_days_and_no_others(self):
        september = PartialDate.of(2021, 9)
        assert datetime.date(2021, 9, 30) in september
        assert datetime.date(2021, 10, 1) not in september

    def test_a_month_must_start_on_its_first_day(self):
        with pytest.raises(ValueError, match="does not open a month"):
            PartialDate(datetime.date(2021, 9, 15), Precision.MONTH)

    def test_a_precision_given_as_text_is_read_as_one(self):
        assert PartialDate(datetime.date(2021, 9, 1), "month").precision is Precision.MONTH


def test_the_module_needs_no_django():
    """The article pipeline imports it, and the pipeline runs without Django settings."""
    script = "import sys, incidents.partial_dates; print(any(m == 'django' for m in sys.modules))"
    found = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert found.stdout.strip() == "False"
