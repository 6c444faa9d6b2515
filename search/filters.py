"""The incident list's Words box, served by the search engine: the list (its page, its
download and the API's list) narrows to what the search page finds for the same words."""

from incidents.filters import IncidentFilter
from search.core import matching_incidents


def serve_the_words_box() -> None:
    IncidentFilter.match_words = staticmethod(matching_incidents)
