"""Which launch an article is about: candidates from the catalog, scored on the evidence.

Plain Python, no Django imports: the catalog arrives as `CatalogLaunch` records in a
`LaunchIndex`, the article as `Clue`s (names found in it) and `DateClue`s (dates found in it).

No single clue decides. Each candidate launch collects points from independent evidence:

- a mission name that points at it, worth more when the name is specific ("Soyuz MS-10",
  "STS-107") than when it is an ordinary word or a name many payloads share ("Image",
  "Cluster", "Starlink");
- its vehicle, family, spacecraft series, agency or site named in the text;
- a date in the text on (or, for events after launch, shortly after) its launch day;
- the publication date a few days after its launch; a launch after the article appeared
  cannot be what it reports;
- for an article that reports a failure, a launch that failed.

Candidates come from the names (every mission sharing a name) and from the vehicles, families,
series and agencies named, near each date the text gives. The best-scored launch is chosen
when it has enough evidence and stands clear of the next; the confidence says how sure.
"""

from __future__ import annotations

import bisect
import datetime
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from wordfreq import zipf_frequency

from incidents.partial_dates import PartialDate, Precision

DAY = datetime.timedelta(days=1)
_WORD = re.compile(r"[^\W\d_]+")

# Points for each kind of evidence.
SPECIFIC_NAME = 3.0
ORDINARY_NAME = 0.6
SHARED_NAME_FACTOR = 0.25  # a name many launches carry ("Jilin-1") names a series, not one
SHARED_NAME_LIMIT = 3
REPEATED_NAME = 0.3  # each further mention of the same launch's name, at most two


class ClueKind(StrEnum):
    """What a name in the article names: the launch itself (a mission or payload name), or
    one of its attributes."""

    MISSION = "mission"
    VEHICLE = "vehicle"
    FAMILY = "family"
    SPACECRAFT = "spacecraft"  # a series of craft: Progress, Dragon, the orbiter Challenger
    AGENCY = "agency"
    SITE = "site"


# Names of what a launch has (its vehicle, family, spacecraft series, agencies, site): they
# find candidates near the text's dates and give points, but never pick out one launch alone.
ATTRIBUTE_KINDS = (
    ClueKind.VEHICLE,
    ClueKind.FAMILY,
    ClueKind.SPACECRAFT,
    ClueKind.AGENCY,
    ClueKind.SITE,
)


class Evidence(StrEnum):
    """The kinds of evidence a candidate launch collects points from."""

    NAMED = "named"  # a mission name points at it
    VEHICLE = "vehicle"
    FAMILY = "family"
    SPACECRAFT = "spacecraft"
    AGENCY = "agency"
    SITE = "site"
    DATED = "dated"  # a date in the text
    PUBLISHED = "published"  # the publication date
    FAILED = "failed"  # a failure report, and the launch failed
    FLEW = "flew"  # a failure report, and the launch went well
    LATEST = "latest"  # no day of publication: the latest of close candidates


ATTRIBUTE_POINTS = {
    ClueKind.VEHICLE: 1.2,
    ClueKind.SPACECRAFT: 1.0,
    ClueKind.FAMILY: 0.8,
    ClueKind.AGENCY: 0.5,
    ClueKind.SITE: 0.3,
}
SAME_DAY = 2.0  # a text date within a day of the launch (time zones)
NEAR_DAY = 1.0  # within three days (a slipped launch, a late report)
SAME_DAY_NO_YEAR = 1.5  # "August 28" with no year: that day in any year
SAME_MONTH = 0.8
SAME_YEAR = 0.3
IN_FLIGHT = 1.2  # a text date in the first weeks of the launch's spacecraft's flight
IN_FLIGHT_DAYS = 45
LONG_FLIGHT = 0.6  # later in a long stay (a ship docked at a station for months)
LONG_FLIGHT_DAYS = 250
PUBLISHED_SOON_AFTER = 1.5  # published 0-3 days after the launch
PUBLISHED_WEEKS_AFTER = 0.8  # up to two weeks
PUBLISHED_MONTH = 0.5  # published in the month of the launch or the next (month precision)
PUBLISHED_YEAR = 0.3  # published in the year of the launch (year precision)
PUBLISHED_BEFORE = -3.0  # the launch came after the article
FAILED_LAUNCH = 1.0  # for a failure report
UNNAMED_SUCCESS = -1.0  # for a failure report, a good launch only its rocket and date point at
LATEST = 0.6  # no day of publication: the latest of close candidates
LATEST_WITHIN = 1.5
DATED_ELSEWHERE = -1.0  # the text gives full dates, none of them near this launch
DATED_ELSEWHERE_BEFORE = datetime.timedelta(days=60)  # (after it: a ship may fly for months)
CAPTION_FACTOR = 0.6
NAMED_OFTEN = 3  # an ordinary word as a payload's name, this many times: the text is about it

