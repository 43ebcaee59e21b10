"""Task card pages: thin — parse input, fetch through selectors, call one service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from collab.errors import RuleViolation
from collab.views.helpers import add_rule_violation

from . import forms, selectors, services
from .models import Card, CardDepartment, DelayNotice

TABS = [
    ("overview", gettext_lazy("Overview")),
    ("departments", gettext_lazy("Departments")),
    ("milestones", gettext_lazy("Milestones")),
    ("items", gettext_lazy("Action items")),
    ("progress", gettext_lazy("Progress")),
    ("risks", gettext_lazy("Risks")),
    ("documents", gettext_lazy("Documents")),
    ("history", gettext_lazy("History")),
]
ROW_FORMSETS = {"departments": forms.DepartmentFormSet, "milestones": forms.MilestoneFormSet}


def _rule_violation_to_forms(error: RuleViolation, form, departments=None, milestones=None):
    """Put a service's refusal beside the fields it names, rows errors above their rows."""
    for field, messages_ in error.errors.items() or [(None, [error.message])]:
        for message in messages_:
            if field == "departments" and departments is not None:
                departments._non_form_errors.append(message)
            elif field == "milestones" and milestones is not None:
                milestones._non_form_errors.append(message)
            else:
                form.add_error(field if field in form.fields else None, message)


# --- lists --------------------------------------------------------------------------


@login_required
def card_list(request):
    filters = forms.CardFilterForm(request.GET or None)
    cards = selectors.card_list(request.user)
    sort = "-created_at"
    if filters.is_valid():
        data = filters.cleaned_data
        if data["q"]:
            cards = cards.filter(Q(code__icontains=data["q"]) | Q(title__icontains=data["q"]))
        for name in ("status", "priority", "kind"):
            if data[name]:
                cards = cards.filter(**{name: data[name]})
        if data["department"]:
            cards = selectors.cards_of_department(cards, data["department"].code)
        if data["mine"]:
            cards = cards.filter(selectors.cards_mine_q(request.user))
        if data["overdue"]:
            cards = cards.filter(selectors.cards_overdue_q())
        sort = data["sort"] or sort
    page = Paginator(cards.order_by(sort, "-pk"), 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "tasks/card_list.html",
        {
            "filters": filters,
            "page": page,
            "query": query.urlencode(),
            "confirmations": selectors.confirmations_awaiting(request.user)[:20],
        },
    )


@login_required
def my_action_items(request):
    scope = "department" if request.GET.get("scope") == "department" else "mine"
    items = selectors.my_action_items(request.user, scope=scope)
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "tasks/my_items.html",
        {
            "page": page,
            "scope": scope,
            "today": timezone.localdate(),
        },
    )


# --- creating and editing ------------------------------------------------------------


def _card_form_page(request, *, card=None, mode):
    """Create a card, edit a draft, or request a change to a signed card: one form."""
    data = request.POST if request.method == "POST" else None
    form = forms.CardForm(data, instance=card)
    departments, milestones = forms.card_row_formsets(data, card)
    reason_form = forms.ReasonForm(data) if mode == "change" else None
    if request.method == "POST":
        valid = all(
            [
                form.is_valid(),
                departments.is_valid(),
                milestones.is_valid(),
                reason_form.is_valid() if reason_form else True,
            ]
        )
        if valid:
            card_data = forms.card_input(form, departments, milestones)
            try:
                if mode == "create":
                    card = services.card_create(by=request.user, data=card_data)
                    messages.success(
                        request, _("Card %(code)s is saved as a draft.") % {"code": card.code}
                    )
                elif mode == "edit":
                    services.card_update(card=card, by=request.user, data=card_data)
                    messages.success(request, _("The draft is saved."))
                else:
                    services.card_change_request(
                        card=card,
                        by=request.user,
                        data=card_data,
                        reason=reason_form.cleaned_data["reason"],
                    )
                    messages.success(
                        request,
                        _("The change is sent to the affected departments for confirmation."),
                    )
                return redirect("card-detail", code=card.code)
            except RuleViolation as error:
                _rule_violation_to_forms(
                    error, reason_form if error.field == "reason" else form, departments, milestones
                )
    return render(
        request,
        "tasks/card_form.html",
        {
            "form": form,
            "departments": departments,
            "milestones": milestones,
            "reason_form": reason_form,
            "card": card,
            "mode": mode,
        },
    )


