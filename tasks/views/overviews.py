"""A department's overview, for its head, its overseeing executive and administrators; the
monthly risk report, for executives and administrators."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from collab.errors import RuleViolation
from collab.views.helpers import attachment

from .. import documents, overviews


@login_required
@require_GET
def department_overview(request, code):
    department = overviews.department_get_for_overview(code=code, user=request.user)
    return render(
        request,
        "tasks/overview_department.html",
        {
            "overview": overviews.department_overview(request.user, department),
            "today": timezone.localdate(),
        },
    )


def _risk_report_or_error(request):
    """The report of `?month=`, or the field error a bad month makes (None, message)."""
    try:
        return overviews.risk_report_for_user(request.user, month=request.GET.get("month")), None
    except RuleViolation as error:  # only once the caller may read a report
        return None, error.message


@login_required
@require_GET
def risk_report(request):
    """The executive's monthly risk report (协同风险报告): the figures and the PDF's links;
    404 for anyone neither an executive nor an administrator, 400 for a bad month."""
    report, error = _risk_report_or_error(request)
    context = {
        "report": report,
        "month_error": error,
        "month": report.month_code if report else request.GET.get("month", ""),
        "latest_month": timezone.localdate().strftime("%Y-%m"),
    }
    return render(request, "tasks/risk_report.html", context, status=400 if error else 200)


@login_required
@require_GET
def risk_report_pdf(request):
    report, error = _risk_report_or_error(request)
    if error:
        return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")
    try:
        language = documents.document_language(request.GET.get("lang"))
    except RuleViolation as refused:
        return HttpResponse(refused.message, status=400, content_type="text/plain; charset=utf-8")
    content = documents.risk_report_pdf(report, language=language)
    return attachment(content, f"risk-report-{report.month_code}-{language}.pdf", "application/pdf")
