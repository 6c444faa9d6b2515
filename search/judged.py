"""The judged queries (search/judged_queries.tsv): searches people type, each with the
incident it should put first, and how well search does on them.

Each line of the file: the query, the incident it should find first (its catalog key: the
GCAT launch tag, or "curated:<key>" for a curated incident with no launch), the kind of query
(name, nickname, flight id, vehicle + year, payload, typo, Russian, ...). Lines starting with
"#" are comments. `score()` runs every query through search_incidents, as the search page
does, and reports success@1 (the expected incident is first) and the mean reciprocal rank
(1/position of the expected incident among all results; 0 when it is not found).
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from incidents.models import Incident
from search.core import search_incidents

JUDGED_QUERIES = Path(__file__).resolve().parent / "judged_queries.tsv"


@dataclass(frozen=True)
class Judged:
    query: str
    expected: str  # the incident's catalog key
    kind: str


@dataclass(frozen=True)
class Outcome:
    judged: Judged
    rank: int | None  # 1 = first; None = not found
    first: str  # the catalog key of what came first ("" for nothing)

    @property
    def reciprocal_rank(self) -> float:
        return 1 / self.rank if self.rank else 0.0


@dataclass
class Scores:
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def success_at_1(self) -> float:
        return sum(o.rank == 1 for o in self.outcomes) / len(self.outcomes)

    @property
    def mrr(self) -> float:
        return sum(o.reciprocal_rank for o in self.outcomes) / len(self.outcomes)

    def by_kind(self) -> dict[str, Scores]:
        kinds: dict[str, Scores] = defaultdict(Scores)
        for outcome in self.outcomes:
            kinds[outcome.judged.kind].outcomes.append(outcome)
        return dict(sorted(kinds.items()))

    @property
    def misses(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.rank != 1]


def read_judged(path: Path = JUDGED_QUERIES) -> list[Judged]:
    with path.open(encoding="utf-8", newline="") as file:
        lines = [line for line in file if line.strip() and not line.startswith("#")]
    reader = csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    return [Judged(query, expected, kind) for query, expected, kind in reader]


def score(judged: list[Judged]) -> Scores:
    keys = catalog_keys()
    scores = Scores()
    for each in judged:
        ranked = [keys.get(c.id, "") for c in search_incidents(each.query, per_page=1).candidates]
        rank = ranked.index(each.expected) + 1 if each.expected in ranked else None
        scores.outcomes.append(Outcome(each, rank, ranked[0] if ranked else ""))
    return scores


def catalog_keys() -> dict[int, str]:
    """Each published incident's catalog key, by id."""
    rows = Incident.objects.published().values_list("pk", "catalog_values")
    return {pk: str((values or {}).get("_key", "")) for pk, values in rows}
