"""Data migrations: fact ranges worked out again, titles cut from a first sentence redone, the
incidents' source counts filled."""

import importlib

import pytest
from django.apps import apps

from articles.models import Citation, Fact
from incidents.models import Incident
from tests.factories import make_article, make_citation, make_incident, make_mission
from tests.kept_counts import assert_counts_kept_right

pytestmark = pytest.mark.django_db

migration = importlib.import_module("articles.migrations.0009_fact_ranges_allow_bounds")


def test_stored_ranges_are_worked_out_again_from_their_words():
    incident = make_incident()
    citation = make_citation(
        incident=incident, article=make_article(), supports=Citation.Supports.FACT
    )
    # as the importer stored them before: 2.6 short tons exactly, "at least" not read
    tons = Fact.objects.create(
        incident=incident, citation=citation, kind="payload_mass", value="2.6 tons",
        si_value=2358.7, si_low=2313.3, si_high=2404.0,
    )  # fmt: skip
    least = Fact.objects.create(
        incident=incident, citation=citation, kind="payload_mass", value="at least 2.4 tonnes",
        si_value=2400.0, si_low=2350.0, si_high=2450.0,
    )  # fmt: skip
    cause = Fact.objects.create(
        incident=incident, citation=citation, kind="cause", value="a faulty valve"
    )
    migration.rework_ranges(apps, None)
    tons.refresh_from_db()
    least.refresh_from_db()
    cause.refresh_from_db()
    assert (round(tons.si_low), round(tons.si_high)) == (2313, 2693)
    assert (least.si_low, least.si_high) == (2400.0, None)
    assert (cause.si_low, cause.si_high) == (None, None)


retitling = importlib.import_module("articles.migrations.0010_titles_of_texts_without_one")


def test_titles_cut_from_the_first_sentence_are_made_again():
    body = (
        "Today the cargo ship that was set to be launched to resupply the station was lost "
        "over the mountains after its third stage failed, the agency said. More follows."
    )
    cut = retitling.old_title(body)
    assert cut.endswith("…")
    mission = make_mission(name="Kite 7")
    bare = make_article(title=cut, body=body, publisher="", url="")
    make_citation(incident=make_incident(mission=mission), article=bare, start=0, end=20)
    addressed = make_article(
        title=cut,
        body=body,
        publisher="",
        url="https://www.cbc.ca/news/cargo-ship-lost-over-the-mountains-1.38",
    )
    edited = make_article(title="An editor's title", body=body, publisher="Space Wire")
    retitling.retitle(apps, None)
    for article in (bare, addressed, edited):
        article.refresh_from_db()
    assert bare.title == f"Kite 7 ({bare.published_on:%-d %B %Y})" and bare.needs_review
    assert "given the short title" in bare.review_reason
    assert (addressed.title, addressed.publisher) == (
        "Cargo ship lost over the mountains",
        "cbc.ca",
    )
    assert (edited.title, edited.publisher) == ("An editor's title", "Space Wire")


filling = importlib.import_module("articles.migrations.0012_fill_incident_source_counts")


def test_the_kept_source_counts_are_filled_as_the_citations_count_them():
    kite7, kite5 = make_incident(), make_incident()
    reviewed, waiting = make_article(), make_article(needs_review=True)
    make_citation(incident=kite7, article=reviewed)
    make_citation(incident=kite7, article=waiting, confidence=0.5)  # not shown yet
    make_citation(incident=kite5, article=waiting, supports=Citation.Supports.CONTEXT)
    Incident.objects.update(reported_by_count=0, mentioned_by_count=0)  # as the new columns
    filling.fill(apps, None)
    assert assert_counts_kept_right() == {kite7.pk: (1, 0), kite5.pk: (0, 1)}
