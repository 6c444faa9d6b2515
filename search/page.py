"""What the /search/ page shows, built from its URL: the reading of the query as removable
chips, ranked incidents, facets as links that add a filter, quick links, articles."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, cast
from urllib.parse import urlencode

from incidents.filters import IncidentFilter
from incidents.links import fixed_url, url_of
from incidents.models import Incident, IncidentQuerySet
from search.core import (
    ArticleResults,
    FacetValue,
    IncidentResults,
    facet_counts,
    search_articles,
    search_incidents,
)
from search.query import Understood, understand

# The incident list's filters, which combine with the query; all live in the URL.
FILTER_FIELDS = (
    "vehicle",
    "family",
    "agency",
    "site",
    "outcome",
    "kind",
    "fatal",
    "phase",
    "cause",
    "date_from",
    "date_to",
)
FILTER_LABELS = {
    "vehicle": "vehicle",
    "family": "vehicle family",
    "agency": "agency",
    "site": "launch site",
    "outcome": "outcome",
    "kind": "kind of incident",
    "fatal": "fatalities",
    "phase": "flight phase",
    "cause": "cause",
    "date_from": "from",
    "date_to": "to",
}
CHOICE_FIELDS = frozenset({"outcome", "kind", "fatal", "phase", "cause"})
# A request's GET parameters (a QueryDict) or any mapping like them.
Params = Mapping[str, Any]
EXAMPLES = ["soyuz 2016", '"third stage"', "Antares explosion", "Прогресс", "dec 2016"]


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    note: str = ""
    count: int | None = None
    active: bool = False


@dataclass
class SearchPage:
    query: str = ""
    understood: Understood = field(default_factory=lambda: Understood(query=""))
    chips: list[Link] = field(default_factory=list)
    results: IncidentResults | None = None
    facets: list[tuple[str, list[Link]]] = field(default_factory=list)
    articles: ArticleResults = field(default_factory=ArticleResults)
    quick_links: list[Link] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    suggestions: list[Link] = field(default_factory=list)
    query_string: str = ""
    filters: dict[str, str] = field(default_factory=dict)  # kept when the words change
    nothing_to_search: bool = False

    @property
    def searched(self) -> bool:
        return self.results is not None

    @property
    def reading(self) -> str:
        return self.understood.label


class _Params:
    """The page's URL parameters, and URLs that change one of them (never the page number)."""

    def __init__(self, values: dict[str, str]):
        self.values = {k: v for k, v in values.items() if v}

    def url(self, **changes: str | None) -> str:
        values = {**self.values, **changes}
        query = urlencode({k: v for k, v in values.items() if v})
        return fixed_url("search:search") + (f"?{query}" if query else "")

    def query_string(self) -> str:
        return urlencode(self.values)


def search_page(params: Params) -> SearchPage:
    """Everything the search page shows for these GET parameters."""
    understood = understand(params.get("q", ""))
    data, filterset = _filters(params)
    page = SearchPage(query=understood.query, understood=understood, filters=data)
    page.errors = _filter_errors(data, filterset)
    if understood.is_empty and not data:
        page.nothing_to_search = bool(understood.query)
        page.suggestions = _examples()
        return page
    results = search_incidents(
        understood, base=_base(data, filterset), page=params.get("page"), browse=True
    )
    understood = results.understood
    url_params = _Params({"q": understood.query, **data})
    page.understood = understood
    page.query = understood.query
    page.results = results
    page.query_string = url_params.query_string()
    page.chips = _chips(understood, url_params, filterset, data)
    page.quick_links = [
        Link(link.name, url_of(link.url_name, link.slug), link.kind_label)
        for link in understood.links
    ]
    page.facets = _facets(results, url_params, data)
    page.articles = search_articles(understood)  # as corrected, if it was
    if not results.candidates:
        page.suggestions = _suggestions(page, url_params)
    return page


def ranked_incident_ids(params: Params) -> tuple[list[int], list[str]]:
    """The ids of every incident the search page ranks for these GET parameters (up to its
    cap), best first, and why any filter was ignored (for exports of a search)."""
    understood = understand(params.get("q", ""))
    data, filterset = _filters(params)
    errors = _filter_errors(data, filterset)
    if understood.is_empty and not data:
        return [], errors
    results = search_incidents(understood, base=_base(data, filterset), browse=True, per_page=1)
    return [candidate.id for candidate in results.candidates], errors