COMMON_WORD_ZIPF = 3.3  # a word English uses about once in 500,000 words, or more often
TITLE_CASE_WORD_ZIPF = 2.5  # about once in 3 million words: still an English word
# Words of the trade that GCAT uses as payload names but that name no one flight.
GENERIC_PAYLOAD_WORDS = frozenset(
    """cubesat cubesats smallsat smallsats nanosat nanosats microsat microsats satellite
    satellites payload payloads dummy demo test simulator ballast capsule module probe lander
    rover booster rideshare""".split()
)

# Choosing.
MIN_SCORE = 2.5
MIN_MARGIN = 0.5
NEARBY_WINDOW = datetime.timedelta(days=3)
PUBLISHED_WINDOW = datetime.timedelta(days=21)
FAILED_WITHOUT_DATE_LIMIT = 3  # so many failed launches of a vehicle named without a date

# Confidence in the choice: grows with the points, less when the next launch is close.
CONFIDENCE_BASE = 0.35
CONFIDENCE_PER_POINT = 0.09
CONFIDENCE_CEILING = 0.95
CONFIDENCE_FLOOR = 0.3
NARROW_MARGIN, NARROW_MARGIN_COST = 1.0, 0.15  # the next launch less than a point behind
MODEST_MARGIN, MODEST_MARGIN_COST = 2.0, 0.05  # less than two points behind


@dataclass(frozen=True)
class CatalogLaunch:
    key: int
    name: str
    date: datetime.date | None
    vehicle: int | None
    family: int | None
    spacecraft: int | None
    site: int | None
    agencies: frozenset[int]
    failed: bool  # a failure, pad explosion or partial failure: the catalog has an incident
    partly: bool = False  # a partial failure: it reached orbit, not all of it as planned


@dataclass(frozen=True)
class Clue:
    """A name found in the article: `keys` are the records it may mean; `weight` scales its
    points (captions, the title)."""

    kind: ClueKind
    keys: tuple[int, ...]
    text: str
    specific: bool = True
    weight: float = 1.0


@dataclass(frozen=True)
class DateClue:
    year: int | None
    month: int | None
    day: int | None
    weight: float = 1.0

    @property
    def first_day(self) -> datetime.date | None:
        if self.year is None or self.month is None:
            return None
        return datetime.date(self.year, self.month, self.day or 1)


@dataclass
class Scored:
    """A candidate launch and its points, by the kind of evidence that gave them."""

    launch: CatalogLaunch
    parts: dict[Evidence, float] = field(default_factory=dict)

    def add(self, points: float, kind: Evidence) -> None:
        if points:
            self.parts[kind] = self.parts.get(kind, 0.0) + points

    @property
    def points(self) -> float:
        return sum(self.parts.values())

    @property
    def reasons(self) -> list[str]:
        return [f"{kind} {points:+.1f}" for kind, points in self.parts.items()]


@dataclass(frozen=True)
class Choice:
    launch: CatalogLaunch | None
    confidence: float
    ranked: tuple[Scored, ...]

    @property
    def reasons(self) -> list[str]:
        return self.ranked[0].reasons if self.ranked else []


