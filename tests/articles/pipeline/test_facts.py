"""Facts found in short samples written for these tests."""

import math

import pytest

from articles.pipeline.facts import (
    ALTITUDE,
    CAUSE,
    CREW,
    DEBRIS_LOCATION,
    FAILED_STAGE,
    FATALITIES,
    PAYLOAD_MASS,
    TIME_INTO_FLIGHT,
    find_facts,
    quantity,
)


def facts(body: str, speakers=()):
    return [(f.kind, f.value, f.said_by) for f in find_facts(body, speakers=speakers)]


def only(body: str, kind: str):
    (fact,) = [f for f in find_facts(body) if f.kind == kind]
    return fact


@pytest.mark.parametrize(
    ("sentence", "seconds"),
    [
        ("The engine shut down 383 seconds into the flight.", 383),
        ("After 382 seconds of flight the telemetry stopped.", 382),
        ("The first six minutes and 22 seconds of the flight went well.", 382),
        ("The booster failed at T+39 seconds.", 39),
        ("It broke apart seventy-three seconds after liftoff.", 73),
    ],
)
def test_time_into_flight(sentence, seconds):
    (found,) = [f for f in find_facts(sentence) if f.kind == TIME_INTO_FLIGHT]
    assert found.quantity.si == seconds


def test_seconds_stated_exactly_disagree_when_they_differ():
    a = only("The stage failed 382 seconds into the flight.", TIME_INTO_FLIGHT).quantity
    b = only("The stage failed 383 seconds into the flight.", TIME_INTO_FLIGHT).quantity
    assert not a.meets(b)
    assert a.meets(a)


def test_miles_and_kilometres_that_agree_within_rounding():
    km = only("It broke up at an altitude of about 190 km over the steppe.", ALTITUDE).quantity
    miles = only("The failure came about 120 miles over Kazakhstan.", ALTITUDE).quantity
    exact = only("It broke up at an altitude of about (118 miles) over the sea.", ALTITUDE)
    assert exact.value == "about 118 miles"
    assert km.meets(miles) and km.meets(exact.quantity) and miles.meets(exact.quantity)
    assert round(km.si) == 190_000


def test_a_round_number_said_to_be_about_is_known_to_its_last_digit():
    q = quantity("120", "miles", ALTITUDE, "about")
    assert (round(q.low), round(q.high)) == (185_075, 201_168)


def test_more_than_a_weight_in_pounds_and_tons_of_either_kind_agree():
    tons = only("The ship carried 2.6 tons of food, fuel and supplies.", PAYLOAD_MASS)
    pounds = only("It held more than 5,300 pounds of cargo.", PAYLOAD_MASS)
    assert pounds.quantity.high == math.inf
    assert tons.quantity.meets(pounds.quantity)
    tonnes = only("The ship carried 2.6 tonnes of cargo.", PAYLOAD_MASS)
    assert tonnes.quantity.meets(pounds.quantity)
    too_light = only("The ship carried 2.1 tons of cargo.", PAYLOAD_MASS)
    assert not too_light.quantity.meets(pounds.quantity)


def test_tons_alone_run_from_short_to_long_tons():
    q = quantity("2.6", "tons", PAYLOAD_MASS)
    assert (round(q.low), round(q.high)) == (2313, 2693)  # 2.55 short tons, 2.65 long tons


@pytest.mark.parametrize(
    ("words", "low", "high"),
    [
        ("more than", 5300, math.inf),
        ("at least", 5300, math.inf),
        ("over", 5300, math.inf),
        ("in excess of", 5300, math.inf),
        ("up to", 0, 5300),
        ("at most", 0, 5300),
        ("no more than", 0, 5300),
        ("less than", 0, 5300),
        ("nearly", 4770, 5300),
        ("almost", 4770, 5300),
        ("just over", 5300, 5830),
        ("about", 5250, 5350),
        ("", 5299.5, 5300.5),
    ],
)
def test_bounds_make_a_value_a_range(words, low, high):
    (fact,) = find_facts(f"The ship carried {words} 5,300 pounds of cargo.")
    pound = 0.45359237
    assert fact.value == " ".join(f"{words} 5,300 pounds".split())
    assert fact.quantity.low == pytest.approx(low * pound)
    assert fact.quantity.high == pytest.approx(high * pound)


