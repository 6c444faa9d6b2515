"""benchmarks/search_scale_fill.py: the counts kept on the incidents, filled after citations
were written in bulk, are what the citations give."""

import pytest

from articles.models import Citation
from benchmarks.search_scale_fill import fill_source_counts
from incidents.models import Incident
from tests.factories import make_article, make_incident
from tests.kept_counts import assert_counts_kept_right

pytestmark = pytest.mark.django_db


def test_the_counts_are_filled_from_citations_written_in_bulk():
    kite7, kite5, uncited = make_incident(), make_incident(), make_incident()
    reviewed, waiting = make_article(), make_article(needs_review=True)
    Citation.objects.bulk_create(  # as the fill writes them: no signal
        Citation(incident=incident, article=article, start=0, end=10, supports=supports,
                 confidence=confidence)
        for incident, article, supports, confidence in [
            (kite7, reviewed, "incident", 1.0),
            (kite7, waiting, "incident", 0.5),
            (kite5, reviewed, "context", 1.0),
            (kite5, waiting, "incident", 0.9),
        ]
    )  # fmt: skip
    assert not Incident.objects.exclude(reported_by_count=0, mentioned_by_count=0).exists()
    fill_source_counts()
    kept = assert_counts_kept_right()
    assert (kept[kite7.pk], kept[kite5.pk], kept[uncited.pk]) == ((1, 0), (1, 1), (0, 0))
