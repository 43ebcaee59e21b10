"""The feedback form page: a header with the code, state and deadline, the actions that
wait for the viewer, then one tab at a time (`?tab=`), each filled by its sub-domain."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .. import selectors
from ..history import feedback_history
from ..sla import sla_status_of
from .documents import documents_tab
from .responses import items_tab, log_tab, result_tab


def form_tab(request, form, permissions) -> dict:
    return {}


def history_tab(request, form, permissions) -> dict:
    return {"entries": feedback_history(form)}


# (key, label, context function): the order is the page's.
TABS = [
    ("form", pgettext_lazy("feedback form tab", "Form"), form_tab),
    ("log", _("Communication log"), log_tab),
    ("items", _("Action items"), items_tab),
    ("result", _("Result"), result_tab),
    ("documents", _("Documents"), documents_tab),
    ("history", _("History"), history_tab),
]


@login_required
def feedback_detail(request, code):
    form = selectors.feedback_get_for_user(code=code, user=request.user)
    keys = [key for key, _label, _context in TABS]
    tab = request.GET.get("tab") if request.GET.get("tab") in keys else "form"
    return detail_page(request, form, tab)


def detail_page(request, form, tab: str, **bound):
    """The form's page on `tab`; `bound`: the tab's forms a POST filled in and a service
    refused, shown again with their errors."""
    permissions = selectors.feedback_permissions_of(request.user, form)
    context_of = next(context for key, _label, context in TABS if key == tab)
    now = timezone.now()
    return render(
        request,
        "feedback/feedback_detail.html",
        {
            "form": form,
            "permissions": permissions,
            "sla_status": sla_status_of(form, now),
            "signature_awaiting": selectors.signature_awaiting(form, request.user),
            "now": now,
            "tabs": [(key, label) for key, label, _context in TABS],
            "tab": tab,
            "tab_template": f"feedback/tabs/{tab}.html",
            **context_of(request, form, permissions, **bound),
        },
    )
