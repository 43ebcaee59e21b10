"""Card pages: the list, the form (create, edit a draft, request a change), the card page
with its tabs, and the confirmation workflow's buttons. Thin: parse, select, one service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from collab.errors import RuleViolation
from collab.filters import filtered
from collab.history import history_entries
from collab.pagination import EstimatingPaginator
from collab.views.comments import thread_context
from collab.views.helpers import add_rule_violation, allowed_or_back, form_page, post_action

from .. import forms, selectors, services
from ..card_panels import card_panels
from ..models import CardDepartment
from ..permissions import card_permissions, card_require

TABS = [
    ("overview", gettext_lazy("Overview")),
    ("departments", gettext_lazy("Departments")),
    ("milestones", gettext_lazy("Milestones")),
    ("items", gettext_lazy("Action items")),
    ("progress", gettext_lazy("Progress")),
    ("risks", gettext_lazy("Risks")),
    ("documents", gettext_lazy("Documents")),
    ("discussion", gettext_lazy("Discussion")),
    ("history", gettext_lazy("History")),
]
ROW_FORMSETS = {"departments": forms.DepartmentFormSet, "milestones": forms.MilestoneFormSet}


def back_to_card(card, tab=None):
    response = redirect("tasks:card-detail", code=card.code)
    if tab:
        response["Location"] += f"?tab={tab}"
    return response


# --- lists --------------------------------------------------------------------------


@login_required
def card_list(request):
    filterset = selectors.card_filterset(request=request, data=request.GET)
    cards = filtered(filterset)
    page = EstimatingPaginator(cards, 25).get_page(request.GET.get("page"))
    page.object_list = selectors.with_item_counts(list(page.object_list))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "tasks/card_list.html",
        {
            "filters": filterset.form,
            "page": page,
            "query": query.urlencode(),
            "confirmations": selectors.confirmations_awaiting(request.user)[:20],
            "today": timezone.localdate(),
            "now": timezone.now(),
        },
    )


# --- creating and editing ------------------------------------------------------------


def _card_form_page(request, *, card=None, mode):
    """Create a card, edit a draft, or request a change to a signed card: one form."""
    data = request.POST if request.method == "POST" else None
    initial = None
    if mode == "create":
        # Most cards are started by whoever leads them, for their own department.
        initial = {"initiating_department": request.user.department_id, "lead": request.user.pk}
    form = forms.CardForm(data, instance=card, initial=initial)
    departments, milestones = forms.card_row_formsets(data, card)
    reason_form = forms.ReasonForm(data) if mode == "change" else None
    forms_valid = all(
        [
            form.is_valid(),
            departments.is_valid(),
            milestones.is_valid(),
            reason_form.is_valid() if reason_form else True,
        ]
    )
    if request.method == "POST" and not forms_valid:
        # All errors in one round: the card's rules also judge what did parse.
        forms.add_card_rule_errors(form, departments, milestones)
    if request.method == "POST" and forms_valid:
        card_data = forms.card_input(form, departments, milestones)
        try:
            if mode == "create":
                card = services.card_create(by=request.user, data=card_data)
                success = _("Card %(code)s is saved as a draft.") % {"code": card.code}
            elif mode == "edit":
                services.card_update(card=card, by=request.user, data=card_data)
                success = _("The draft is saved.")
            else:
                services.card_change_request(
                    card=card,
                    by=request.user,
                    data=card_data,
                    reason=reason_form.cleaned_data["reason"],
                )
                success = _("The change is sent to the affected departments for confirmation.")
        except RuleViolation as error:
            rows = {"departments": departments, "milestones": milestones}
            add_rule_violation(reason_form if error.field == "reason" else form, error, rows=rows)
        else:
            messages.success(request, success)
            return redirect("tasks:card-detail", code=card.code)
    context = {
        "form": form,
        "departments": departments,
        "milestones": milestones,
        "reason_form": reason_form,
        "card": card,
        "mode": mode,
    }
    return render(request, "tasks/card_form.html", context)


@login_required
def card_create(request):
    return _card_form_page(request, mode="create")


@login_required
def card_edit(request, code):
    card = selectors.card_get_for_user(code=code, user=request.user)
    refused = allowed_or_back(
        request, lambda: card_require(request.user, card, "edit"), lambda: back_to_card(card)
    )
    return refused or _card_form_page(request, card=card, mode="edit")


@login_required
def card_change(request, code):
    card = selectors.card_get_for_user(code=code, user=request.user)
    refused = allowed_or_back(
        request,
        lambda: card_require(request.user, card, "request_change"),
        lambda: back_to_card(card),
    )
    return refused or _card_form_page(request, card=card, mode="change")


@login_required
def card_form_row(request, kind):
    """htmx: one more empty row of a formset, and the counters bumped out of band."""
    if kind not in ROW_FORMSETS:
        raise Http404
    try:
        index = max(0, min(int(request.GET.get("index", "0")), 200))
    except ValueError:
        index = 0
    formset = ROW_FORMSETS[kind](prefix=kind)
    row = formset.form(prefix=f"{kind}-{index}", empty_permitted=True, use_required_attribute=False)
    context = {"kind": kind, "row": row, "index": index, "next_index": index + 1}
    return render(request, "tasks/_card_form_row.html", context)


# --- the card page ------------------------------------------------------------------


@login_required
def card_detail(request, code):
    card = selectors.card_get_for_user(code=code, user=request.user)
    tab = request.GET.get("tab", "overview")
    if tab not in dict(TABS):
        tab = "overview"
    participations = selectors.card_participations(card)
    acceptance = selectors.latest_acceptance(card)
    objections = [
        p for p in participations if p.confirmation == CardDepartment.Confirmation.OBJECTED
    ]
    context = {
        "card": card,
        "tab": tab,
        "tabs": TABS,
        "participations": participations,
        "perms": card_permissions(
            request.user, card, participations=participations, acceptance=acceptance
        ),
        "latest_acceptance": acceptance,
        "today": timezone.localdate(),
        "now": timezone.now(),
        "objections": objections,
        "objections_by_topic": {p.objection_topic: p for p in objections},
    }
    context.update(_tab_context(request, card, tab, context))
    return render(request, "tasks/card_detail.html", context)


def _tab_context(request, card, tab, context) -> dict:
    perms = context["perms"]
    if tab == "overview":
        return {
            "items": selectors.card_action_items(card),
            "card_panels": card_panels(request, card),
        }
    if tab == "items":
        return {"items": selectors.card_action_items(card)}
    if tab == "milestones":
        return {"milestones": list(selectors.card_milestones(card))}
    if tab == "progress":
        return {
            "updates": list(selectors.card_progress_updates(card)),
            "progress_form": forms.ProgressUpdateForm(
                departments=perms.progress_departments,
                initial={"date": timezone.localdate()},
            ),
        }
    if tab == "risks":
        return {
            "risks": list(selectors.card_risks(card)),
            "risk_form": forms.RiskForm(initial={"owner": request.user.pk}),
        }
    if tab == "documents":
        return {
            "letters": selectors.goal_letter_requests(card)[::-1],
            "acceptances": selectors.card_acceptances(card),
            "change_requests": selectors.card_change_requests(card),
        }
    if tab == "history":
        return {"entries": history_entries(card, exclude=["retrospective_pdf"])}
    if tab == "discussion":
        return thread_context(request, card)
    return {}


# --- the confirmation workflow ----------------------------------------------------------


@login_required
@require_POST
def card_submit(request, code):
    card = selectors.card_get_for_user(code=code, user=request.user)
    return post_action(
        request,
        run=lambda: services.card_submit(card=card, by=request.user),
        success=_("The card is sent to its departments for confirmation."),
        back=lambda: back_to_card(card, "departments"),
    )


@login_required
@require_POST
def department_confirm(request, code, department):
    card = selectors.card_get_for_user(code=code, user=request.user)
    return post_action(
        request,
        run=lambda: services.department_confirm(
            card=card, department_code=department, by=request.user
        ),
        success=_("Your department's confirmation is recorded."),
        back=lambda: back_to_card(card, "departments"),
    )


@login_required
def department_object(request, code, department):
    card = selectors.card_get_for_user(code=code, user=request.user)
    participation = get_object_or_404(
        CardDepartment.objects.select_related("department"),
        card=card,
        department__code__iexact=department,
    )
    return form_page(
        request,
        form=forms.ObjectionForm(request.POST or None),
        run=lambda data: services.department_object(
            card=card, department_code=department, by=request.user, **data
        ),
        success=_("Your objection is sent; the card is back in draft."),
        back=lambda: back_to_card(card, "departments"),
        template="tasks/form_page.html",
        context={
            "card": card,
            "title": _("Object to card %(code)s for %(department)s")
            % {"code": card.code, "department": participation.department},
            "submit_label": _("Send the objection"),
        },
    )


@login_required
def card_cancel(request, code):
    card = selectors.card_get_for_user(code=code, user=request.user)
    return form_page(
        request,
        form=forms.ReasonForm(request.POST or None),
        run=lambda data: services.card_cancel(card=card, by=request.user, reason=data["reason"]),
        success=_("The card is cancelled."),
        back=lambda: back_to_card(card),
        template="tasks/form_page.html",
        context={
            "card": card,
            "title": _("Cancel card %(code)s") % {"code": card.code},
            "submit_label": _("Cancel the card"),
            "danger": True,
        },
    )