@login_required
def card_create(request):
    return _card_form_page(request, mode="create")


@login_required
def card_edit(request, code):
    card = selectors.card_get_for_user(code=code, user=request.user)
    if not selectors.can_edit_card(request.user, card) or card.status != Card.Status.DRAFT:
        raise Http404
    return _card_form_page(request, card=card, mode="edit")


@login_required
def card_change(request, code):
    card = selectors.card_get_for_user(code=code, user=request.user)
    if not selectors.can_edit_card(request.user, card) or card.status != Card.Status.ACTIVE:
        raise Http404
    return _card_form_page(request, card=card, mode="change")


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
    return render(
        request,
        "tasks/_card_form_row.html",
        {
            "kind": kind,
            "row": row,
            "index": index,
            "next_index": index + 1,
        },
    )


# --- the card page ------------------------------------------------------------------


@login_required
def card_detail(request, code):
    card = selectors.card_get_for_user(code=code, user=request.user)
    tab = request.GET.get("tab", "overview")
    if tab not in dict(TABS):
        tab = "overview"
    user = request.user
    participations = selectors.card_participations(card)
    context = {
        "card": card,
        "tab": tab,
        "tabs": TABS,
        "participations": participations,
        "can_edit": selectors.can_edit_card(user, card),
        "answering": [p for p in participations if selectors.can_answer_for(user, p)],
        "is_acceptance_party": selectors.is_acceptance_party(user, card),
        "pending_acceptance": card.acceptances.filter(decision="pending").first(),
        "latest_acceptance": card.acceptances.order_by("-submitted_at").first(),
        "today": timezone.localdate(),
        "now": timezone.now(),
        "objections": [
            p for p in participations if p.confirmation == CardDepartment.Confirmation.OBJECTED
        ],
    }
    context["objections_by_topic"] = {p.objection_topic: p for p in context["objections"]}
    if tab in ("items", "overview"):
        context["items"] = selectors.card_action_items(card)
        context["item_form"] = forms.ActionItemForm(card=card)
    if tab == "milestones":
        context["milestones"] = list(card.milestones.order_by("due_date", "pk"))
    if tab == "progress":
        context["updates"] = selectors.card_progress_updates(card)
        context["progress_form"] = forms.ProgressUpdateForm(
            departments=_progress_departments(user, card, participations),
            initial={"date": timezone.localdate()},
        )
    if tab == "risks":
        context["risks"] = selectors.card_risks(card)
        context["risk_form"] = forms.RiskForm(initial={"owner": user.pk})
    if tab == "documents":
        context["letters"] = selectors.goal_letter_requests(card)[::-1]
        context["acceptances"] = list(
            card.acceptances.select_related("submitted_by", "decided_by")
            .prefetch_related("deliverables")
            .order_by("-submitted_at")
        )
        context["change_requests"] = list(
            card.change_requests.select_related("requested_by").order_by("-requested_at")
        )
    if tab == "history":
        context["history"] = list(
            card.history.select_related("history_user").order_by("-history_date")[:100]
        )
    return render(request, "tasks/card_detail.html", context)


def _progress_departments(user, card, participations):
    if selectors.can_edit_card(user, card):
        return [p.department for p in participations]
    return [p.department for p in participations if selectors.can_answer_for(user, p)]


def _back(card, tab=None):
    response = redirect("card-detail", code=card.code)
    if tab:
        response["Location"] += f"?tab={tab}"
    return response


