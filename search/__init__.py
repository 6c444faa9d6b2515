"""Search: one entry point, a backend per database vendor.

    search_incidents("soyuz dec 2016")  # (search.core) ranked, paged, marked published incidents
    search_articles("antares explosion")  # the best articles for the words
    facet_counts(results.candidates)  # families, agencies, outcomes, decades, years
    search_page(request.GET)  # everything the /search/ page shows
    matching_incidents(queryset, "turbopump")  # the incident list's Words box

`query.understand` reads names and dates; `postgres.PostgresBackend` (tsvector, ts_rank,
ts_headline, pg_trgm) and `sqlite.SQLiteBackend` (FTS5, bm25, snippet) do the matching.
The search app sits above `incidents` and `articles` (neither imports it) and owns the
full-text index: its columns, tables, functions and triggers come from search migration 0001.
"""
