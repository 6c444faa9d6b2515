"""The migration that works out again the ranges of facts stored before bounds were read."""

import importlib

import pytest
from django.apps import apps

from articles.models import Citation, Fact
from tests.factories import make_article, make_citation, make_incident

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
