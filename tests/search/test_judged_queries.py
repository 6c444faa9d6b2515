"""The judged queries (search/judged_queries.tsv) against the whole real catalog: search
puts the expected incident first for at least 95% of them, and never falls below what it
measured when the set was written (docs/benchmarks.md) by more than a small margin. On
whichever database the suite runs against; run it with and without DATABASE_URL."""

from search.judged import JUDGED_QUERIES, Judged, catalog_keys, read_judged, score
from tests.gcat import GcatTestCase

# Measured when the set was written: SQLite 0.976, PostgreSQL 0.980 success@1 (MRR 0.982,
# 0.984); the floor is the lower of the two less one query in a hundred, and never below the
# issue's 95%.
SUCCESS_AT_1_FLOOR = 0.966
MRR_FLOOR = 0.973
KINDS = {
    "name", "nickname", "flight id", "ordinal", "payload", "alias", "vehicle + year", "russian",
    "typo",
}  # fmt: skip


class JudgedQueriesTests(GcatTestCase):
    def test_the_set_has_150_queries_or_more_of_every_kind_people_type(self):
        judged = read_judged()
        assert len(judged) >= 150
        assert len({j.query.casefold() for j in judged}) == len(judged), "a query twice"
        assert KINDS <= {j.kind for j in judged}
        assert JUDGED_QUERIES.name == "judged_queries.tsv"

    def test_every_expected_incident_is_in_the_catalog(self):
        keys = set(catalog_keys().values())
        missing = {j.expected for j in read_judged()} - keys
        assert missing == set()

    def test_search_puts_the_expected_incident_first(self):
        scores = score(read_judged())
        misses = [(m.judged.query, m.judged.expected, m.rank, m.first) for m in scores.misses]
        assert scores.success_at_1 >= max(0.95, SUCCESS_AT_1_FLOOR), misses
        assert scores.mrr >= MRR_FLOOR, misses

    def test_the_score_counts_a_miss(self):
        """A positive control: a query whose expected incident is another one scores 0."""
        wrong = score([Judged("challenger", "2003-003", "name")])
        right = score([Judged("challenger", "1986-F01", "name")])
        assert (wrong.success_at_1, right.success_at_1) == (0.0, 1.0)
        assert wrong.outcomes[0].first == "1986-F01"