class LaunchIndex:
    """The catalog's launches, by key and by the vehicle, family, spacecraft series and agency
    that flew them, each list in launch-date order."""

    def __init__(self, launches: Iterable[CatalogLaunch]) -> None:
        self.by_key: dict[int, CatalogLaunch] = {}
        self._by: dict[ClueKind, dict[int, list[CatalogLaunch]]] = defaultdict(
            lambda: defaultdict(list)
        )
        self._dates: dict[ClueKind, dict[int, list[datetime.date]]] = defaultdict(
            lambda: defaultdict(list)
        )
        for launch in sorted(launches, key=lambda item: item.date or datetime.date.min):
            self.by_key[launch.key] = launch
            for kind, keys in self._subjects(launch).items():
                for key in keys:
                    self._by[kind][key].append(launch)
                    self._dates[kind][key].append(launch.date or datetime.date.min)

    @staticmethod
    def _subjects(launch: CatalogLaunch) -> dict[ClueKind, Iterable[int]]:
        return {
            kind: [key for key in _attribute(launch, kind) if key is not None]
            for kind in ATTRIBUTE_KINDS
        }

    def of(self, kind: ClueKind, key: int) -> list[CatalogLaunch]:
        return self._by[kind].get(key, [])

    def between(
        self, kind: ClueKind, key: int, first: datetime.date, last: datetime.date
    ) -> list[CatalogLaunch]:
        launches = self.of(kind, key)
        dates = self._dates[kind].get(key, [])
        return launches[bisect.bisect_left(dates, first) : bisect.bisect_right(dates, last)]


def choose_launch(
    index: LaunchIndex,
    *,
    clues: Sequence[Clue],
    dates: Sequence[DateClue],
    published: PartialDate | None,
    failure_report: bool,
) -> Choice:
    """The launch the article is about, or None when the evidence is too thin or split."""
    clues, dates = _distinct_clues(clues), _distinct_dates(dates)
    candidates = _candidates(index, clues, dates, published, failure_report)
    shared_days = _shared_days(candidates, dates)
    names, weights = _name_values(clues), _attribute_weights(clues)
    identified = _identified(clues)
    scored = [
        _score(
            launch,
            names,
            weights,
            dates,
            published,
            failure_report,
            shared_days,
            identified=launch.key in identified,
        )
        for launch in candidates
    ]
    if published is None or published.precision != Precision.DAY:
        _favour_the_latest(scored)
    ranked = sorted(scored, key=lambda item: (-item.points, item.launch.key))
    if not ranked or ranked[0].points < MIN_SCORE:
        return Choice(None, 0.0, tuple(ranked))
    best = ranked[0].points
    margin = best - ranked[1].points if len(ranked) > 1 else best
    if margin < MIN_MARGIN:
        return Choice(None, 0.0, tuple(ranked))
    return Choice(ranked[0].launch, _confidence(best, margin), tuple(ranked))


def _confidence(points: float, margin: float) -> float:
    certainty = min(CONFIDENCE_CEILING, CONFIDENCE_BASE + CONFIDENCE_PER_POINT * points)
    if margin < NARROW_MARGIN:
        certainty -= NARROW_MARGIN_COST
    elif margin < MODEST_MARGIN:
        certainty -= MODEST_MARGIN_COST
    return round(max(certainty, CONFIDENCE_FLOOR), 2)


def is_specific_name(text: str, *, title_case: bool = False) -> bool:
    """A name that picks out one flight: it has a digit ("Soyuz MS-10", "STS-107"), several
    words ("Starship Flight 2"), or is one word that English seldom uses ("Nauka", "Tianhe").
    A common English word ("Image", "Cluster", "Dream") may be a caption's label or an
    ordinary word; word frequencies from wordfreq (Speer, 2022). In a line written in title
    case ("Genesis Was Bringing Home Real Stardust") capitals say nothing, so any English
    word there is an ordinary one."""
    if any(character.isdigit() for character in text):
        return True
    words = _WORD.findall(text)
    if len(words) != 1:
        return len(words) > 1
    word = words[0].casefold()
    if len(word) < 4 or word in GENERIC_PAYLOAD_WORDS:
        return False
    limit = TITLE_CASE_WORD_ZIPF if title_case else COMMON_WORD_ZIPF
    return zipf_frequency(word, "en") < limit


