from django.utils.translation import gettext as _
from rest_framework import pagination
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from collab.pagination import EstimatingPaginator


class PageNumberPagination(pagination.PageNumberPagination):
    """Every list of the API: `?page=N&page_size=M` (at most 200), with `count`, `next`,
    `previous` and `results`. Each list has a fixed order ending with the id, so pages
    neither repeat nor skip rows. Past 250 rows `count` is an estimate and
    `count_is_estimate` says so; a page past the end is a 400."""

    page_size_query_param = "page_size"
    max_page_size = 200
    django_paginator_class = EstimatingPaginator

    def paginate_queryset(self, queryset, request, view=None):
        try:
            return super().paginate_queryset(queryset, request, view)
        except pagination.NotFound as error:
            raise ValidationError({self.page_query_param: [str(error.detail)]}) from error

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.page.paginator.count,
                "count_is_estimate": self.page.paginator.count_is_estimate,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        paginated = super().get_paginated_response_schema(schema)
        paginated["properties"]["count_is_estimate"] = {
            "type": "boolean",
            "description": _("True when `count` is an estimate (lists of over 250 rows)."),
        }
        paginated["required"] = [*paginated.get("required", []), "count_is_estimate"]
        return paginated
