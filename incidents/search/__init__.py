"""Search: one entry point, a backend per database vendor.

    search_incidents("soyuz dec 2016")  # ranked, paged, marked published incidents
    search_articles("antares explosion")  # the best articles for the words
    facet_counts(results.candidates)  # families, agencies, outcomes, decades, years
    search_page(request.GET)  # everything the /search/ page shows

`query.understand` reads names and dates; `postgres.PostgresBackend` (tsvector, ts_rank,
ts_headline, pg_trgm) and `sqlite.SQLiteBackend` (FTS5, bm25, snippet) do the matching.
The search columns, indexes and triggers come from incidents migration 0002 and articles
migration 0004.
"""

from incidents.search.core import (
    ArticleResults,
    Facets,
    IncidentResults,
    backend,
    facet_counts,
    search_articles,
    search_incidents,
)
from incidents.search.page import ranked_incident_ids, search_page

__all__ = [
    "ArticleResults",
    "Facets",
    "IncidentResults",
    "backend",
    "facet_counts",
    "ranked_incident_ids",
    "search_articles",
    "search_incidents",
    "search_page",
]