def _filters(params: Params) -> tuple[dict[str, str], IncidentFilter]:
    data = {name: params.get(name, "").strip() for name in FILTER_FIELDS}
    data = {name: value for name, value in data.items() if value}
    return data, IncidentFilter(data or None, queryset=Incident.objects.published())


def _filter_errors(data: dict[str, str], filterset: IncidentFilter) -> list[str]:
    if not data:
        return []
    return [
        f"The {FILTER_LABELS[name]} filter was ignored: {' '.join(messages)}"
        for name, messages in filterset.errors.items()
    ]


def _base(data: dict[str, str], filterset: IncidentFilter) -> IncidentQuerySet:
    return cast(IncidentQuerySet, filterset.qs) if data else Incident.objects.published()


def _chips(
    understood: Understood, params: _Params, filterset: IncidentFilter, data: dict[str, str]
) -> list[Link]:
    chips = [
        Link(entity.label, params.url(q=understood.without(entity.span)), entity.kind)
        for entity in understood.entities
    ]
    if understood.ordinal:
        remove = params.url(q=understood.without(understood.ordinal.span))
        chips.append(Link(understood.ordinal.label, remove, "launch"))
    if understood.period:
        remove = params.url(q=understood.without(*understood.period.spans))
        chips.append(Link(understood.period.label, remove, "date"))
    cleaned = filterset.form.cleaned_data if data else {}
    for name in FILTER_FIELDS:
        value = cleaned.get(name)
        if not value or name not in data:
            continue
        if name in CHOICE_FIELDS:
            choices = cast(list[tuple[str, str]], filterset.form.fields[name].choices)  # type: ignore[attr-defined]
            label = dict(choices).get(value, value)
        elif name in {"date_from", "date_to"}:
            label = f"{FILTER_LABELS[name]} {data[name]}"
        else:
            label = value.name
        chips.append(Link(label, params.url(**{name: None}), FILTER_LABELS[name]))
    return chips


def _facets(
    results: IncidentResults, params: _Params, data: dict[str, str]
) -> list[tuple[str, list[Link]]]:
    facets = facet_counts(results.candidates)
    if not facets:
        return []
    allowed_outcomes = {v for v, _ in IncidentFilter.base_filters["outcome"].extra["choices"]}

    def links(
        values: list[FacetValue],
        name: str,
        to_params: Callable[[str], dict[str, str]] | None = None,
    ) -> list[Link]:
        made = []
        for value in values:
            changes = to_params(value.value) if to_params else {name: value.value}
            active = all(data.get(k) == v for k, v in changes.items())
            removed: dict[str, str | None] = dict.fromkeys(changes)
            url = params.url(**(removed if active else changes))
            made.append(Link(value.label, url, count=value.count, active=active))
        return made

    def decade(value: str) -> dict[str, str]:
        return {"date_from": value, "date_to": str(int(value) + 9)}

    def year(value: str) -> dict[str, str]:
        return {"date_from": value, "date_to": value}

    sections = [
        ("Vehicle family", links(facets.families, "family")),
        ("Agency", links(facets.agencies, "agency")),
        ("Outcome", links([v for v in facets.outcomes if v.value in allowed_outcomes], "outcome")),
        ("Decade", links(facets.decades, "", decade)),
        ("Year", links(facets.years, "", year)),
    ]
    return [(title, values) for title, values in sections if values]


def _suggestions(page: SearchPage, params: _Params) -> list[Link]:
    """For an empty result: drop what narrows it, then other searches."""
    suggestions = [Link(f"without “{chip.label}”", chip.url) for chip in page.chips]
    if page.understood.clauses and (page.understood.has_filters or len(params.values) > 1):
        suggestions.append(Link("only the words", params.url(**dict.fromkeys(FILTER_FIELDS))))
    return suggestions + _examples()


def _examples() -> list[Link]:
    search = fixed_url("search:search")
    return [Link(example, f"{search}?{urlencode({'q': example})}") for example in EXAMPLES]
