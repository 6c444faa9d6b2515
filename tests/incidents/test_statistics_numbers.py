"""statistics_numbers: the statistics page's computations on plain rows, without a database."""

import datetime

import pytest

from incidents.facts import RETURN_TO_FLIGHT_WINDOW
from incidents.models import Outcome
from incidents.services import YearCount
from incidents.statistics_numbers import (
    Launch,
    days_histogram,
    every_year,
    launches_per_year,
    returns_to_flight,
    success_by_period,
    wilson_interval,
)

D = datetime.date


class TestWilsonInterval:
    def test_no_trials_have_no_interval(self):
        assert wilson_interval(0, 0) is None

    def test_all_successes_reach_one_but_not_down_to_it(self):
        interval = wilson_interval(10, 10)
        assert interval.high == 1.0
        assert interval.low == pytest.approx(0.7225, abs=1e-4)

    def test_no_successes_reach_zero(self):
        interval = wilson_interval(0, 10)
        assert interval.low == 0.0
        assert interval.high == pytest.approx(0.2775, abs=1e-4)

    def test_half_is_symmetric_about_a_half(self):
        interval = wilson_interval(5, 10)
        assert interval.low == pytest.approx(0.2366, abs=1e-4)
        assert interval.high == pytest.approx(1 - interval.low)

    def test_more_trials_narrow_the_interval(self):
        few, many = wilson_interval(9, 10), wilson_interval(900, 1000)
        assert many.high - many.low < few.high - few.low

    def test_more_successes_than_trials_is_refused(self):
        with pytest.raises(ValueError):
            wilson_interval(3, 2)


def launch(day, outcome=Outcome.SUCCESS, vehicle=1, family=1):
    return Launch(vehicle, family, day, outcome)


class TestPlainNumbers:
    def test_years_without_launches_are_counted_as_zero(self):
        years = launches_per_year(
            [
                launch(D(2000, 1, 1)),
                launch(D(2000, 2, 1), Outcome.PAD_EXPLOSION),
                launch(D(2002, 1, 1), Outcome.PARTIAL_FAILURE),
            ]
        )
        assert [(y.year, y.launches, y.failures, y.partial_failures) for y in years] == [
            (2000, 2, 1, 0),
            (2001, 0, 0, 0),
            (2002, 1, 0, 1),
        ]

    def test_return_to_flight_is_the_same_rockets_next_success(self):
        returns = returns_to_flight(
            [
                launch(D(2000, 1, 1), Outcome.FAILURE),
                launch(D(2000, 1, 1), Outcome.SUCCESS),  # the same day: not after the failure
                launch(D(2000, 1, 5), Outcome.SUCCESS, vehicle=2),  # another rocket
                launch(D(2000, 2, 1), Outcome.PARTIAL_FAILURE),
                launch(D(2000, 3, 1), Outcome.SUCCESS),
            ]
        )
        assert [r.days for r in returns] == [60]

    def test_no_success_within_the_window_is_no_return(self):
        failures = [
            launch(D(2000, 1, 1) + datetime.timedelta(days=n), Outcome.FAILURE)
            for n in range(RETURN_TO_FLIGHT_WINDOW + 1)
        ]
        late_success = launch(D(2001, 1, 1))
        returns = returns_to_flight([*failures, late_success])
        assert returns[0].days is None
        assert returns[1].days == (D(2001, 1, 1) - failures[1].launch_date).days

    def test_success_rate_leaves_out_launches_of_unknown_outcome(self):
        periods = success_by_period(
            [
                launch(D(2001, 1, 1)),
                launch(D(2002, 1, 1), Outcome.PARTIAL_FAILURE),
                launch(D(2003, 1, 1), Outcome.UNKNOWN),
                launch(D(2012, 1, 1), Outcome.PAD_EXPLOSION),
            ]
        )
        assert [(p.label, p.launches, p.successes) for p in periods] == [
            ("2000–2004", 2, 1),
            ("2005–2009", 0, 0),
            ("2010–2014", 1, 0),
        ]
        assert periods[1].interval is None and periods[1].rate_text == "–"

    def test_every_year_fills_the_years_between_with_zeros(self):
        counts = [YearCount(1999, 3, 1, 0), YearCount(2001, 2, 0, 1)]
        assert every_year(counts) == [
            YearCount(1999, 3, 1, 0),
            YearCount(2000, 0, 0, 0),
            YearCount(2001, 2, 0, 1),
        ]
        assert every_year([]) == []

    def test_the_histogram_counts_each_return_in_its_bin_and_no_return_last(self):
        returns = returns_to_flight(
            [
                launch(D(2000, 1, 1), Outcome.FAILURE),
                launch(D(2000, 1, 20)),
                launch(D(2000, 1, 1), Outcome.FAILURE, vehicle=2),
            ]
        )
        bins = days_histogram(returns)
        assert [(b.short, b.count) for b in bins if b.count] == [
            ("≤ 1 mo", 1),
            ("none", 1),
        ]
