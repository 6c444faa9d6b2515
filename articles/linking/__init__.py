"""Linking articles to the catalog: the launch an article reports, and past incidents.

`build_catalog_view` reads the catalog once per import batch; `link_article` links one
article against it. See `article.py` for the evidence and `context.py` for passing mentions.
"""

from articles.linking.article import REVIEW_BELOW, LinkResult, link_article
from articles.linking.catalog_view import KIND_MODELS, CatalogView, build_catalog_view

__all__ = [
    "KIND_MODELS",
    "REVIEW_BELOW",
    "CatalogView",
    "LinkResult",
    "build_catalog_view",
    "link_article",
]
