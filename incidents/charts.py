"""Chart geometry for server-drawn SVG: scales, round ticks, axes, bars and a line with a band.

Plain Python, no Django: the functions take numbers and labels and return frozen dataclasses
of positions in a chart's own coordinates (its viewBox); templates only draw them. What an
element looks like is a CSS class, so that the site's colours (and dark mode) apply.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

NICE_STEPS = (1, 2, 2.5, 5, 10)
TICK_LENGTH = 5
LABEL_GAP = 8
YEAR_STEPS = ((1, 1), (2, 1), (5, 1), (10, 5), (20, 10), (50, 10))  # (labelled, minor) years
YEAR_LABEL_SPACING = 56  # the least room for a year's label


@dataclass(frozen=True)
class Box:
    """A chart's size and the margins around its plot area (for the axes' labels)."""

    width: int
    height: int
    left: int = 64
    right: int = 16
    top: int = 16
    bottom: int = 56

    @property
    def plot_right(self) -> int:
        return self.width - self.right

    @property
    def plot_bottom(self) -> int:
        return self.height - self.bottom

    @property
    def plot_middle(self) -> float:
        return (self.left + self.plot_right) / 2


@dataclass(frozen=True)
class Scale:
    """Maps values between `low` and `high` linearly onto positions `start` to `end`."""

    low: float
    high: float
    start: float
    end: float

    def __call__(self, value: float) -> float:
        span = (self.high - self.low) or 1
        return round(self.start + (value - self.low) * (self.end - self.start) / span, 1)


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    css: str


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str
    css: str
    rotate: bool = False  # read bottom to top (a y axis title)


@dataclass(frozen=True)
class Axes:
    lines: tuple[Line, ...]
    labels: tuple[Label, ...]


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    css: str


@dataclass(frozen=True)
class Bar:
    """One category's bar: its layers (drawn in order, later ones in front) and its tooltip."""

    title: str
    rects: tuple[Rect, ...]


@dataclass(frozen=True)
class BarSpec:
    """What to draw for one category: (css class, bottom value, top value) per layer."""

    title: str
    layers: tuple[tuple[str, float, float], ...]


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    axes: Axes
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class RatePoint:
    """A proportion (0 to 1) at position `x`, with its interval; `rate` None for a gap."""

    x: float
    rate: float | None
    low: float | None
    high: float | None
    title: str


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    title: str


@dataclass(frozen=True)
class RateChart:
    width: int
    height: int
    axes: Axes
    bands: tuple[str, ...]  # polygon points, one per unbroken run of points
    whiskers: tuple[Line, ...]  # the interval of a point alone in its run
    lines: tuple[str, ...]  # polyline points, one per run of two or more points
    dots: tuple[Dot, ...]


def nice_ticks(maximum: float, *, count: int = 5, whole: bool = True) -> list[float]:
    """Round tick values from 0 to the first at or above `maximum`, about `count` steps."""
    if maximum <= 0:
        return [0, 1]
    raw = maximum / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in NICE_STEPS if m * magnitude >= raw)
    if whole:
        step = max(1, math.ceil(step))
    steps = math.ceil(maximum / step - 1e-9)
    return [round(i * step, 10) for i in range(steps + 1)]


def format_tick(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,g}"


def value_axis(
    box: Box, scale: Scale, ticks: Sequence[float], *, title: str, fmt: Callable = format_tick
) -> Axes:
    """Horizontal gridlines with their values on the left, and the axis title beside them."""
    lines = [Line(box.left, scale(t), box.plot_right, scale(t), "grid") for t in ticks]
    labels = [Label(box.left - LABEL_GAP, scale(t) + 4, fmt(t), "tick-label y") for t in ticks]
    middle = (box.top + box.plot_bottom) / 2
    labels.append(Label(16, middle, title, "axis-title", rotate=True))
    return Axes(tuple(lines), tuple(labels))


def category_axis(box: Box, ticks: Sequence[tuple[float, str]], *, title: str) -> Axes:
    """The baseline, a tick and its label under it at each (position, label), the title below.
    A tick without a label is drawn shorter (a minor tick)."""
    base = box.plot_bottom
    lines = [Line(box.left, base, box.plot_right, base, "axis")]
    labels = []
    for x, text in ticks:
        length = TICK_LENGTH if text else TICK_LENGTH / 2
        lines.append(Line(x, base, x, base + length, "axis"))
        if text:
            labels.append(Label(x, base + TICK_LENGTH + 14, text, "tick-label x"))
    labels.append(Label(box.plot_middle, box.height - 10, title, "axis-title"))
    return Axes(tuple(lines), tuple(labels))


