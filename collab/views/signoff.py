"""Sign-off pages: the queue, reviewing and signing, PDFs, delegations, public verification."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from collab.client import client_address

from .. import documents, services, signables
from ..errors import RuleViolation
from ..forms import DelegationForm, SignatureDecisionForm, VerificationForm
from ..models import Delegation
from ..selectors import signoff as signoff_selectors
from .helpers import add_rule_violation, pdf_response


@login_required
def signoff_queue(request):
    awaiting = list(signoff_selectors.signature_requests_awaiting(request.user))
    for item in awaiting:
        item.type_title = signables.get(item.document_type).title
    return render(
        request,
        "collab/signoff_queue.html",
        {
            "awaiting": awaiting,
            "requested": signoff_selectors.signature_requests_for_user(request.user).filter(
                requested_by=request.user
            )[:20],
        },
    )


@login_required
def signoff_detail(request, pk):
    signature_request = signoff_selectors.signature_request_get_for_user(pk=pk, user=request.user)
    can_sign = signature_request.is_pending and bool(
        signoff_selectors.signable_slots_for_user(
            request=signature_request, user=request.user, today=timezone.localdate()
        )
    )
    form = SignatureDecisionForm(request.POST or None)
    if request.method == "POST" and can_sign and form.is_valid():
        try:
            services.signature_sign(
                request=signature_request,
                user=request.user,
                decision=form.cleaned_data["decision"],
                comment=form.cleaned_data["comment"],
                password=form.cleaned_data["password"],
                ip_address=client_address(request),
                user_agent=request.headers.get("User-Agent", ""),
            )
        except RuleViolation as error:
            add_rule_violation(form, error)
        else:
            messages.success(request, _("Your decision is recorded."))
            return redirect("signoff-detail", pk=pk)
    return render(
        request,
        "collab/signoff_detail.html",
        {
            **documents.document_context(signature_request),
            "signature_request": signature_request,
            "can_sign": can_sign,
            "form": form,
        },
    )


@login_required
def signoff_pdf(request, pk):
    signature_request = signoff_selectors.signature_request_get_for_user(pk=pk, user=request.user)
    try:
        generated = services.generated_document_for_download(
            request=signature_request, language=get_language()
        )
    except RuleViolation as error:  # e.g. the media folder cannot be written
        messages.error(request, " ".join(error.messages))
        return redirect("signoff-detail", pk=pk)
    if generated is None:
        return render(
            request, "collab/document_preparing.html", {"signature_request": signature_request}
        )
    return pdf_response(request, generated)


@login_required
def signoff_pdf_status(request, pk):
    """Polled by the preparing page (htmx) until the heavy document is ready."""
    signature_request = signoff_selectors.signature_request_get_for_user(pk=pk, user=request.user)
    generated, _state = services.generated_document_find(
        request=signature_request, language=get_language()
    )
    return render(
        request,
        "collab/_document_status.html",
        {"signature_request": signature_request, "ready": generated is not None},
    )


@login_required
def delegation_list(request):
    form = DelegationForm(request.POST or None, delegator=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.delegation_create(delegator=request.user, **form.cleaned_data)
        except RuleViolation as error:
            add_rule_violation(form, error)
        else:
            messages.success(request, _("Your delegation is saved."))
            return redirect("delegations")
    return render(
        request,
        "collab/delegations.html",
        {
            "form": form,
            "delegations": signoff_selectors.delegations_of(request.user),
            "is_head": request.user.headed_departments.filter(is_active=True).exists(),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def delegation_revoke(request, pk):
    delegation = get_object_or_404(Delegation, pk=pk, delegator=request.user)
    services.delegation_revoke(delegation=delegation, by=request.user)
    messages.success(request, _("The delegation is revoked."))
    return redirect("delegations")


def _client_key(group, request) -> str:
    return client_address(request) or "unknown"


def _verify_rate(group, request) -> str:
    """The API's "verify" throttle rate ("30/minute" -> "30/m"): one budget for both."""
    count, period = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["verify"].split("/")
    return f"{count}/{period[0]}"


def _too_many_verifications(request):
    return render(
        request,
        "collab/verify.html",
        {
            "form": VerificationForm(),
            "refusal": _("Too many verification requests from your address. Wait a minute."),
        },
        status=429,
    )


@ratelimit(group="verify", key=_client_key, rate=_verify_rate, method="POST", block=False)
def verify(request):
    """Public: is this document authentic and unchanged? Never shows its content."""
    if request.limited:
        return _too_many_verifications(request)
    form = VerificationForm(request.POST or None, request.FILES or None)
    result = identical_file = None
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["pdf"] is not None:
                checked = signoff_selectors.verify_upload(form.cleaned_data["pdf"])
                result, identical_file = checked.verification, checked.identical_file
            else:
                result = signoff_selectors.verify_code(form.cleaned_data["code"])
        except RuleViolation as error:
            add_rule_violation(form, error)
    return render(
        request,
        "collab/verify.html",
        {
            "form": form,
            "result": result,
            "identical_file": identical_file,
            **_result_context(result),
        },
    )


@ratelimit(group="verify", key=_client_key, rate=_verify_rate, block=False)
def verify_code(request, code):
    if request.limited:
        return _too_many_verifications(request)
    result = signoff_selectors.verify_code(code)
    return render(
        request,
        "collab/verify.html",
        {
            "form": VerificationForm(initial={"code": code}),
            "result": result,
            **_result_context(result),
        },
    )


def _result_context(result):
    if result is None or result.request is None:
        return {}
    return {
        "type_title": signables.get(result.request.document_type).title,
        "formatted_code": documents.formatted_code(result.request.verification_code),
    }
