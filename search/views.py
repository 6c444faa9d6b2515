"""The search page and its download: ranked incidents and articles for `q`, combined with the
incident list's filters."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from incidents import exports
from incidents.views import given_filters, unreadable_filters
from search.page import ranked_incident_ids, search_page


def search(request: HttpRequest) -> HttpResponse:
    return render(request, "search/search.html", {"search": search_page(request.GET)})


def search_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The search page's ranked incidents (all pages, up to its cap) as a CSV or JSON file."""
    ids, errors = ranked_incident_ids(request.GET)
    if errors:
        return unreadable_filters([errors])
    about = {"search": request.GET.get("q", ""), "filters": given_filters(request)}
    response: HttpResponse = exports.download(exports.in_order(ids), request, fmt, "search", about)
    return response
