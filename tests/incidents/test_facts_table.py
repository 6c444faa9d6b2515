"""The incident page's facts table: statements that agree within what their words allow are
one row, and every statement says who makes it and in which article."""

import math

import pytest

from articles.models import Citation, Fact
from articles.pipeline.facts import PAYLOAD_MASS, TIME_INTO_FLIGHT, quantity
from incidents.facts import facts_table
from tests.factories import make_article, make_citation, make_incident

pytestmark = pytest.mark.django_db


def state(incident, kind, words, number, unit, *, said_by="", **article):
    """A fact as the importer stores it, from its words ("more than", "5,300", "pounds")."""
    q = quantity(number, unit, kind, words)
    source = make_article(body="The statement.", **article)
    citation = make_citation(incident=incident, article=source, supports=Citation.Supports.FACT)
    Fact.objects.create(
        incident=incident,
        citation=citation,
        kind=kind,
        value=" ".join(f"{words} {number} {unit}".split()),
        si_value=q.si,
        si_low=q.low,
        si_high=None if q.high == math.inf else q.high,
        said_by=said_by,
    )


def row(incident, kind):
    rows, _ = facts_table(incident)
    (found,) = [r for r in rows if r.kind == kind]
    return found


def test_more_than_a_weight_and_a_rounder_weight_within_it_agree():
    incident = make_incident()
    state(incident, PAYLOAD_MASS, "more than", "5,300", "pounds")
    state(incident, PAYLOAD_MASS, "", "2.6", "tons")
    state(incident, PAYLOAD_MASS, "at least", "2.4", "tonnes")
    payload = row(incident, PAYLOAD_MASS)
    assert not payload.disagree
    (statement,) = payload.statements
    assert statement.values == ["more than 5,300 pounds", "2.6 tons", "at least 2.4 tonnes"]


def test_a_weight_beyond_what_the_others_allow_disagrees():
    incident = make_incident()
    state(incident, PAYLOAD_MASS, "up to", "2", "tonnes")
    state(incident, PAYLOAD_MASS, "more than", "5,300", "pounds")
    assert row(incident, PAYLOAD_MASS).disagree


def test_exact_seconds_one_apart_disagree():
    incident = make_incident()
    state(incident, TIME_INTO_FLIGHT, "", "382", "seconds")
    state(incident, TIME_INTO_FLIGHT, "", "383", "seconds")
    assert row(incident, TIME_INTO_FLIGHT).disagree


def labels(incident, kind):
    return [s.label for statement in row(incident, kind).statements for s in statement.sources]


def test_a_statement_is_attributed_to_its_speaker_in_the_publisher_and_title():
    incident = make_incident()
    state(
        incident,
        TIME_INTO_FLIGHT,
        "",
        "382",
        "seconds",
        said_by="Roscosmos",
        publisher="Space Wire",
        title="Cargo ship lost over Siberia",
    )
    assert labels(incident, TIME_INTO_FLIGHT) == [
        "Roscosmos (in Space Wire, “Cargo ship lost over Siberia”)"
    ]


def test_without_a_publisher_the_site_of_the_address_names_it():
    incident = make_incident()
    state(
        incident,
        TIME_INTO_FLIGHT,
        "",
        "382",
        "seconds",
        publisher="",
        url="https://www.cbc.ca/news/cargo-ship-lost-1.3876001",
        title="Cargo ship lost",
    )
    assert labels(incident, TIME_INTO_FLIGHT) == ["cbc.ca (in “Cargo ship lost”)"]


def test_a_long_title_is_cut_after_a_whole_word():
    incident = make_incident()
    title = (
        "Today the cargo ship that was set to be launched to resupply the station was lost "
        "over the mountains of Tuva"
    )
    state(incident, TIME_INTO_FLIGHT, "", "382", "seconds", publisher="Space Wire", title=title)
    (label,) = labels(incident, TIME_INTO_FLIGHT)
    assert label.startswith("Space Wire (in “Today the cargo ship")
    kept = label.removeprefix("Space Wire (in “").removesuffix("…”)")
    assert title.startswith(kept) and title[len(kept)] == " "
