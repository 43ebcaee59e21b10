"""Answering and closing a form on its page: the header's acknowledge button, the log,
action-item and result tabs and their forms. Each POST parses → one service → back to
the tab, or the tab again with the service's refusal beside the fields it names."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from collab.views.helpers import tab_action

from .. import selectors, services
from ..response_forms import ActionItemForm, LogEntryForm, RateForm, ReopenForm, ResolveForm

# --- the tabs -------------------------------------------------------------------------


def log_tab(request, form, permissions, log_form=None) -> dict:
    """The log as it grows (prefetched by the selector with authors and departments)."""
    return {
        "entries": list(form.log_entries.all()),
        "log_form": log_form or (LogEntryForm(prefix="log") if permissions.can_log else None),
    }


def items_tab(request, form, permissions, item_form=None) -> dict:
    """The form's action items, rows of the one action-item table."""
    if item_form is None and permissions.can_add_item:
        item_form = ActionItemForm(prefix="item")
    return {
        "items": [link.action_item for link in form.action_item_links.all()],
        "item_form": item_form,
    }


def result_tab(
    request, form, permissions, resolve_form=None, rate_form=None, reopen_form=None
) -> dict:
    if resolve_form is None and permissions.can_resolve:
        resolve_form = ResolveForm(
            prefix="resolve",
            feedback=form,
            initial={"completed_at": timezone.localtime().replace(second=0, microsecond=0)},
        )
    if rate_form is None and permissions.can_rate:
        rate_form = RateForm(prefix="rate")
    if reopen_form is None and permissions.can_reopen:
        reopen_form = ReopenForm(prefix="reopen")
    return {"resolve_form": resolve_form, "rate_form": rate_form, "reopen_form": reopen_form}


# --- the actions ----------------------------------------------------------------------


def _tab_url(form, tab: str) -> str:
    return reverse("feedback:feedback-detail", args=[form.code]) + f"?tab={tab}"


def _tab_page(request, form, tab: str, **bound):
    from .detail import detail_page  # the page shell imports this module's tab functions

    return detail_page(request, form, tab, **bound)


def _run(request, form, tab, run, *, success: str, refused=None, bound=None):
    return tab_action(
        request,
        run=run,
        success=success,
        back=lambda: redirect(_tab_url(form, tab)),
        form=bound,
        refused=refused,
    )


def _form(request, code):
    return selectors.feedback_get_for_user(code=code, user=request.user)


@login_required
@require_POST
def feedback_acknowledge(request, code):
    form = _form(request, code)
    return _run(
        request,
        form,
        "log",
        lambda: services.feedback_acknowledge(
            form=form, by=request.user, note=request.POST.get("note", "")
        ),
        success=_("The form is acknowledged; the initiator is told."),
    )


@login_required
@require_POST
def feedback_log_add(request, code):
    form = _form(request, code)
    log_form = LogEntryForm(request.POST, prefix="log")
    if not log_form.is_valid():
        return _tab_page(request, form, "log", log_form=log_form)
    data = log_form.cleaned_data
    return _run(
        request,
        form,
        "log",
        lambda: services.feedback_log_add(
            form=form, by=request.user, text=data["text"], happened_at=data["happened_at"]
        ),
        success=_("The entry is in the log."),
        bound=log_form,
        refused=lambda: _tab_page(request, form, "log", log_form=log_form),
    )


@login_required
@require_POST
def feedback_action_item_add(request, code):
    form = _form(request, code)
    item_form = ActionItemForm(request.POST, prefix="item")
    if not item_form.is_valid():
        return _tab_page(request, form, "items", item_form=item_form)
    return _run(
        request,
        form,
        "items",
        lambda: services.feedback_action_item_add(
            form=form, by=request.user, values=dict(item_form.cleaned_data)
        ),
        success=_("The action item is added; its owner is told."),
        bound=item_form,
        refused=lambda: _tab_page(request, form, "items", item_form=item_form),
    )


@login_required
@require_POST
def feedback_resolve(request, code):
    form = _form(request, code)
    resolve_form = ResolveForm(request.POST, prefix="resolve", feedback=form)
    if not resolve_form.is_valid():
        return _tab_page(request, form, "result", resolve_form=resolve_form)
    data = resolve_form.cleaned_data
    return _run(
        request,
        form,
        "result",
        lambda: services.feedback_resolve(
            form=form,
            by=request.user,
            solution=data["solution"],
            completed_at=data["completed_at"],
            responsible_person=data["responsible_person"],
        ),
        success=_("The form is resolved; the initiator is asked to rate it."),
        bound=resolve_form,
        refused=lambda: _tab_page(request, form, "result", resolve_form=resolve_form),
    )


@login_required
@require_POST
def feedback_rate(request, code):
    form = _form(request, code)
    rate_form = RateForm(request.POST, prefix="rate")
    rate_form.is_valid()  # every field is optional: the service judges the values
    data = rate_form.cleaned_data
    return _run(
        request,
        form,
        "result",
        lambda: services.feedback_rate(
            form=form,
            by=request.user,
            satisfaction=data.get("satisfaction", ""),
            comment=data.get("comment", ""),
        ),
        success=_("Thank you: the form is confirmed and goes to both heads to sign."),
        bound=rate_form,
        refused=lambda: _tab_page(request, form, "result", rate_form=rate_form),
    )


@login_required
@require_POST
def feedback_reopen(request, code):
    form = _form(request, code)
    reopen_form = ReopenForm(request.POST, prefix="reopen")
    reopen_form.is_valid()
    return _run(
        request,
        form,
        "result",
        lambda: services.feedback_reopen(
            form=form, by=request.user, reason=reopen_form.cleaned_data.get("reason", "")
        ),
        success=_("The form is reopened; the receiving department is told."),
        bound=reopen_form,
        refused=lambda: _tab_page(request, form, "result", reopen_form=reopen_form),
    )
