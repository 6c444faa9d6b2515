"""Turning text we did not write into HTML we can trust."""

import functools
from html import escape

import bleach
import markdown
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from incidents import menus
from incidents.models import IncidentKind
from incidents.partial_dates import Precision, format_partial_date

SUMMARY_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "a",
    "h3",
    "h4",
    "hr",
}
SUMMARY_ATTRIBUTES = {"a": ["href", "title"]}
SAFE_PROTOCOLS = {"http", "https", "mailto"}
REMEMBERED_SUMMARIES = 1000


def render_markdown(text: str) -> SafeString:
    """Markdown to HTML, then through bleach's allow-list: no scripts, handlers or js: links."""
    return mark_safe(_cleaned_markdown(text or ""))  # noqa: S308 - bleach has sanitised it


# Remembered by the text itself, so never stale: an incident's page and the feeds render the
# same summaries again and again, and Markdown with bleach took 0.3-0.4 ms for a summary of a
# few sentences.
@functools.lru_cache(maxsize=REMEMBERED_SUMMARIES)
def _cleaned_markdown(text: str) -> str:
    html = markdown.markdown(text, extensions=["sane_lists"], output_format="html")
    return bleach.clean(
        html,
        tags=SUMMARY_TAGS,
        attributes=SUMMARY_ATTRIBUTES,
        protocols=SAFE_PROTOCOLS,
        strip=True,
        strip_comments=True,
    )


def incident_rows(incidents, *, empty_message: str = "") -> SafeString:
    """A list of incidents as `<ol class="incident-list">`, or the empty message."""
    if not incidents:
        return format_html('<p class="empty">{}</p>', empty_message or "No incidents match.")
    rows = "\n".join(incident_row(incident) for incident in incidents)
    return mark_safe(f'<ol class="incident-list">\n{rows}\n</ol>')  # noqa: S308 - escaped rows


def incident_row(
    incident,
    *,
    title_html: SafeString | None = None,
    snippet_html: SafeString | None = None,
    flight_phase: bool = False,
) -> SafeString:
    """One incident as a list item: its title as a link, then date, outcome, (flight phase),
    vehicles, agencies, site and, when the rows were annotated `with_source_count`, how many
    sources its page cites. Written in Python rather than a template: a page has up to 25
    rows, and the template language took ten times as long for them; with f-strings and
    every text escaped here, as `citation_list` (format_html took twice as long)."""
    meta = [f'<time datetime="{escape(incident.date_iso)}">{escape(incident.date_display)}</time>']
    if incident.kind in (IncidentKind.LAUNCH, IncidentKind.PAD):
        label, css = incident.get_outcome_display(), incident.outcome
    else:  # the launch went well: what went wrong is the news
        label, css = incident.get_kind_display(), f"kind-{incident.kind}"
    meta.append(f'<span class="outcome outcome-{escape(css)}">{escape(label)}</span>')
    if incident.fatalities:
        meta.append(
            f'<span class="fatalities">{escape(intcomma(incident.fatalities))} killed</span>'
        )
    if flight_phase and incident.flight_phase != "unknown":
        meta.append(escape(incident.get_flight_phase_display()))
    meta += [escape(name) for name in _link_names(incident)]
    if incident.site_id:
        meta.append(escape(incident.site.name))
    # annotated by with_source_count() on the lists
    sources, mentions = getattr(incident, "source_count", 0), getattr(incident, "mention_count", 0)
    if sources:
        meta.append(source_count_html(sources))
    if mentions:
        meta.append(mention_count_html(mentions, also=bool(sources)))
    title = escape(incident.title) if title_html is None else conditional_escape(title_html)
    snippet = (
        f'\n  <p class="snippet">{conditional_escape(snippet_html)}</p>' if snippet_html else ""
    )
    return mark_safe(  # noqa: S308 - every part is escaped above
        f'<li>\n  <a class="title" href="{escape(incident.get_absolute_url())}">{title}</a>\n'
        f'  <div class="meta">{" · ".join(meta)}</div>{snippet}\n</li>'
    )


def _link_names(incident) -> list[str]:
    """The row's vehicles, then its agencies as people name them: read with the row
    (`row_vehicle_names`, `row_agency_names`: services.family_neighbours), else named from
    the filter menus."""
    vehicles = getattr(incident, "row_vehicle_names", None)
    if vehicles is None:
        vehicles = [v.name for v in menus.row_vehicles(incident)]
    agencies = getattr(incident, "row_agency_names", None)
    if agencies is None:
        agencies = [a.name for a in menus.row_agencies(incident)]
    return [*vehicles, *agencies]


