"""Linking one article against a tiny in-memory catalog: no database is opened (pytest-django
refuses any query in a test not marked for one)."""

import datetime

from articles.linking.article import link_article
from incidents.partial_dates import PartialDate, Precision
from tests.articles.linking.tiny_catalog import (
    DEMO_1,
    DEMO_1_FAILURE,
    DEMO_2,
    KITE_7,
    KITE_8,
    RELAY,
    ZEPHYR,
    tiny_catalog,
)

VIEW = tiny_catalog()


def linked(body, *, headline="", published=None):
    return link_article(body=body, headline=headline, published=published, view=VIEW)


def quoted(body, result):
    start, end = result.key_span
    return body[start:end]


def test_a_rocket_and_the_day_of_its_failure_pick_the_launch():
    body = "A Zephyr rocket failed to reach orbit on July 11, 2019, Nova Space said."
    result = linked(body)
    assert result.launch.key == DEMO_1
    assert result.reports_incident
    assert quoted(body, result) == body
    assert result.evidence == ["agency +0.8", "vehicle +1.8", "dated +3.0", "failed +1.0"]


def test_the_publication_date_stands_in_for_a_date_the_text_leaves_out():
    body = "The Zephyr rocket exploded on Thursday shortly after lift-off."
    result = linked(body, published=PartialDate(datetime.date(2019, 7, 12)))
    assert result.launch.key == DEMO_1
    assert result.anchor == datetime.date(2019, 7, 12)


def test_a_good_launch_named_outright_may_get_a_draft_incident():
    body = "The Kite 7 spacecraft was lost on September 21, 2022, hours after launch."
    result = linked(body)
    assert result.launch.key == KITE_7
    assert not result.launch.failed
    assert result.may_create_incident


def test_a_problem_with_a_valve_opens_no_incident_on_a_good_launch():
    body = "Kite 7 had a problem with a valve on September 21, 2022."
    result = linked(body)
    assert result.launch.key == KITE_7
    assert not result.may_create_incident


def test_a_routine_launch_links_its_names_and_no_incident():
    body = "A Zephyr rocket successfully launched the Relay 4 satellite on May 14, 2024."
    result = linked(body)
    assert result.launch.key == RELAY
    assert not result.reports_incident
    assert {(link.kind, link.text, link.pk) for link in result.links} >= {
        ("vehicle", "Zephyr", ZEPHYR),
        ("mission", "Relay 4", RELAY),
    }


def test_an_earlier_failure_told_in_passing_is_context_not_the_report():
    body = (
        "A Zephyr rocket successfully launched the Relay 4 satellite on May 14, 2024. "
        "In July 2019, a Zephyr rocket failed shortly after lift-off."
    )
    result = linked(body)
    assert result.launch.key == RELAY
    assert not result.reports_incident
    assert [(c.incident.key, c.confidence) for c in result.context] == [(DEMO_1_FAILURE, 0.9)]


def test_an_international_designator_names_its_launch():
    body = "Trackers counted debris from 2022-071A after it broke apart on September 21, 2022."
    result = linked(body)
    assert result.launch.key == KITE_7


def test_dates_are_linked_with_their_precision():
    body = "In July 2019, a Zephyr rocket failed."
    (date,) = linked(body).dates
    assert (date.text, date.date, date.precision) == (
        "July 2019",
        datetime.date(2019, 7, 1),
        Precision.MONTH,
    )


def test_a_craft_series_and_a_day_of_its_flight_find_the_craft_then_flying():
    body = "A Kite spacecraft lost its cooling on February 26, 2023."
    result = linked(body)
    assert result.launch.key == KITE_8
    assert result.evidence[0] == "spacecraft +1.5"


def test_a_return_to_flight_that_recounts_the_failure_reports_no_incident():
    body = (
        "A Zephyr rocket launched the Relay 4 satellite on May 14, 2024, and the flight went "
        "as planned.\n\nIn July 2019 a Zephyr rocket failed. That was later traced to a leak."
    )
    result = linked(body, headline="Zephyr returns to flight")
    assert result.launch.key == RELAY
    assert not result.reports_incident
    assert not result.may_create_incident
    assert [c.incident.key for c in result.context] == [DEMO_1_FAILURE]


def test_a_launch_that_scores_close_to_another_names_its_rival():
    clear = linked("A Zephyr rocket failed on July 11, 2019.")
    assert clear.launch.key == DEMO_1 and clear.rival is None
    close = linked("The Zephyr Demo 1 and Zephyr Demo 2 flights failed.")
    assert close.launch.key == DEMO_2  # without a day of publication, the latest
    assert close.rival == ("Zephyr Demo 1", 0.6)