def merge(*axes: Axes) -> Axes:
    return Axes(
        tuple(line for a in axes for line in a.lines),
        tuple(label for a in axes for label in a.labels),
    )


def year_ticks(
    first: int, last: int, position: Callable[[float], float]
) -> list[tuple[float, str]]:
    """Ticks from year `first` to `last`, labelled as often as the labels fit (every 1, 2, 5,
    10, 20 or 50 years), with unlabelled minor ticks between."""
    span = last - first
    per_year = abs(position(last) - position(first)) / span if span else math.inf
    every, minor = next(
        (steps for steps in YEAR_STEPS if steps[0] * per_year >= YEAR_LABEL_SPACING),
        YEAR_STEPS[-1],
    )
    return [
        (position(year), str(year) if year % every == 0 else "")
        for year in range(first, last + 1)
        if year % minor == 0
    ]


def bar_chart(
    box: Box,
    specs: Sequence[BarSpec],
    *,
    x_ticks: Callable[[Scale], list[tuple[float, str]]],
    x_title: str,
    y_title: str,
    gap: float = 0.15,
) -> BarChart:
    """One bar per spec, side by side across the plot; `x_ticks` gets the category scale
    (category i is centred on position i + 0.5)."""
    top = max((high for spec in specs for _, _, high in spec.layers), default=0)
    ticks = nice_ticks(top)
    y = Scale(0, ticks[-1], box.plot_bottom, box.top)
    x = Scale(0, max(len(specs), 1), box.left, box.plot_right)
    slot = (box.plot_right - box.left) / max(len(specs), 1)
    width = round(slot * (1 - gap), 1)
    bars = []
    for index, spec in enumerate(specs):
        left = round(x(index) + slot * gap / 2, 1)
        rects = tuple(
            Rect(left, y(high), width, round(y(low) - y(high), 1), css)
            for css, low, high in spec.layers
            if high > low
        )
        bars.append(Bar(spec.title, rects))
    axes = merge(
        value_axis(box, y, ticks, title=y_title), category_axis(box, x_ticks(x), title=x_title)
    )
    return BarChart(box.width, box.height, axes, tuple(bars))


def percent(value: float) -> str:
    return f"{value * 100:.0f}%"


def rate_percent(value: float) -> str:
    """A rate to one decimal ("99.7%"), never rounded to 100% or 0% when it is not: 9,999
    of 10,000 is ">99.9%", so that a failure never hides behind the rounding."""
    text = f"{value * 100:.1f}%"
    if value < 1 and text == "100.0%":
        return ">99.9%"
    if value > 0 and text == "0.0%":
        return "<0.1%"
    return text


def interval_percent(low: float, high: float) -> str:
    """An interval of rates to one decimal: "98.9–100.0%"."""
    return f"{low * 100:.1f}–{high * 100:.1f}%"


def rate_chart(
    box: Box,
    points: Sequence[RatePoint],
    *,
    first: float,
    last: float,
    x_title: str,
) -> RateChart:
    """Proportions over years: a line through the points, a shaded band between their
    intervals, broken where a point has no rate."""
    x = Scale(first, last, box.left, box.plot_right)
    y = Scale(0, 1, box.plot_bottom, box.top)
    ticks = [0, 0.25, 0.5, 0.75, 1]
    axes = merge(
        value_axis(box, y, ticks, title="Success rate", fmt=percent),
        category_axis(box, year_ticks(math.ceil(first), int(last), x), title=x_title),
    )
    bands, whiskers, lines = [], [], []
    for run in _runs(points):
        if len(run) == 1:
            p = run[0]
            whiskers.append(Line(x(p.x), y(p.low), x(p.x), y(p.high), "whisker"))
            continue
        upper = [f"{x(p.x)},{y(p.high)}" for p in run]
        lower = [f"{x(p.x)},{y(p.low)}" for p in reversed(run)]
        bands.append(" ".join(upper + lower))
        lines.append(" ".join(f"{x(p.x)},{y(p.rate)}" for p in run))
    dots = tuple(Dot(x(p.x), y(p.rate), p.title) for p in points if p.rate is not None)
    return RateChart(box.width, box.height, axes, tuple(bands), tuple(whiskers), tuple(lines), dots)


@dataclass(frozen=True)
class _Known:
    """A point with its rate and interval."""

    x: float
    rate: float
    low: float
    high: float


def _runs(points: Sequence[RatePoint]) -> list[list[_Known]]:
    """The points split at the gaps (points without a rate and its interval)."""
    runs: list[list[_Known]] = [[]]
    for point in points:
        if point.rate is None or point.low is None or point.high is None:
            runs.append([])
        else:
            runs[-1].append(_Known(point.x, point.rate, point.low, point.high))
    return [run for run in runs if run]