def _form_page(request, *, form, run, success, back, title, submit_label, card=None, **extra):
    """The form page: on a valid POST run one service; show its refusal beside the fields,
    or go back with a success message."""
    if request.method == "POST" and form.is_valid():
        try:
            run(form.cleaned_data)
        except RuleViolation as error:
            add_rule_violation(form, error)
        else:
            messages.success(request, success)
            return back()
    context = {"card": card, "form": form, "title": title, "submit_label": submit_label}
    return render(request, "tasks/form_page.html", {**context, **extra})


def _card_action(request, code, action, success, *, tab=None):
    """Run one service on a card from a POST; show its refusal as a message."""
    card = selectors.card_get_for_user(code=code, user=request.user)
    try:
        action(card)
    except RuleViolation as error:
        messages.error(
            request, " ".join(str(m) for ms in error.errors.values() for m in ms) or error.message
        )
    else:
        messages.success(request, success)
    return _back(card, tab)


@login_required
@require_POST
def milestone_achieved(request, code, pk):
    def mark(card):
        milestone = get_object_or_404(card.milestones, pk=pk)
        services.milestone_mark_achieved(milestone=milestone, by=request.user)

    return _card_action(request, code, mark, _("Milestone marked as reached."), tab="milestones")


@login_required
@require_POST
def card_submit(request, code):
    return _card_action(
        request,
        code,
        lambda card: services.card_submit(card=card, by=request.user),
        _("The card is sent to its departments for confirmation."),
        tab="departments",
    )


@login_required
@require_POST
def department_confirm(request, code, department):
    return _card_action(
        request,
        code,
        lambda card: services.department_confirm(
            card=card, department_code=department, by=request.user
        ),
        _("Your department's confirmation is recorded."),
        tab="departments",
    )


@login_required
def department_object(request, code, department):
    card = selectors.card_get_for_user(code=code, user=request.user)
    participation = get_object_or_404(
        CardDepartment.objects.select_related("department"),
        card=card,
        department__code=department,
    )
    return _form_page(
        request,
        card=card,
        form=forms.ObjectionForm(request.POST or None),
        run=lambda data: services.department_object(
            card=card, department_code=department, by=request.user, **data
        ),
        success=_("Your objection is sent; the card is back in draft."),
        back=lambda: _back(card, "departments"),
        title=_("Object to card %(code)s for %(department)s")
        % {"code": card.code, "department": participation.department},
        submit_label=_("Send the objection"),
    )


@login_required
def card_cancel(request, code):
    card = selectors.card_get_for_user(code=code, user=request.user)
    return _form_page(
        request,
        card=card,
        form=forms.ReasonForm(request.POST or None),
        run=lambda data: services.card_cancel(card=card, by=request.user, reason=data["reason"]),
        success=_("The card is cancelled."),
        back=lambda: _back(card),
        title=_("Cancel card %(code)s") % {"code": card.code},
        submit_label=_("Cancel the card"),
        danger=True,
    )


# --- action items, progress, risks ----------------------------------------------------


@login_required
def action_item_create(request, code):
    card = selectors.card_get_for_user(code=code, user=request.user)
    form = forms.ActionItemForm(request.POST or None, card=card)
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "depends_on"}
        try:
            _item, warnings = services.action_item_create(
                by=request.user,
                card=card,
                values=values,
                depends_on=list(form.cleaned_data["depends_on"]),
            )
        except RuleViolation as error:
            add_rule_violation(form, error)
        else:
            for warning in warnings:
                messages.warning(request, warning)
            messages.success(request, _("Action item added."))
            return _back(card, "items")
    return render(
        request,
        "tasks/form_page.html",
        {
            "card": card,
            "form": form,
            "title": _("New action item on %(code)s") % {"code": code},
            "submit_label": _("Add the action item"),
        },
    )


