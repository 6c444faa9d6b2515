"""The SVG marks and table rows of the statistics charts, written as HTML strings in Python.

A chart of every year since 1957 has over a thousand elements; drawn by template loops it
cost thousands of variable lookups and number formattings per request. Here each element is
one f-string, and statistics.py keeps the results per data version. Numbers are written as
the templates wrote them inside `{% localize off %}` (str(): "12", "12.5"); text is escaped
as the templates' autoescape does.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape  # what Django's escape() does, without its check for lazy text

from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.defaultfilters import floatformat
from django.utils.safestring import SafeString, mark_safe

from incidents.charts import Axes, BarChart, Label, Line, RateChart


def bar_marks(chart: BarChart) -> SafeString:
    """A bar chart's axes lines, bars (each with its tooltip) and labels, inside its <svg>."""
    bars = "".join(
        f"<g><title>{escape(bar.title)}</title>"
        + "".join(
            f'<rect class="{escape(r.css)}" x="{r.x}" y="{r.y}" width="{r.width}" '
            f'height="{r.height}"/>'
            for r in bar.rects
        )
        + "</g>"
        for bar in chart.bars
    )
    return mark_safe(f"\n{_lines(chart.axes.lines)}\n{bars}\n{_labels(chart.axes)}\n")


def rate_marks(chart: RateChart) -> SafeString:
    """A success rate chart's axes, bands, whiskers, lines, dots and labels, one kind a line
    of markup (indented as the page's <svg> content)."""
    indent = "\n          "
    parts = [
        _lines(chart.axes.lines),
        "".join(f'<polygon class="band" points="{band}"/>' for band in chart.bands),
        _lines(chart.whiskers),
        "".join(f'<polyline class="rate" points="{points}"/>' for points in chart.lines),
        "".join(
            f'<circle class="rate-dot" cx="{dot.x}" cy="{dot.y}" r="3.5">'
            f"<title>{escape(dot.title)}</title></circle>"
            for dot in chart.dots
        ),
        _labels(chart.axes),
    ]
    return mark_safe(indent.join(parts))


def _lines(lines: Iterable[Line]) -> str:
    return "".join(
        f'<line class="{escape(line.css)}" x1="{line.x1}" y1="{line.y1}" x2="{line.x2}" '
        f'y2="{line.y2}"/>'
        for line in lines
    )


def _labels(axes: Axes) -> str:
    return "".join(_label(label) for label in axes.labels)


def _label(label: Label) -> str:
    turned = f' transform="rotate(-90 {label.x} {label.y})"' if label.rotate else ""
    return (
        f'<text class="{escape(label.css)}" x="{label.x}" y="{label.y}"{turned}>'
        f"{escape(label.text)}</text>"
    )


def table_rows(rows: Iterable[Iterable[object]], indent: str) -> SafeString:
    """<tr>s of a header cell and data cells each, escaped unless marked safe, each row
    followed by a newline and `indent` (as a template's `{% for %}` over rows on their own
    lines wrote them)."""
    return mark_safe(
        "".join(
            f'<tr><th scope="row">{_cell(head)}</th>'
            + "".join(f"<td>{_cell(cell)}</td>" for cell in cells)
            + f"</tr>\n{indent}"
            for head, *cells in rows
        )
    )


def _cell(value: object) -> str:
    """`value` as a template writes it: escaped unless it is HTML already."""
    return value.__html__() if hasattr(value, "__html__") else escape(str(value))


def with_commas(number: int) -> str:
    """A number as the templates' `|intcomma` writes it ("4,672")."""
    return str(intcomma(number))


def whole_with_commas(number: float) -> str:
    """A number rounded to a whole one as `|floatformat:0|intcomma` writes it ("1,827")."""
    return str(intcomma(floatformat(number, 0)))
