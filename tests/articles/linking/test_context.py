"""Past incidents told in passing, resolved against a tiny in-memory catalog (no database)."""

import datetime

from articles.linking.context import context_citations
from articles.linking.past_incidents import PastIncident
from articles.pipeline.captions import find_clutter
from articles.pipeline.classify import body_sentences
from articles.pipeline.dates import find_dates
from articles.pipeline.extract import find_mentions
from tests.articles.linking.tiny_catalog import (
    DEMO_1_FAILURE,
    DEMO_2_PAD_EXPLOSION,
    INCIDENTS,
    LAUNCHES,
    NOVA,
    ZEPHYR,
    ZEPHYR_FAMILY,
    tiny_catalog,
)

VIEW = tiny_catalog()
LAUNCH = {launch.name: launch for launch in LAUNCHES}
LATER_FAILURE = PastIncident(
    key=503,
    title="A later Zephyr failure",
    date=datetime.date(2021, 3, 5),
    on_pad=False,
    vehicles=frozenset({ZEPHYR}),
    families=frozenset({ZEPHYR_FAMILY}),
    agencies=frozenset({NOVA}),
)


def passing(body, *, main=None, anchor=None, view=VIEW):
    """(incident, confidence) of each passing mention, in text order."""
    clutter = find_clutter(body)
    mentions = find_mentions(body, view.gazetteer)
    sentences = body_sentences(body, mentions, find_dates(body, anchor=anchor), clutter)
    found = context_citations(
        body,
        mentions,
        sentences,
        clutter=clutter,
        main=LAUNCH[main] if main else None,
        main_span=None,
        anchor=anchor,
        view=view,
    )
    return [(citation.incident.key, citation.confidence) for citation in found]


def test_a_month_and_a_rocket_pick_out_its_failure_that_month():
    assert passing("In July 2019, a Zephyr rocket failed after lift-off.") == [
        (DEMO_1_FAILURE, 0.9)
    ]


def test_a_year_picks_out_the_only_failure_of_the_rocket_that_year():
    assert passing("A Zephyr rocket failed in 2019.") == [(DEMO_1_FAILURE, 0.8)]


def test_a_family_with_a_list_of_years_gives_one_incident_per_year():
    body = "Zephyr rockets failed in 2019 and 2020."
    assert passing(body) == [(DEMO_1_FAILURE, 0.8), (DEMO_2_PAD_EXPLOSION, 0.8)]


def test_a_period_without_a_failure_of_the_rocket_links_nothing():
    assert passing("In March 2021, a Zephyr rocket failed after lift-off.") == []


def test_two_failures_in_the_period_are_too_many_to_choose_from():
    view = tiny_catalog(
        [
            *INCIDENTS,
            PastIncident(
                504,
                "Another",
                datetime.date(2019, 2, 1),
                on_pad=False,
                vehicles=frozenset({ZEPHYR}),
            ),
        ]
    )
    assert passing("A Zephyr rocket failed in 2019.", view=view) == []


def test_an_undated_explosion_on_the_pad_is_the_rockets_only_pad_explosion():
    assert passing("A Zephyr-K rocket exploded on the launch pad.") == [(DEMO_2_PAD_EXPLOSION, 0.8)]


def test_then_names_the_first_failure_after_the_one_told_before():
    view = tiny_catalog([*INCIDENTS, LATER_FAILURE])
    body = "In July 2019, a Zephyr rocket failed. Then a Zephyr rocket was lost."
    assert passing(body, view=view) == [(DEMO_1_FAILURE, 0.9), (LATER_FAILURE.key, 0.6)]


def test_an_incident_after_the_day_of_publication_is_not_what_then_means():
    view = tiny_catalog([*INCIDENTS, LATER_FAILURE])
    body = "In July 2019, a Zephyr rocket failed. Then a Zephyr rocket was lost."
    found = passing(body, view=view, anchor=datetime.date(2020, 12, 1))
    assert found == [(DEMO_1_FAILURE, 0.9)]


def test_the_rocket_means_the_family_of_the_launch_the_article_reports():
    body = (
        "A Zephyr rocket launched the Relay 4 satellite.\n\nIn November 2020, the rocket "
        "broke apart in flight."
    )
    assert passing(body, main="Relay 4") == [(DEMO_2_PAD_EXPLOSION, 0.9)]


def test_an_agency_stands_in_when_the_sentence_names_no_rocket():
    body = "In July 2019, Nova Space lost a satellite when its launch failed."
    assert passing(body) == [(DEMO_1_FAILURE, 0.9)]


def test_the_event_the_article_reports_is_not_a_passing_mention_of_itself():
    body = "A Zephyr rocket failed on July 11, 2019. In July 2019, a Zephyr rocket failed."
    assert passing(body, main="Zephyr Demo 1") == []


def test_a_failure_after_since_in_a_sentence_of_the_day_is_a_passing_mention():
    body = (
        "A Zephyr rocket launched the Relay 4 satellite on Tuesday, the first Zephyr flight "
        "since one failed in July 2019."
    )
    found = passing(body, main="Relay 4", anchor=datetime.date(2024, 5, 14))
    assert found == [(DEMO_1_FAILURE, 0.9)]