@login_required
@require_POST
def progress_update_add(request, code):
    card = selectors.card_get_for_user(code=code, user=request.user)
    departments = _progress_departments(request.user, card, selectors.card_participations(card))
    return _form_page(
        request,
        card=card,
        form=forms.ProgressUpdateForm(request.POST, departments=departments),
        run=lambda data: services.progress_update_add(card=card, by=request.user, **data),
        success=_("Progress update posted."),
        back=lambda: _back(card, "progress"),
        title=_("Post progress"),
        submit_label=_("Post progress"),
    )


@login_required
@require_POST
def risk_raise(request, code):
    card = selectors.card_get_for_user(code=code, user=request.user)
    return _form_page(
        request,
        card=card,
        form=forms.RiskForm(request.POST),
        run=lambda data: services.risk_raise(card=card, by=request.user, **data),
        success=_("Risk raised; a coordination decision is due in 24 hours."),
        back=lambda: _back(card, "risks"),
        title=_("Raise a risk"),
        submit_label=_("Raise"),
    )


@login_required
def risk_coordinate(request, code, pk):
    card = selectors.card_get_for_user(code=code, user=request.user)
    risk = get_object_or_404(card.risks, pk=pk)
    return _form_page(
        request,
        card=card,
        form=forms.RiskCoordinationForm(request.POST or None),
        run=lambda data: services.risk_coordinate(risk=risk, by=request.user, **data),
        success=_("Coordination decision recorded."),
        back=lambda: _back(card, "risks"),
        title=_("Coordinate the risk"),
        submit_label=_("Record the decision"),
        intro=risk.description,
    )


# --- acceptance and closing ------------------------------------------------------------


@login_required
def acceptance_submit(request, code):
    card = selectors.card_get_for_user(code=code, user=request.user)
    return _form_page(
        request,
        card=card,
        form=forms.AcceptanceSubmitForm(request.POST or None, card=card),
        run=lambda data: services.card_submit_for_acceptance(
            card=card, by=request.user, deliverables=list(data["deliverables"]), note=data["note"]
        ),
        success=_("The deliverables are submitted for acceptance."),
        back=lambda: _back(card, "documents"),
        title=_("Submit for acceptance"),
        submit_label=_("Submit for acceptance"),
    )


@login_required
def acceptance_decide(request, code):
    card = selectors.card_get_for_user(code=code, user=request.user)
    form = forms.AcceptanceDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        comment = form.cleaned_data["comment"]
        try:
            if form.cleaned_data["decision"] == "accept":
                services.card_accept(card=card, by=request.user, comment=comment)
            else:
                services.card_reject_acceptance(card=card, by=request.user, reasons=comment)
        except RuleViolation as error:
            add_rule_violation(form, error)
            if error.field == "reasons":
                form.add_error("comment", error.message)
        else:
            messages.success(request, _("Your acceptance decision is recorded."))
            return _back(card, "documents")
    submission = (
        card.acceptances.filter(decision="pending").prefetch_related("deliverables").first()
    )
    return render(
        request,
        "tasks/form_page.html",
        {
            "card": card,
            "form": form,
            "title": _("Accept the deliverables of %(code)s") % {"code": card.code},
            "submission": submission,
            "submit_label": _("Record the decision"),
        },
    )


@login_required
def card_close(request, code):
    card = selectors.card_get_for_user(code=code, user=request.user)
    return _form_page(
        request,
        card=card,
        form=forms.RetrospectiveForm(request.POST or None),
        run=lambda data: services.card_close(card=card, by=request.user, **data),
        success=_("The card is closed and its retrospective report is ready."),
        back=lambda: _back(card, "documents"),
        title=_("Retrospective of %(code)s") % {"code": code},
        submit_label=_("Close the card"),
    )


# --- documents ------------------------------------------------------------------------


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def card_pdf(request, code):
    from .documents import card_pdf as render_card_pdf

    card = selectors.card_get_for_user(code=code, user=request.user)
    return _download(
        render_card_pdf(card, language=get_language()), f"{card.code}.pdf", "application/pdf"
    )


