"""The monthly risk report (协同风险报告) as a PDF: an executive's departments' risks and
overdue milestones of one month (figures from tasks.overviews.risk_report)."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from collab.documents import render_unsigned_pdf

from ..overviews import RiskReport

RISK_REPORT_TITLE = gettext_lazy("Collaboration risk report")


def _hours(value: float | None) -> str:
    return _("%(hours)s h") % {"hours": value} if value is not None else "—"


def risk_report_context(report: RiskReport, *, language: str) -> dict:
    """What the document shows, in the active language."""
    separator = "、" if language.startswith("zh") else ", "
    rows = [*report.levels, report.total]
    return {
        "report": report,
        "departments": separator.join(str(department) for department in report.departments),
        "figures": [
            (_("Cards"), len(report.cards)),
            (_("Open risks at the month's end"), report.total.open),
            (_("Risks raised in the month"), report.total.raised),
            (_("Risks closed in the month"), report.total.closed),
            (_("Average time to coordination"), _hours(report.total.average_hours)),
            (_("Overdue milestones"), len(report.overdue_milestones)),
        ],
        "rows": rows,
        "coordination_rows": [
            {
                "label": row.label,
                "coordinated": row.coordinated,
                "late": row.coordinated_late,
                "average": _hours(row.average_hours),
                "longest": _hours(row.longest_hours),
            }
            for row in rows
        ],
    }


def risk_report_pdf(report: RiskReport, *, language: str) -> bytes:
    """The report as a PDF in `language`, with the title in the other language beneath."""
    with translation.override(language), timezone.override(settings.TIME_ZONE):
        return render_unsigned_pdf(
            template="tasks/documents/risk_report.html",
            context=risk_report_context(report, language=language),
            title=RISK_REPORT_TITLE,
            code=f"RR-{report.month_code}",
            language=language,
        )