# --------------------------------------------------------------------------- candidates


def _distinct_clues(clues: Sequence[Clue]) -> list[Clue]:
    """Each clue at most three times: the scores count a name's repeats only up to three, and
    a very long text repeats its names thousands of times."""
    seen: dict[Clue, int] = defaultdict(int)
    kept = []
    for clue in clues:
        seen[clue] += 1
        if seen[clue] <= 3:
            kept.append(clue)
    return kept


def _distinct_dates(dates: Sequence[DateClue]) -> list[DateClue]:
    """Each day, month or year once, with its greatest weight (scores take the best date)."""
    best: dict[tuple[int | None, int | None, int | None], DateClue] = {}
    for date in dates:
        key = (date.year, date.month, date.day)
        if key not in best or date.weight > best[key].weight:
            best[key] = date
    return list(best.values())


def _candidates(
    index: LaunchIndex,
    clues: Sequence[Clue],
    dates: Sequence[DateClue],
    published: PartialDate | None,
    failure_report: bool,
) -> set[CatalogLaunch]:
    found: set[CatalogLaunch] = set()
    for clue in clues:
        if clue.kind == ClueKind.MISSION:
            found.update(index.by_key[key] for key in clue.keys if key in index.by_key)
    subjects = {(c.kind, key) for c in clues if c.kind in ATTRIBUTE_KINDS for key in c.keys}
    windows = _windows(dates, published)
    flights = _flight_windows(dates, published)
    days_without_year = {(d.month, d.day) for d in dates if d.year is None and d.month and d.day}
    for kind, key in subjects:
        for first, last in windows + (flights if kind == ClueKind.SPACECRAFT else []):
            found.update(index.between(kind, key, first, last))
        if days_without_year:
            found.update(_on_days_any_year(index.of(kind, key), days_without_year))
    if failure_report and not windows:
        for kind, key in subjects:
            if kind in (ClueKind.VEHICLE, ClueKind.SPACECRAFT):
                failed = [launch for launch in index.of(kind, key) if launch.failed]
                if len(failed) <= FAILED_WITHOUT_DATE_LIMIT:
                    found.update(failed)
    return found


def _windows(
    dates: Sequence[DateClue], published: PartialDate | None
) -> list[tuple[datetime.date, datetime.date]]:
    windows = []  # (the dates are distinct, so are their windows)
    for date in dates:
        first = date.first_day
        if first is None:
            continue
        if date.day:
            windows.append((first - NEARBY_WINDOW, first + NEARBY_WINDOW))
        else:
            windows.append((first, PartialDate.within(first, Precision.MONTH).last))
    if published is not None:
        windows.append((published.first - PUBLISHED_WINDOW, published.last + DAY))
    return windows


def _flight_windows(
    dates: Sequence[DateClue], published: PartialDate | None
) -> list[tuple[datetime.date, datetime.date]]:
    """Launches of a spacecraft series that may still have been flying on a date the text
    gives (or on the day of publication): a leak in orbit months after launch."""
    days = {date.first_day for date in dates if date.day and date.first_day}
    if published is not None:
        days.add(published.first)
    span = datetime.timedelta(days=LONG_FLIGHT_DAYS)
    return [(day - span, day) for day in sorted(days)]


def _on_days_any_year(
    launches: list[CatalogLaunch], days: set[tuple[int, int]]
) -> list[CatalogLaunch]:
    """The launches within a day of one of `days` (month, day) in any year."""
    return [x for x in launches if x.date and _days_around(x.date) & days]


def _days_around(date: datetime.date) -> set[tuple[int, int]]:
    return {
        ((near := date + datetime.timedelta(days=shift)).month, near.day) for shift in (-1, 0, 1)
    }


def _same_day_any_year(date: datetime.date, month: int, day: int) -> bool:
    return (month, day) in _days_around(date)


# --------------------------------------------------------------------------- scoring


