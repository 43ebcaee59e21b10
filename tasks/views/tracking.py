"""Milestones, progress updates and risks of a card: the forms and buttons of their tabs."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from collab.views.helpers import allowed_or_back, form_page, post_action

from .. import forms, selectors, services
from ..models import Card
from ..permissions import card_require
from .cards import back_to_card


def _card_form(request, card, *, form, run, success, tab, title, submit_label, **context):
    return form_page(
        request,
        form=form,
        run=run,
        success=success,
        back=lambda: back_to_card(card, tab),
        template="tasks/form_page.html",
        context={"card": card, "title": title, "submit_label": submit_label, **context},
    )


# --- milestones -------------------------------------------------------------------------


def _milestone_form(request, card, milestone=None):
    """Add or change a milestone: directly on a draft, with a reason on an active card."""
    refused = allowed_or_back(
        request,
        lambda: card_require(request.user, card, "edit_milestones"),
        lambda: back_to_card(card, "milestones"),
    )
    if refused:
        return refused
    form = forms.MilestoneForm(
        request.POST or None,
        instance=milestone,
        needs_reason=card.status == Card.Status.ACTIVE,
    )

    def run(data):
        reason = data.pop("reason", "")
        if milestone is None:
            services.milestone_add(card=card, by=request.user, reason=reason, **data)
        else:
            services.milestone_update(
                milestone=milestone, by=request.user, values=data, reason=reason
            )

    success = (
        _("The change is sent to the departments for confirmation.")
        if card.status == Card.Status.ACTIVE
        else _("Milestone saved.")
    )
    return _card_form(
        request,
        card,
        form=form,
        run=run,
        success=success,
        tab="milestones",
        title=_("Change the milestone") if milestone else _("Add a milestone"),
        submit_label=_("Save"),
        intro=_(
            "The card is signed: the departments confirm the change again and the letter is "
            "signed anew."
        )
        if card.status == Card.Status.ACTIVE
        else "",
    )


@login_required
def milestone_add(request, code):
    card = selectors.card_get_for_user(code=code, user=request.user)
    return _milestone_form(request, card)


@login_required
def milestone_edit(request, code, pk):
    card = selectors.card_get_for_user(code=code, user=request.user)
    milestone = get_object_or_404(selectors.card_milestones(card), pk=pk)
    return _milestone_form(request, card, milestone)


@login_required
@require_POST
def milestone_achieved(request, code, pk):
    card = selectors.card_get_for_user(code=code, user=request.user)
    milestone = get_object_or_404(selectors.card_milestones(card), pk=pk)
    return post_action(
        request,
        run=lambda: services.milestone_mark_achieved(milestone=milestone, by=request.user),
        success=_("Milestone marked as reached."),
        back=lambda: back_to_card(card, "milestones"),
    )


# --- progress ---------------------------------------------------------------------------


@login_required
@require_POST
def progress_update_add(request, code):
    card = selectors.card_get_for_user(code=code, user=request.user)
    perms = selectors.card_permissions_of(request.user, card)
    return _card_form(
        request,
        card,
        form=forms.ProgressUpdateForm(request.POST, departments=perms.progress_departments),
        run=lambda data: services.progress_update_add(card=card, by=request.user, **data),
        success=_("Progress update posted."),
        tab="progress",
        title=_("Post progress"),
        submit_label=_("Post progress"),
    )


# --- risks ------------------------------------------------------------------------------


@login_required
@require_POST
def risk_raise(request, code):
    card = selectors.card_get_for_user(code=code, user=request.user)
    return _card_form(
        request,
        card,
        form=forms.RiskForm(request.POST),
        run=lambda data: services.risk_raise(card=card, by=request.user, **data),
        success=_("Risk raised; a coordination decision is due in 24 hours."),
        tab="risks",
        title=_("Raise a risk"),
        submit_label=_("Raise"),
    )


def _risk(request, code, pk):
    card = selectors.card_get_for_user(code=code, user=request.user)
    return card, get_object_or_404(selectors.card_risks(card), pk=pk)


@login_required
def risk_edit(request, code, pk):
    card, risk = _risk(request, code, pk)
    return _card_form(
        request,
        card,
        form=forms.RiskForm(request.POST or None, instance=risk),
        run=lambda data: services.risk_update(risk=risk, by=request.user, values=data),
        success=_("Risk saved."),
        tab="risks",
        title=_("Edit the risk"),
        submit_label=_("Save"),
    )


@login_required
def risk_coordinate(request, code, pk):
    card, risk = _risk(request, code, pk)
    return _card_form(
        request,
        card,
        form=forms.RiskCoordinationForm(request.POST or None),
        run=lambda data: services.risk_coordinate(risk=risk, by=request.user, **data),
        success=_("Coordination decision recorded."),
        tab="risks",
        title=_("Coordinate the risk"),
        submit_label=_("Record the decision"),
        intro=risk.description,
    )


@login_required
@require_POST
def risk_close(request, code, pk):
    card, risk = _risk(request, code, pk)
    return post_action(
        request,
        run=lambda: services.risk_close(risk=risk, by=request.user),
        success=_("Risk closed."),
        back=lambda: back_to_card(card, "risks"),
    )
