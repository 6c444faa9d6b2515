"""Crewed programmes, and which of their flights carried people.

GCAT's launch list does not say whether a flight carried a crew. A crewed programme names
its flights in a way of its own (STS-107, Soyuz MS-10, Shenzhou 5, Dragon Crew-1), and the
flights of those series that flew empty (test flights, a ship sent up to bring a crew home)
are few: they are listed here, by GCAT name or launch tag, each programme with its source.
"What happened next" on an incident of a crewed programme names the programme's next
crewed flight (Columbia → STS-114).

Plain Python, no Django imports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class CrewedProgramme:
    name: str  # as the page says it: "the Space Shuttle"
    flights: re.Pattern[str]  # a GCAT mission name of the programme, whole
    prefixes: tuple[str, ...]  # how those names begin: what the database query filters on
    uncrewed: frozenset[str] = frozenset()  # names or launch tags of flights without crew
    source: str = ""

    def has_flight(self, name: str) -> bool:
        return self.flights.fullmatch(name) is not None

    def carried_crew(self, name: str, launch_tag: str) -> bool:
        return (
            self.has_flight(name) and name not in self.uncrewed and launch_tag not in self.uncrewed
        )


def _programme(name, flights, prefixes, uncrewed=(), source="") -> CrewedProgramme:
    return CrewedProgramme(name, re.compile(flights), tuple(prefixes), frozenset(uncrewed), source)


PROGRAMMES: tuple[CrewedProgramme, ...] = (
    _programme(
        "Vostok",
        r"Vostok(?:-[2-6])?",
        ["Vostok"],
        source="https://en.wikipedia.org/wiki/Vostok_programme",
    ),
    _programme(
        "Voskhod",
        r"Voskhod\b.*",
        ["Voskhod"],
        source="https://en.wikipedia.org/wiki/Voskhod_programme",
    ),
    _programme(
        "Mercury",
        r"MA-\d+",
        ["MA-"],
        uncrewed=["MA-1", "MA-2", "MA-3", "MA-4", "MA-5"],
        source="https://en.wikipedia.org/wiki/Project_Mercury",
    ),
    _programme(
        "Gemini",
        r"Gemini \d+",
        ["Gemini "],
        uncrewed=["Gemini 1", "Gemini 2"],
        source="https://en.wikipedia.org/wiki/Project_Gemini",
    ),
    _programme(
        "Apollo",
        r"Apollo \d+|Skylab [234]|ASTP",
        ["Apollo ", "Skylab ", "ASTP"],
        uncrewed=["Apollo 4", "Apollo 5", "Apollo 6"],
        source="https://en.wikipedia.org/wiki/Apollo_program",
    ),
    _programme(
        "Soyuz",
        r"Soyuz(?:[- ](?:\d+|T|T-\d+|TM|TM-\d+|TMA-\d+M?|MS-\d+))?",
        ["Soyuz"],
        # Soyuz 2 (target), 20 (test), 34 (sent up empty), T and TM (first flights), MS-14
        # (test), MS-23 (sent up empty to replace MS-22)
        uncrewed=["1968-093", "1975-106", "1979-049", "1979-103", "1986-035", "2019-055"]
        + ["2023-024"],
        source="https://en.wikipedia.org/wiki/List_of_Soyuz_missions",
    ),
    _programme(
        "the Space Shuttle",
        r"STS-.+",
        ["STS-"],
        source="https://en.wikipedia.org/wiki/List_of_Space_Shuttle_missions",
    ),
    _programme(
        "Shenzhou",
        r"Shenzhou(?: \d+)?",
        ["Shenzhou"],
        uncrewed=["Shenzhou", "Shenzhou 2", "Shenzhou 3", "Shenzhou 4", "Shenzhou 8"],
        source="https://en.wikipedia.org/wiki/Shenzhou_program",
    ),
    _programme(
        "Crew Dragon",
        r"Crew Dragon DM-1|Dragon DM-2|Dragon Crew-\d+|Inspiration4|Axiom Ax-\d+|Polaris Dawn"
        r"|Fram-2",
        ["Crew Dragon", "Dragon DM-", "Dragon Crew-", "Inspiration4", "Axiom Ax-", "Polaris"]
        + ["Fram-2"],
        uncrewed=["Crew Dragon DM-1"],
        source="https://en.wikipedia.org/wiki/Crew_Dragon",
    ),
    _programme(
        "Starliner",
        r"Starliner\b.*",
        ["Starliner"],
        uncrewed=["Starliner OFT", "Starliner OFT-2"],
        source="https://en.wikipedia.org/wiki/Boeing_Starliner",
    ),
)


def programme_of(*names: str) -> CrewedProgramme | None:
    """The crewed programme a flight belongs to, from its mission's name, or from the start
    of a title ("Apollo 1 fire" is Apollo's)."""
    for name in names:
        words = name.split()
        for size in range(len(words), 0, -1):
            start = " ".join(words[:size])
            for programme in PROGRAMMES:
                if programme.has_flight(start):
                    return programme
    return None