def _score(
    launch: CatalogLaunch,
    names: dict[int, list[float]],
    weights: dict[tuple[ClueKind, int], float],
    dates: Sequence[DateClue],
    published: PartialDate | None,
    failure_report: bool,
    shared_days: dict[tuple[int, int], int],
    *,
    identified: bool,
) -> Scored:
    scored = Scored(launch)
    scored.add(_name_points(launch, names), Evidence.NAMED)
    for kind, points in _attribute_points(launch, weights):
        scored.add(points, Evidence(kind))
    flying = Evidence.NAMED in scored.parts or Evidence.SPACECRAFT in scored.parts
    dated = _date_points(launch, dates, flying=flying, shared_days=shared_days)
    scored.add(dated or _dated_elsewhere(launch, dates, flying=identified), Evidence.DATED)
    scored.add(_published_points(launch, published), Evidence.PUBLISHED)
    if failure_report and launch.failed:
        scored.add(FAILED_LAUNCH, Evidence.FAILED)
    elif failure_report and not flying:
        # A launch that went well, named by nothing but its rocket and date, is not the
        # subject of a failure report.
        scored.add(UNNAMED_SUCCESS, Evidence.FLEW)
    return scored


def _favour_the_latest(scored: list[Scored]) -> None:
    """With no day of publication, of launches with nearly the same evidence the latest is
    the news; the others are the background it recalls."""
    if not scored:
        return
    best = max(item.points for item in scored)
    close = [item for item in scored if item.points >= best - LATEST_WITHIN and item.launch.date]
    if len(close) > 1:
        max(close, key=lambda item: item.launch.date or datetime.date.min).add(
            LATEST, Evidence.LATEST
        )


def _shared_days(
    candidates: Iterable[CatalogLaunch], dates: Sequence[DateClue]
) -> dict[tuple[int, int], int]:
    """For each day the text gives without a year, how many candidates launched on it."""
    counts = {}
    for date in dates:
        if date.year is None and date.month and date.day:
            counts[(date.month, date.day)] = sum(
                1
                for launch in candidates
                if launch.date and _same_day_any_year(launch.date, date.month, date.day)
            )
    return counts


def _name_values(clues: Sequence[Clue]) -> dict[int, list[float]]:
    """For each launch the article names, the values of its names, greatest first."""
    values: dict[int, list[float]] = defaultdict(list)
    for clue in clues:
        if clue.kind == ClueKind.MISSION:
            for key in set(clue.keys):
                values[key].append(_name_value(clue))
    return {key: sorted(found, reverse=True) for key, found in values.items()}


def _identified(clues: Sequence[Clue]) -> set[int]:
    """The launches the text names outright: by a specific name, or by an ordinary one it
    repeats ("the Genesis capsule" ... "Genesis crossed Idaho" ...)."""
    counts: dict[int, int] = defaultdict(int)
    found = set()
    for clue in clues:
        if clue.kind == ClueKind.MISSION:
            for key in set(clue.keys):
                counts[key] += 1
                if clue.specific or counts[key] >= NAMED_OFTEN:
                    found.add(key)
    return found


def _name_points(launch: CatalogLaunch, names: dict[int, list[float]]) -> float:
    values = names.get(launch.key)
    if not values:
        return 0.0
    return values[0] + REPEATED_NAME * min(2, len(values) - 1)


def _name_value(clue: Clue) -> float:
    value = SPECIFIC_NAME if clue.specific else ORDINARY_NAME
    if len(clue.keys) > SHARED_NAME_LIMIT:
        value *= SHARED_NAME_FACTOR
    return value * clue.weight


def _attribute_weights(clues: Sequence[Clue]) -> dict[tuple[ClueKind, int], float]:
    """For each (kind, record) the article names, the greatest weight of its mentions."""
    weights: dict[tuple[ClueKind, int], float] = {}
    for clue in clues:
        if clue.kind in ATTRIBUTE_KINDS:
            for key in clue.keys:
                weights[(clue.kind, key)] = max(weights.get((clue.kind, key), 0.0), clue.weight)
    return weights


