from django import template

from incidents import menus, rendering, statistics, statistics_numbers
from incidents.rendering import render_markdown

register = template.Library()


@register.filter
def grouped_agencies(agencies):
    """Agencies as people name them, each with its listed centres (menus.agency_groups)."""
    return menus.agency_groups(agencies)


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
def facts_table(rows, sources):
    """{% facts_table fact_rows fact_sources %}"""
    return rendering.facts_table(rows, sources)


@register.simple_tag
def search_hit(hit):
    """One ranked incident: its marked title and snippet, and its flight phase."""
    return rendering.incident_row(
        hit.incident, title_html=hit.title_html, snippet_html=hit.snippet_html, flight_phase=True
    )


@register.inclusion_tag("incidents/_yearly_chart.html")
def yearly_chart(records, name: str):
    """{% yearly_chart chart object.name %}: the launches (records from
    services.yearly_record) and failures of `name` per year, with axes, a legend and a table,
    as on the statistics page."""
    years = statistics_numbers.every_year(records)
    return {"figure": statistics.yearly_figure(years, f"{name} launches"), "id": "yearly"}
