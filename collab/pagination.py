"""Pages of long lists, for the pages and the API alike.

Counting every row a person may see would cost as much as the whole list: past
EXACT_COUNT_LIMIT rows the count is PostgreSQL's estimate of the query (never below the
limit), so the first page costs the page, not the table.
"""

from __future__ import annotations

import json
from functools import cached_property

from django.core.paginator import Paginator
from django.db import connections

EXACT_COUNT_LIMIT = 250


def estimated_rows(queryset) -> int | None:
    """PostgreSQL's estimate of how many rows `queryset` gives (None elsewhere)."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    sql, params = queryset.order_by().query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


class EstimatingPaginator(Paginator):
    """Exact counts up to EXACT_COUNT_LIMIT; beyond it, an estimate (`count_is_estimate`)."""

    count_is_estimate = False

    @cached_property
    def count(self) -> int:
        # Any EXACT_COUNT_LIMIT + 1 rows will do: no order, so the database picks the cheapest.
        exact = self.object_list.order_by()[: EXACT_COUNT_LIMIT + 1].count()
        if exact <= EXACT_COUNT_LIMIT:
            return exact
        self.count_is_estimate = True
        estimate = estimated_rows(self.object_list)
        return max(estimate or 0, EXACT_COUNT_LIMIT + 1)
