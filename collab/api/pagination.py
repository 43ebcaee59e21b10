from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    """Every list of the API: `?page=N&page_size=M` (at most 200), with `count`, `next`,
    `previous` and `results`. Each list has a fixed order ending with the id, so pages
    neither repeat nor skip rows."""

    page_size_query_param = "page_size"
    max_page_size = 200
