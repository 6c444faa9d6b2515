"""The importer on real articles it was not written against: the development set's score.

The floors below are a ratchet: raise them when the importer gets better, never lower them.
"""

from benchmarks.linking_eval import DEV_SET, Report, evaluate, folds, load_labels
from tests.gcat import GcatTestCase

REPORTED_RIGHT_AT_LEAST = 51  # of 51
ROUTINE_RIGHT_AT_LEAST = 18  # of 18
FALSE_INCIDENTS_AT_MOST = 0
CONTEXT_RIGHT_AT_LEAST = 23  # of 28
CONTEXT_WRONG_AT_MOST = 0
WRONG_PUBLIC_AT_MOST = 0  # wrong links the public pages would show before a review
FOLDS_WITHIN = 0.05  # leave-one-event-out may fall this far below the full-data score


class DevelopmentSetTests(GcatTestCase):
    report: Report

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

    def test_no_wrong_link_is_public_before_a_review(self):
        assert self.report.wrong_public <= WRONG_PUBLIC_AT_MOST, self._rows()

    def test_leaving_each_event_out_scores_within_five_points_of_the_full_data(self):
        held_out = folds(self.report)
        merged = Report([a for _, fold, _ in held_out for a in fold.articles])
        assert len(held_out) == len({a.event for a in self.report.articles})
        for figure in ("reported_right", "routine_right", "context_right"):
            full, folded = getattr(self.report, figure), getattr(merged, figure)
            total = {"reported_right": "reported_total", "routine_right": "routine_total"}
            whole = getattr(self.report, total.get(figure, "context_expected"))
            assert folded >= full - FOLDS_WITHIN * whole, figure

    def test_confident_links_are_right(self):
        for band, links, right in self.report.bands():
            if band.startswith(("0.75", "0.90")):
                assert right == links, (band, self._rows())

    def _rows(self) -> str:
        return "\n".join(
            f"{a.name}: expected {a.expected}, got {a.reported}; context {a.context_found}"
            for a in self.report.articles
        )
