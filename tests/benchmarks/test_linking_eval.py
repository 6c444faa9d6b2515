"""The importer on real articles it was not written against: the development set's score.

The floors below are a ratchet: raise them when the importer gets better, never lower them.
"""

from benchmarks.linking_eval import DEV_SET, evaluate, load_labels
from tests.gcat import GcatTestCase

REPORTED_RIGHT_AT_LEAST = 30  # of 30
ROUTINE_RIGHT_AT_LEAST = 3  # of 3
FALSE_INCIDENTS_AT_MOST = 0
CONTEXT_RIGHT_AT_LEAST = 7  # of 8
CONTEXT_WRONG_AT_MOST = 0


class DevelopmentSetTests(GcatTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.report = evaluate(DEV_SET)

    def test_every_labelled_article_is_scored(self):
        assert len(self.report.articles) == len(load_labels(DEV_SET))
        assert self.report.reported_total + self.report.routine_total == len(self.report.articles)

    def test_reported_links_do_not_fall_below_the_floor(self):
        assert self.report.reported_right >= REPORTED_RIGHT_AT_LEAST, self._rows()

    def test_routine_articles_get_no_incident(self):
        assert self.report.routine_right >= ROUTINE_RIGHT_AT_LEAST, self._rows()

    def test_false_incidents_do_not_rise_above_the_ceiling(self):
        assert self.report.false_incidents <= FALSE_INCIDENTS_AT_MOST, self._rows()

    def test_passing_mentions_do_not_fall_below_the_floor(self):
        assert self.report.context_right >= CONTEXT_RIGHT_AT_LEAST, self._rows()
        assert self.report.context_wrong <= CONTEXT_WRONG_AT_MOST, self._rows()

    def test_confident_links_are_right(self):
        for band, links, right in self.report.bands():
            if band.startswith(("0.75", "0.90")):
                assert right == links, (band, self._rows())

    def _rows(self) -> str:
        return "\n".join(
            f"{a.name}: expected {a.expected}, got {a.reported}; context {a.context_found}"
            for a in self.report.articles
        )
