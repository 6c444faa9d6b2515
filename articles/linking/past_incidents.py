"""The published failures a passing mention may refer to, held in memory for a batch.

Plain Python, no Django imports. `catalog_view.build_catalog_view` fills a `PastIncidents`
from the database once per import batch (three queries); tests fill one by hand. Drafts are
never passing mentions, so a draft one article of the batch creates is not missed.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class PastIncident:
    key: int
    title: str
    date: datetime.date
    on_pad: bool  # a pad explosion (or an abort with no launch)
    mission: int | None = None
    spacecraft: int | None = None  # the series of the mission's craft (a Vehicle)
    spacecraft_name: str = ""
    vehicles: frozenset[int] = frozenset()
    families: frozenset[int] = frozenset()
    agencies: frozenset[int] = frozenset()  # its agencies and its vehicles' makers


@dataclass(frozen=True)
class Who:
    """Whose incidents to look at: any of these records (an empty Who matches nothing)."""

    vehicles: frozenset[int] = frozenset()
    families: frozenset[int] = frozenset()
    missions: frozenset[int] = frozenset()
    spacecraft: frozenset[int] = frozenset()
    series: frozenset[str] = frozenset()  # spacecraft names, casefolded
    agencies: frozenset[int] = frozenset()

    def __bool__(self) -> bool:
        return any(
            (self.vehicles, self.families, self.missions, self.spacecraft, self.series)
        ) or bool(self.agencies)

    def __or__(self, other: Who) -> Who:
        return Who(
            self.vehicles | other.vehicles,
            self.families | other.families,
            self.missions | other.missions,
            self.spacecraft | other.spacecraft,
            self.series | other.series,
            self.agencies | other.agencies,
        )


class PastIncidents:
    """Published failures, by the records they concern."""

    def __init__(self, incidents: Iterable[PastIncident] = ()) -> None:
        self._by: dict[str, dict[int | str, list[PastIncident]]] = defaultdict(
            lambda: defaultdict(list)
        )
        self._of_mission: dict[int, set[int]] = defaultdict(set)
        for incident in incidents:
            for relation, keys in _relations(incident).items():
                for key in keys:
                    self._by[relation][key].append(incident)
            if incident.mission is not None:
                self._of_mission[incident.mission].add(incident.key)

    def of_mission(self, mission: int) -> set[int]:
        """The keys of the mission's incidents."""
        return set(self._of_mission.get(mission, ()))

    def of(self, who: Who) -> list[PastIncident]:
        """The incidents of any of `who`'s records, in date order."""
        found: dict[int, PastIncident] = {}
        for relation, keys in _relations(who).items():
            for key in keys:
                for incident in self._by[relation].get(key, ()):
                    found[incident.key] = incident
        return sorted(found.values(), key=lambda item: (item.date, item.key))


def _relations(item: PastIncident | Who) -> dict[str, Iterable[int | str]]:
    if isinstance(item, Who):
        return {
            "vehicle": item.vehicles,
            "family": item.families,
            "mission": item.missions,
            "spacecraft": item.spacecraft,
            "series": item.series,
            "agency": item.agencies,
        }
    return {
        "vehicle": item.vehicles,
        "family": item.families,
        "mission": [item.mission] if item.mission is not None else [],
        "spacecraft": [item.spacecraft] if item.spacecraft is not None else [],
        "series": [item.spacecraft_name.casefold()] if item.spacecraft_name else [],
        "agency": item.agencies,
    }
