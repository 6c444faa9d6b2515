"""Articles from the web: one guarded, polite fetcher (fetch.py), pages turned into articles
(pages.py), news feeds (feeds.py) and the runs that import them (imports.py)."""