@login_required
def retrospective_pdf(request, code):
    card = selectors.card_get_for_user(code=code, user=request.user)
    if not card.retrospective_pdf:
        raise Http404
    with card.retrospective_pdf.open("rb") as pdf:
        return _download(pdf.read(), f"{card.code}-retrospective.pdf", "application/pdf")


@login_required
def card_archive(request, code):
    from .documents import card_archive as build_archive

    card = selectors.card_get_for_user(code=code, user=request.user)
    if card.status != Card.Status.CLOSED:
        raise Http404
    return _download(build_archive(card), f"{card.code}-archive.zip", "application/zip")


# --- one action item ------------------------------------------------------------------


@login_required
def action_item_detail(request, pk):
    item = selectors.action_item_get_for_user(pk=pk, user=request.user)
    user = request.user
    is_owner = user.pk == item.owner_id
    can_manage = (
        selectors.can_edit_card(user, item.card)
        if item.card_id
        else user.pk == item.created_by_id or user.is_staff
    )
    return render(
        request,
        "tasks/item_detail.html",
        {
            "item": item,
            "is_owner": is_owner,
            "can_manage": can_manage,
            "can_acknowledge": item.card_id
            and user.pk in (item.card.lead_id, item.card.tracker_id),
            "dependencies": list(item.depends_on.order_by("due_date")),
            "notices": selectors.delay_notices_of(item),
            "progress_form": forms.ItemProgressForm(
                initial={"status": item.status, "percent": item.percent}
            ),
            "delay_form": forms.DelayNoticeForm(),
            "history": list(
                item.history.select_related("history_user").order_by("-history_date")[:50]
            ),
        },
    )


@login_required
def action_item_edit(request, pk):
    item = selectors.action_item_get_for_user(pk=pk, user=request.user)
    initial = {name: getattr(item, name) for name in services.items.ITEM_FIELDS}
    initial["depends_on"] = list(item.depends_on.values_list("pk", flat=True))
    form = forms.ActionItemForm(
        request.POST or None, card=item.card, exclude_item=item, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "depends_on"}
        try:
            _item, warnings = services.action_item_update(item=item, by=request.user, values=values)
            services.action_item_set_dependencies(
                item=item, by=request.user, depends_on=list(form.cleaned_data["depends_on"])
            )
        except RuleViolation as error:
            add_rule_violation(form, error)
        else:
            for warning in warnings:
                messages.warning(request, warning)
            messages.success(request, _("Action item saved."))
            return redirect("action-item-detail", pk=item.pk)
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


def _item_form_action(request, item, form, action, success):
    return _form_page(
        request,
        card=item.card,
        form=form,
        run=action,
        success=success,
        back=lambda: redirect("action-item-detail", pk=item.pk),
        title=item.title,
        submit_label=_("Save"),
    )


@login_required
@require_POST
def action_item_progress(request, pk):
    item = selectors.action_item_get_for_user(pk=pk, user=request.user)
    form = forms.ItemProgressForm(request.POST, request.FILES)
    return _item_form_action(
        request,
        item,
        form,
        lambda data: services.action_item_report_progress(item=item, by=request.user, **data),
        _("Progress saved."),
    )


@login_required
@require_POST
def delay_notice_file(request, pk):
    item = selectors.action_item_get_for_user(pk=pk, user=request.user)
    form = forms.DelayNoticeForm(request.POST)
    return _item_form_action(
        request,
        item,
        form,
        lambda data: services.delay_notice_file(item=item, by=request.user, **data),
        _("Delay notice filed; the due date moves when the lead or tracker acknowledges it."),
    )


@login_required
@require_POST
def delay_notice_acknowledge(request, pk):
    notice = get_object_or_404(DelayNotice.objects.select_related("action_item"), pk=pk)
    item = selectors.action_item_get_for_user(pk=notice.action_item_id, user=request.user)
    try:
        services.delay_notice_acknowledge(notice=notice, by=request.user)
    except RuleViolation as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Delay notice acknowledged; the due date moved."))
    return redirect("action-item-detail", pk=item.pk)
