"""Repeating an action item from its page: the Repeat form and stopping the series."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from collab.views.helpers import allowed_or_back, form_page

from .. import forms, selectors, services
from ..permissions import item_require


def _back_to_item(item):
    return redirect("tasks:action-item-detail", pk=item.pk)


def _series_form(request, item, *, rule: str, form, run, success, title):
    """Check who may first (403 page, or back with the reason), then one form, one service;
    bad input comes back beside its fields."""
    refused = allowed_or_back(
        request, lambda: item_require(request.user, item, rule), lambda: _back_to_item(item)
    )
    if refused:
        return refused
    return form_page(
        request,
        form=form,
        run=run,
        success=success,
        back=lambda: _back_to_item(item),
        template="tasks/form_page.html",
        context={"card": item.card, "title": title, "submit_label": title},
    )


@login_required
@require_POST
def action_item_repeat(request, pk):
    item = selectors.action_item_get_for_user(pk=pk, user=request.user)
    return _series_form(
        request,
        item,
        rule="repeat",
        form=forms.RepeatForm(request.POST),
        run=lambda data: services.action_item_repeat(item=item, by=request.user, **data),
        success=_("The action item repeats now; each occurrence is listed below."),
        title=_("Repeat “%(title)s”") % {"title": item.title},
    )


@login_required
@require_POST
def action_item_stop_repeating(request, pk):
    item = selectors.action_item_get_for_user(pk=pk, user=request.user)
    return _series_form(
        request,
        item,
        rule="stop_repeating",
        form=forms.StopRepeatingForm(request.POST),
        run=lambda data: services.recurrence_stop(
            recurrence=item.recurrence, by=request.user, **data
        ),
        success=_("The action item stopped repeating; its later open occurrences are cancelled."),
        title=_("Stop repeating"),
    )
