"""Action item pages: my items, one item, editing it, progress, delay notices."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from collab.errors import RuleViolation
from collab.filters import filtered
from collab.history import history_entries
from collab.pagination import EstimatingPaginator
from collab.views.comments import thread_context
from collab.views.helpers import add_rule_violation, allowed_or_back, form_page, post_action

from .. import forms, selectors, services
from ..permissions import card_require, item_require
from ..services.items import ITEM_FIELDS
from .cards import back_to_card

# The page shows the filters that make sense for one person's (or department's) items.
MY_ITEMS_FILTERS = ("search", "status", "priority", "overdue", "ordering")


@login_required
def my_action_items(request):
    scope = "department" if request.GET.get("scope") == "department" else "mine"
    filterset = selectors.action_item_filterset(
        request=request,
        data=request.GET,
        queryset=selectors.my_action_items(request.user, scope=scope),
    )
    items = filtered(filterset)
    page = EstimatingPaginator(items, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "tasks/my_items.html",
        {
            "page": page,
            "scope": scope,
            "filters": [filterset.form[name] for name in MY_ITEMS_FILTERS],
            "query": query.urlencode(),
            "today": timezone.localdate(),
        },
    )


def _item_values(form) -> tuple[dict, list]:
    values = {k: v for k, v in form.cleaned_data.items() if k != "depends_on"}
    return values, list(form.cleaned_data["depends_on"])


@login_required
def action_item_create(request, code):
    card = selectors.card_get_for_user(code=code, user=request.user)
    refused = allowed_or_back(
        request,
        lambda: card_require(request.user, card, "add_item"),
        lambda: back_to_card(card, "items"),
    )
    if refused:
        return refused
    form = forms.ActionItemForm(request.POST or None, card=card)
    if request.method == "POST" and form.is_valid():
        values, depends_on = _item_values(form)
        try:
            item, warnings = services.action_item_create(
                by=request.user, card=card, values=values, depends_on=depends_on
            )
        except RuleViolation as error:
            add_rule_violation(form, error)
        else:
            for warning in warnings:
                messages.warning(request, warning)
            if "add_another" in request.POST:
                added = _("Action item “%(title)s” added; add the next one.")
                messages.success(request, added % {"title": item.title})
                return redirect("tasks:card-item-create", code=card.code)
            messages.success(request, _("Action item added."))
            return back_to_card(card, "items")
    return render(
        request,
        "tasks/form_page.html",
        {
            "card": card,
            "form": form,
            "title": _("New action item on %(code)s") % {"code": card.code},
            "submit_label": _("Add the action item"),
            "another_label": _("Save and add another"),
        },
    )


@login_required
def action_item_detail(request, pk):
    item = selectors.action_item_get_for_user(pk=pk, user=request.user)
    return render(
        request,
        "tasks/item_detail.html",
        {
            "item": item,
            "perms": selectors.item_permissions_of(request.user, item),
            "dependencies": list(item.depends_on.order_by("due_date", "pk")),
            "notices": list(selectors.delay_notices_of(item)),
            "progress_form": forms.ItemProgressForm(
                initial={"status": item.status, "percent": item.percent}
            ),
            "delay_form": forms.DelayNoticeForm(),
            "occurrences": selectors.item_occurrences(item),
            "repeat_form": forms.RepeatForm(),
            "stop_form": forms.StopRepeatingForm(),
            "entries": history_entries(item, limit=50),
            **thread_context(request, item),
        },
    )


def _back_to_item(item):
    return redirect("tasks:action-item-detail", pk=item.pk)


@login_required
def action_item_edit(request, pk):
    item = selectors.action_item_get_for_user(pk=pk, user=request.user)
    refused = allowed_or_back(
        request, lambda: item_require(request.user, item, "edit"), lambda: _back_to_item(item)
    )
    if refused:
        return refused
    initial = {name: getattr(item, name) for name in ITEM_FIELDS}
    initial["depends_on"] = list(item.depends_on.values_list("pk", flat=True))
    form = forms.ActionItemForm(
        request.POST or None, card=item.card, exclude_item=item, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        values, depends_on = _item_values(form)
        try:
            _item, warnings = services.action_item_update(
                item=item, by=request.user, values=values, depends_on=depends_on
            )
        except RuleViolation as error:
            add_rule_violation(form, error)
        else:
            for warning in warnings:
                messages.warning(request, warning)
            messages.success(request, _("Action item saved."))
            return _back_to_item(item)
    return render(
        request,
        "tasks/form_page.html",
        {
            "card": item.card,
            "form": form,
            "title": _("Edit action item"),
            "submit_label": _("Save"),
        },
    )


def _item_form(request, item, form, run, success):
    return form_page(
        request,
        form=form,
        run=run,
        success=success,
        back=lambda: _back_to_item(item),
        template="tasks/form_page.html",
        context={"card": item.card, "title": item.title, "submit_label": _("Save")},
    )


@login_required
@require_POST
def action_item_progress(request, pk):
    item = selectors.action_item_get_for_user(pk=pk, user=request.user)
    return _item_form(
        request,
        item,
        forms.ItemProgressForm(request.POST, request.FILES),
        lambda data: services.action_item_report_progress(item=item, by=request.user, **data),
        _("Progress saved."),
    )


@login_required
@require_POST
def delay_notice_file(request, pk):
    item = selectors.action_item_get_for_user(pk=pk, user=request.user)
    return _item_form(
        request,
        item,
        forms.DelayNoticeForm(request.POST),
        lambda data: services.delay_notice_file(item=item, by=request.user, **data),
        _("Delay notice filed; the due date moves when the lead or tracker acknowledges it."),
    )


@login_required
@require_POST
def delay_notice_acknowledge(request, pk, notice_pk):
    item = selectors.action_item_get_for_user(pk=pk, user=request.user)
    notice = get_object_or_404(selectors.delay_notices_of(item), pk=notice_pk)
    return post_action(
        request,
        run=lambda: services.delay_notice_acknowledge(notice=notice, by=request.user),
        success=_("Delay notice acknowledged; the due date moved."),
        back=lambda: _back_to_item(item),
    )


@login_required
@require_POST
def action_item_withdraw(request, pk):
    item = selectors.action_item_get_for_user(pk=pk, user=request.user)
    card = item.card
    try:
        services.action_item_withdraw(item=item, by=request.user)
    except RuleViolation as error:
        messages.error(request, " ".join(error.messages))
        return _back_to_item(item)
    messages.success(request, _("The action item is withdrawn."))
    return back_to_card(card, "items") if card else redirect("tasks:my-action-items")


@login_required
def action_item_cancel(request, pk):
    item = selectors.action_item_get_for_user(pk=pk, user=request.user)
    refused = allowed_or_back(
        request, lambda: item_require(request.user, item, "cancel"), lambda: _back_to_item(item)
    )
    if refused:
        return refused
    return form_page(
        request,
        form=forms.ReasonForm(request.POST or None),
        run=lambda data: services.action_item_cancel(
            item=item, by=request.user, reason=data["reason"]
        ),
        success=_("The action item is cancelled."),
        back=lambda: _back_to_item(item),
        template="tasks/form_page.html",
        context={
            "card": item.card,
            "title": _("Cancel action item “%(title)s”") % {"title": item.title},
            "intro": _("The item stays on file, cancelled, with your reason."),
            "submit_label": _("Cancel the action item"),
            "danger": True,
        },
    )