def _attribute_points(
    launch: CatalogLaunch, weights: dict[tuple[ClueKind, int], float]
) -> list[tuple[ClueKind, float]]:
    best: dict[ClueKind, float] = {}
    for kind in ATTRIBUTE_KINDS:
        for key in {key for key in _attribute(launch, kind) if key is not None}:
            if (kind, key) in weights:
                points = ATTRIBUTE_POINTS[kind] * weights[(kind, key)]
                best[kind] = max(best.get(kind, 0.0), points)
    if ClueKind.VEHICLE in best:
        best.pop(ClueKind.FAMILY, None)  # the family says nothing more than the vehicle
    return sorted(best.items())


def _attribute(launch: CatalogLaunch, kind: ClueKind) -> Iterable[int | None]:
    """The records of one kind the launch has (its agencies; else one, or None)."""
    if kind == ClueKind.AGENCY:
        return launch.agencies
    one = {
        ClueKind.VEHICLE: launch.vehicle,
        ClueKind.FAMILY: launch.family,
        ClueKind.SPACECRAFT: launch.spacecraft,
        ClueKind.SITE: launch.site,
    }
    return (one[kind],)


def _date_points(
    launch: CatalogLaunch,
    dates: Sequence[DateClue],
    *,
    flying: bool,
    shared_days: dict[tuple[int, int], int],
) -> float:
    if launch.date is None:
        return 0.0
    launched = launch.date
    return max(
        (_one_date(launched, date, flying, shared_days) * date.weight for date in dates),
        default=0.0,
    )


def _dated_elsewhere(launch: CatalogLaunch, dates: Sequence[DateClue], *, flying: bool) -> float:
    """An article that dates its event to the day seldom reports a launch far from it; when
    it names the payload outright (`flying`), any day after the launch may be one of its
    flight (a probe reaches its target years later)."""
    days = [date.first_day for date in dates if date.day and date.first_day]
    if launch.date is None or not days:
        return 0.0
    first = launch.date - DATED_ELSEWHERE_BEFORE
    last = datetime.date.max if flying else launch.date + datetime.timedelta(days=LONG_FLIGHT_DAYS)
    return 0.0 if any(first <= day <= last for day in days) else DATED_ELSEWHERE


def _one_date(
    launched: datetime.date,
    date: DateClue,
    flying: bool,
    shared_days: dict[tuple[int, int], int],
) -> float:
    """Points for one date of the text against the day of a launch. `flying`: the launch's
    payload is named, so a date some weeks or months later may be an event of its flight."""
    if date.year is None:
        if date.month and date.day and _same_day_any_year(launched, date.month, date.day):
            return SAME_DAY_NO_YEAR / max(1, shared_days.get((date.month, date.day), 1))
        return 0.0
    if date.month is None:
        return SAME_YEAR if launched.year == date.year else 0.0
    if date.day is None:
        return SAME_MONTH if (launched.year, launched.month) == (date.year, date.month) else 0.0
    first_day = date.first_day
    if first_day is None:
        return 0.0
    distance = (first_day - launched).days
    if abs(distance) <= 1:
        return SAME_DAY
    if abs(distance) <= NEARBY_WINDOW.days:
        return NEAR_DAY
    if flying and 0 < distance <= IN_FLIGHT_DAYS:
        return IN_FLIGHT
    if flying and 0 < distance <= LONG_FLIGHT_DAYS:
        return LONG_FLIGHT
    if (launched.year, launched.month) == (date.year, date.month):
        return SAME_MONTH
    return 0.0


def _published_points(launch: CatalogLaunch, published: PartialDate | None) -> float:
    if published is None or launch.date is None:
        return 0.0
    if launch.date > published.last + DAY:
        return PUBLISHED_BEFORE  # (a day's grace: the page's date is local, the launch's UTC)
    if published.precision == Precision.YEAR:
        return PUBLISHED_YEAR if launch.date >= published.first else 0.0
    if published.precision == Precision.MONTH:
        previous_month = (published.first - DAY).replace(day=1)
        return PUBLISHED_MONTH if launch.date >= previous_month else 0.0
    waited = (published.first - launch.date).days
    if waited < 0:
        return 0.0
    if waited <= 3:
        return PUBLISHED_SOON_AFTER
    if waited <= 14:
        return PUBLISHED_WEEKS_AFTER
    return 0.0
