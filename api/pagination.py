from rest_framework.pagination import PageNumberPagination

from incidents.paging import IdsFirstPaginator
from incidents.views import PAGE_SIZE


class Pages(PageNumberPagination):
    """The pages' own page size (25) by default; `page_size` up to 100."""

    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = 100


class IncidentPages(Pages):
    """Pages of incidents, any page number in the time of the first (incidents/paging.py)."""

    django_paginator_class = IdsFirstPaginator
