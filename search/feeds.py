"""The Atom feed of a search (with the incident list's filters), best first."""

from django.http import Http404
from django.urls import reverse

from incidents.feeds import ITEMS, TITLE, IncidentFeed
from incidents.models import Incident
from search.page import ranked_incident_ids


class SearchFeed(IncidentFeed):
    """The incidents a search finds (best first, as the search page ranks them)."""

    def get_object(self, request):
        ids, errors = ranked_incident_ids(request.GET)
        if errors:
            raise Http404(" ".join(errors))
        return request.GET.get("q", "").strip(), request.GET.urlencode(), ids[:ITEMS]

    def title(self, search):
        query = search[0]
        return f"{TITLE}: search for “{query}”" if query else TITLE

    def link(self, search):
        return f"{reverse('search:search')}?{search[1]}"

    def items(self, search):
        ids = search[2]
        found = Incident.objects.published().select_related("mission").in_bulk(ids)
        return [found[pk] for pk in ids if pk in found]
