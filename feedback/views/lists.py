"""The feedback lists: my forms, the forms I answer, all I may see (with the shared
FilterSet), and a receiving department's inbox with its compliance figures."""

from django.contrib.auth.decorators import login_required
from django.http import QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy

from collab.filters import filtered
from collab.pagination import EstimatingPaginator

from .. import selectors
from ..filters import DEFAULT_COMPLIANCE_DAYS, CompliancePeriodForm

# The page's tabs: (key, label, the filters they stand for). Without a query the page shows
# the first.
VIEWS = [
    ("mine", gettext_lazy("My forms"), "scope=mine"),
    ("inbox", gettext_lazy("My department's inbox"), "scope=inbox"),
    ("all", gettext_lazy("All I may see"), "scope=all"),
]
PAGE_SIZE = 25


def _current_view(query: QueryDict) -> str:
    given = {key: value for key, value in query.items() if key != "page" and value}
    for key, _label, preset in VIEWS:
        if given == dict(QueryDict(preset).items()):
            return key
    return ""


@login_required
def feedback_list(request):
    data = request.GET.copy()
    data.pop("page", None)
    if not any(value for value in data.values()):
        data = QueryDict(VIEWS[0][2], mutable=True)
    filterset = selectors.feedback_filterset(request=request, data=data)
    page = EstimatingPaginator(filtered(filterset), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "feedback/feedback_list.html",
        {
            "filters": filterset.form,
            "page": page,
            "query": data.urlencode(),
            "views": VIEWS,
            "current_view": _current_view(data),
            "inbox_departments": selectors.inbox_departments_of(request.user),
            "now": timezone.now(),
        },
    )


@login_required
def department_inbox(request, department_code):
    """The receiving department's open forms by deadline (breached first), its recently
    resolved ones, and its compliance figures over a selectable period."""
    department = selectors.department_get_for_inbox(code=department_code, user=request.user)
    period = CompliancePeriodForm(request.GET or None)
    days = period.cleaned_data["days"] if period.is_valid() else DEFAULT_COMPLIANCE_DAYS
    now = timezone.now()
    return render(
        request,
        "feedback/inbox.html",
        {
            "department": department,
            "period": period,
            "compliance": selectors.department_compliance(department, days=days, now=now),
            "open_forms": list(selectors.department_inbox_open(department, now=now)),
            "resolved_forms": selectors.department_inbox_resolved(department),
            "now": now,
        },
    )