def source_count_html(count: int) -> SafeString:
    """“1 source”, “3 sources”: the articles that report the incident (its page lists them)."""
    noun = "source" if count == 1 else "sources"
    return format_html('<span class="sources">{} {}</span>', intcomma(count), noun)


def mention_count_html(count: int, *, also: bool) -> SafeString:
    """“also mentioned in 2 articles”: articles that mention the incident only in passing."""
    noun = "article" if count == 1 else "articles"
    words = "also mentioned in" if also else "mentioned in"
    return format_html('<span class="mentions">{} {} {}</span>', words, intcomma(count), noun)


def citation_list(citations, *, numbered: bool = True) -> SafeString:
    """Citations (services.CitedPassage) as `<ol>`: each quote, then its article's title (a
    link to the passage), publisher and, when `numbered`, date, with ids cite-1, cite-2… An
    incident page has dozens of citations: the template language took five times as long
    for them, and format_html a third of the time this takes; every text is escaped here."""
    if not citations:
        return mark_safe("")
    items = []
    for number, citation in enumerate(citations, start=1):
        article = citation.article
        source = f'<a href="{escape(citation.url)}">{escape(article.title)}</a>'
        if article.publisher_name:  # the publisher, else the site of its address
            source += f", {escape(article.publisher_name)}"
        if numbered and article.published_on:
            source += f", {format_partial_date(article.published_on, Precision.DAY)}"
        anchor = f' id="cite-{number}"' if numbered else ""
        items.append(
            f"<li{anchor}><blockquote>{escape(citation.quote)}</blockquote>\n{source}</li>"
        )
    return mark_safe("<ol>\n" + "\n".join(items) + "\n</ol>")  # noqa: S308 - escaped above


def facts_table(rows, sources) -> SafeString:
    """The facts table (facts.facts_table's rows and numbered sources): each fact, what each
    source says of it (where they disagree, who says what) and the list of sources. Written
    in Python for the reason of `incident_row`: the template language took four times as
    long, and every incident page has the table; with f-strings and every text escaped here,
    as `citation_list` (format_html took half the time of a table of 70 facts)."""
    body = "".join(_fact_row(row) for row in rows)
    listed = "".join(
        f'\n      <li id="fact-source-{source.number}"><a href="{escape(source.url)}">'
        f"{escape(source.label)}</a></li>\n    "
        for source in sources
    )
    return mark_safe(  # noqa: S308 - every text is escaped here and in _fact_row
        '<section class="facts-table">\n    <h2>Facts and who states them</h2>\n    <table>\n'
        '      <thead><tr><th scope="col">Fact</th><th scope="col">What the sources say</th>'
        f"</tr></thead>\n      <tbody>\n      {body}\n      </tbody>\n    </table>\n"
        f'    <ol class="fact-sources">\n    {listed}\n    </ol>\n  </section>'
    )


def _fact_row(row) -> str:
    statements = "".join(_statement(statement, row.disagree) for statement in row.statements)
    marked = ' class="disagreement"' if row.disagree else ""
    differ = '<p class="sources-differ">The sources differ:</p>' if row.disagree else ""
    return (
        f'\n        <tr{marked}>\n          <th scope="row">{escape(row.label)}</th>\n'
        f"          <td>\n            {differ}\n"
        f'            <ul class="statements">\n            {statements}\n            </ul>\n'
        "          </td>\n        </tr>\n      "
    )


def _statement(statement, disagree: bool) -> str:
    also = ""
    if len(statement.values) > 1:
        words = ", ".join(f"“{escape(value)}”" for value in statement.values[1:])
        also = f' <span class="muted">(also written {words})</span>'
    links = "".join(
        f'<a class="fact-source" href="#fact-source-{source.number}" '
        f'title="{escape(source.label)}">[{source.number}]</a>'
        for source in statement.sources
    )
    said_by = ""
    if disagree:
        labels = "; ".join(escape(source.label) for source in statement.sources)
        said_by = f'<span class="said-by">— {labels}</span>'
    return (
        f'\n              <li><span class="value">{escape(statement.value)}</span>{also}\n'
        f"                {links}\n                {said_by}\n              </li>\n            "
    )