def test_a_part_of_the_cargo_is_not_the_payload_mass():
    assert [f for f in find_facts("It carried 1,400 pounds of propellant.")] == []


def test_the_failed_stage_comes_from_a_failure_sentence_only():
    assert only("The third stage shut down early.", FAILED_STAGE).value == "third stage"
    assert find_facts("The third stage was built in Samara.") == []


@pytest.mark.parametrize(
    ("sentence", "place"),
    [
        ("Debris fell into the Atlantic Ocean after the explosion.", "Atlantic Ocean"),
        (
            "Most fragments burned up over a remote area of the Republic of Tyva.",
            "Republic of Tyva",
        ),
    ],
)
def test_where_debris_fell(sentence, place):
    assert only(sentence, DEBRIS_LOCATION).value == place


def test_the_cause_and_the_people():
    assert only("The failure was caused by a faulty valve in the oxygen line.", CAUSE).value == (
        "a faulty valve in the oxygen line"
    )
    assert only("The capsule broke apart, killing all seven astronauts.", FATALITIES).value == "7"
    assert only("The rocket carried a crew of three.", CREW).value == "3"
    assert [f for f in find_facts("The station, which has six astronauts on board, is fine.")] == []


def test_who_says_so():
    body = (
        "Zephyrcorp said the rocket failed 40 seconds into the flight.\n\n"
        "The agency added the following on its site:\n\n"
        "The vehicle was lost after 41 seconds of flight."
    )
    speakers = [(0, 10, "Zephyrcorp")]
    assert facts(body, speakers) == [
        (TIME_INTO_FLIGHT, "40 seconds", "Zephyrcorp"),
        (TIME_INTO_FLIGHT, "41 seconds", ""),
    ]
    quoted = (
        "Zephircorp added the following on its blog:\n\n"
        "The flight failed 41 seconds into the flight."
    )
    assert facts(quoted, speakers=[(100, 110, "Zephyrcorp")]) == [
        (TIME_INTO_FLIGHT, "41 seconds", "Zephyrcorp")
    ]


# --------------------------------------------------------------------------- never mid-word


def test_a_long_cause_is_cut_after_a_whole_word():
    cause = (
        "the sudden and complete loss of guidance and attitude information some thirty "
        "seconds after the start of the ignition sequence of the main engine of the heavy "
        "rocket (forty seconds after lift-off of the vehicle from its pad)"
    )
    value = only(f"The breakup of the Zephyr was caused by {cause}.", CAUSE).value
    assert len(value) <= 160 and value.endswith("…")
    kept = value.removesuffix("…")
    assert cause.startswith(kept) and cause[len(kept)] == " "  # the next word is whole, left out


def test_a_cause_in_a_text_cut_off_mid_word_loses_the_cut_word():
    body = (
        "The Zephyr flew well at first.\n\n"
        "The loss of the vehicle was traced to a coding fault in the flight software of the "
        "inertial platform and a lack of test cover"
    )
    assert only(body, CAUSE).value == (
        "a coding fault in the flight software of the inertial platform and a lack of test…"
    )


def test_a_short_heading_without_a_full_stop_keeps_its_last_word():
    body = "Zephyr failure caused by a leaking valve\n\nThe rocket was lost."
    assert only(body, CAUSE).value == "a leaking valve"


@pytest.mark.parametrize(
    "sentence",
    [
        "It held more than 5,300 pounds of cargo.",
        "The ship carried 2.6 tons of food, fuel and supplies.",
        "It broke up at an altitude of about 190 km over the steppe.",
        "The stage failed 382 seconds into the flight.",
    ],
)
def test_a_stored_value_states_its_quantity_again(sentence):
    from articles.pipeline.facts import quantity_of

    (fact,) = find_facts(sentence)
    assert quantity_of(fact.value, fact.kind) == fact.quantity
