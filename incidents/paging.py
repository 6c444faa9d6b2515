"""Paging that costs the same on the last page as on the first.

A list's rows carry per-row subqueries (their vehicle and agency ids, how many articles report
them). Sliced plainly, `OFFSET n` makes the database work out those subqueries for the n rows
it skips as well; at 20,000 incidents the last page took about a second. Here the page's ids
are picked first, by the list's own filters and order with nothing else selected, and only
those rows are read in full: one query still, the ids in a subquery of it.
"""

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL


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

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(rows_between(self.object_list, bottom, top), number, self)
