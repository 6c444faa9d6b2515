from django import template

from incidents import rendering
from incidents.rendering import render_markdown

register = template.Library()

CHART_HEIGHT = 120
BAR_GAP = 1


@register.filter
def markdown(text):
    return render_markdown(text)


@register.simple_tag
def incident_rows(incidents, empty_message=""):
    """{% incident_rows page.object_list "No incidents match." %}"""
    return rendering.incident_rows(incidents, empty_message=empty_message)


@register.simple_tag
def citation_list(citations, numbered=True):
    """{% citation_list citations %}, or numbered=False for those mentioned in passing."""
    return rendering.citation_list(citations, numbered=numbered)


@register.simple_tag
def search_hit(hit):
    """One ranked incident: its marked title and snippet, and its flight phase."""
    return rendering.incident_row(
        hit.incident, title_html=hit.title_html, snippet_html=hit.snippet_html, flight_phase=True
    )


@register.inclusion_tag("incidents/_yearly_chart.html")
def yearly_chart(records):
    """Launches (grey) and failures (red) per year as bars, drawn on the server as SVG."""
    if not records:
        return {"bars": []}
    peak = max(r.launches for r in records) or 1
    width = max(4, min(16, 640 // len(records)))
    bars = []
    for index, record in enumerate(records):
        launches_h = round(record.launches / peak * CHART_HEIGHT, 1)
        failures_h = round(record.failures / peak * CHART_HEIGHT, 1)
        bars.append(
            {
                "record": record,
                "x": index * width,
                "width": width - BAR_GAP,
                "launches_y": CHART_HEIGHT - launches_h,
                "launches_h": launches_h,
                "failures_y": CHART_HEIGHT - failures_h,
                "failures_h": failures_h,
            }
        )
    return {
        "bars": bars,
        "width": len(records) * width,
        "height": CHART_HEIGHT,
        "first": records[0].year,
        "last": records[-1].year,
        "launches": sum(r.launches for r in records),
        "failures": sum(r.failures for r in records),
    }
