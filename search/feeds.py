"""The Atom feed of a search (with the incident list's filters), best first."""

from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest
from django.urls import reverse

from incidents.feeds import ITEMS, TITLE, IncidentFeed
from incidents.models import Incident
from search.page import ranked_incident_ids


@dataclass(frozen=True)
class Search:
    query: str
    query_string: str
    ids: list[int]  # best first


class SearchFeed(IncidentFeed):
    """The incidents a search finds (best first, as the search page ranks them)."""

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Search:
        ids, errors = ranked_incident_ids(request.GET)
        if errors:
            raise Http404(" ".join(errors))
        return Search(request.GET.get("q", "").strip(), request.GET.urlencode(), ids[:ITEMS])

    # Feed calls title, link and items with the object when they take one argument.
    def title(self, search: Search) -> str:  # type: ignore[override]
        return f"{TITLE}: search for “{search.query}”" if search.query else TITLE

    def link(self, search: Search) -> str:  # type: ignore[override]
        return f"{reverse('search:search')}?{search.query_string}"

    def items(self, search: Search) -> list[Incident]:  # type: ignore[override]
        found = Incident.objects.published().select_related("mission").in_bulk(search.ids)
        return [found[pk] for pk in search.ids if pk in found]
