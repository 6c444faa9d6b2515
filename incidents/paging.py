"""Paging that costs the same on the last page as on the first.

A list's rows carry per-row subqueries (their vehicle and agency ids, how many articles report
them). Sliced plainly, `OFFSET n` makes the database work out those subqueries for the n rows
it skips as well; at 20,000 incidents the last page took about a second. Here the page's ids
are picked first, by the list's own filters and order with nothing else selected, and only
those rows are read in full: one query still, the ids in a subquery of it.

The count of a list (its number of pages) is kept in the shared cache under the data version
(data_version.py) and the count query's own SQL: at 100,000 incidents counting the published
ones takes 10 to 25 ms on PostgreSQL, more than the rest of the list's SQL, and the answer
only changes when the data does.
"""

import hashlib

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.utils.functional import cached_property

from incidents import data_version

COUNT_SECONDS = 3600  # kept under the data version: only for cleaning up


def rows_between(queryset: QuerySet, bottom: int, top: int) -> QuerySet:
    """`queryset[bottom:top]`, its annotations worked out for those rows only.

    The ids' query goes in as its own SQL, not as a queryset: Django would rename its tables
    (U0, W0), and a filter written in SQL that names the table (the Words box's full-text
    match, search/*.py) would then read the outer query's row instead of its own."""
    try:
        sql, params = queryset.values("pk")[bottom:top].query.sql_with_params()
    except EmptyResultSet:  # a queryset that can find nothing (.none()) has no SQL
        return queryset.none()
    return queryset.filter(pk__in=RawSQL(sql, params))


class IdsFirstPaginator(Paginator):
    """A Paginator whose pages are read by `rows_between` (for querysets of one model whose
    ordering names only its own rows, as the incident lists' do)."""

    @cached_property
    def count(self) -> int:
        queryset = self.object_list
        assert isinstance(queryset, QuerySet)  # this paginator pages querysets only
        return counted(queryset)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(rows_between(self.object_list, bottom, top), number, self)


def counted(queryset: QuerySet) -> int:
    """`queryset.count()`, read from the shared cache when the data has not changed since."""
    try:
        sql, params = queryset.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:
        return 0
    digest = hashlib.sha256(repr((queryset.db, sql, params)).encode()).hexdigest()
    key = f"count:{data_version.current()}:{digest}"
    count = cache.get(key)
    if count is None:
        count = queryset.count()
        cache.set(key, count, COUNT_SECONDS)
    return count
