"""Turning text we did not write into HTML we can trust."""

import bleach
import markdown
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.dateformat import format as format_date
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from incidents import menus
from incidents.models import IncidentKind

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


def render_markdown(text: str) -> SafeString:
    """Markdown to HTML, then through bleach's allow-list: no scripts, handlers or js: links."""
    html = markdown.markdown(text or "", extensions=["sane_lists"], output_format="html")
    cleaned = bleach.clean(
        html,
        tags=SUMMARY_TAGS,
        attributes=SUMMARY_ATTRIBUTES,
        protocols=SAFE_PROTOCOLS,
        strip=True,
        strip_comments=True,
    )
    return mark_safe(cleaned)  # noqa: S308 - bleach has sanitised it just above


def incident_rows(incidents, *, empty_message: str = "") -> SafeString:
    """A list of incidents as `<ol class="incident-list">`, or the empty message."""
    if not incidents:
        return format_html('<p class="empty">{}</p>', empty_message or "No incidents match.")
    rows = format_html_join("\n", "{}", ((incident_row(incident),) for incident in incidents))
    return format_html('<ol class="incident-list">\n{}\n</ol>', rows)


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
    rows, and the template language took ten times as long for them."""
    meta = [format_html('<time datetime="{}">{}</time>', incident.date_iso, incident.date_display)]
    if incident.kind in (IncidentKind.LAUNCH, IncidentKind.PAD):
        label, css = incident.get_outcome_display(), incident.outcome
    else:  # the launch went well: what went wrong is the news
        label, css = incident.get_kind_display(), f"kind-{incident.kind}"
    meta.append(format_html('<span class="outcome outcome-{}">{}</span>', css, label))
    if incident.fatalities:
        meta.append(
            format_html('<span class="fatalities">{} killed</span>', intcomma(incident.fatalities))
        )
    if flight_phase and incident.flight_phase != "unknown":
        meta.append(conditional_escape(incident.get_flight_phase_display()))
    meta += [conditional_escape(name) for name in _link_names(incident)]
    if incident.site_id:
        meta.append(conditional_escape(incident.site.name))
    # annotated by with_source_count() on the lists
    sources, mentions = getattr(incident, "source_count", 0), getattr(incident, "mention_count", 0)
    if sources:
        meta.append(source_count_html(sources))
    if mentions:
        meta.append(mention_count_html(mentions, also=bool(sources)))
    snippet = format_html('\n  <p class="snippet">{}</p>', snippet_html) if snippet_html else ""
    return format_html(
        '<li>\n  <a class="title" href="{}">{}</a>\n  <div class="meta">{}</div>{}\n</li>',
        incident.get_absolute_url(),
        incident.title if title_html is None else title_html,
        mark_safe(" · ".join(meta)),  # noqa: S308 - every part is escaped above
        snippet,
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
    """Citations as `<ol>`: each quote, then its article's title (a link to the passage),
    publisher and, when `numbered`, date, with ids cite-1, cite-2… An incident page has dozens
    of citations; the template language took five times as long for them."""
    if not citations:
        return mark_safe("")
    items = []
    for number, citation in enumerate(citations, start=1):
        article = citation.article
        source = [format_html('<a href="{}">{}</a>', citation.get_absolute_url(), article.title)]
        if article.publisher_name:  # the publisher, else the site of its address
            source.append(conditional_escape(article.publisher_name))
        if numbered and article.published_on:
            source.append(conditional_escape(format_date(article.published_on, "j F Y")))
        items.append(
            format_html(
                "<li{}><blockquote>{}</blockquote>\n{}</li>",
                format_html(' id="cite-{}"', number) if numbered else "",
                citation.quote,
                mark_safe(", ".join(source)),  # noqa: S308 - every part is escaped above
            )
        )
    return format_html("<ol>\n{}\n</ol>", mark_safe("\n".join(items)))  # noqa: S308
