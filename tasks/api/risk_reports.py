"""The monthly risk report (协同风险报告) over the API: the figures as JSON, or the PDF with
`Accept: application/pdf`; the same reads as the page (tasks.overviews.risk_report)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from collab.api.downloads import BinaryRenderer, DownloadMixin, PdfRenderer
from collab.views.helpers import attachment

from .. import documents, overviews
from .documents import LANG


class LevelFiguresSerializer(serializers.Serializer):
    level = serializers.CharField(help_text=_("high, medium, low, or total for all levels."))
    label = serializers.CharField()
    open = serializers.IntegerField(help_text=_("Not closed at the month's end."))
    awaiting = serializers.IntegerField(help_text=_("Of those, awaiting coordination."))
    raised = serializers.IntegerField(help_text=_("Raised in the month."))
    closed = serializers.IntegerField(help_text=_("Closed in the month."))
    coordinated = serializers.IntegerField(help_text=_("Coordinated in the month."))
    coordinated_late = serializers.IntegerField(
        help_text=_("Of those, coordinated after the 24-hour limit.")
    )
    average_hours = serializers.FloatField(allow_null=True)
    longest_hours = serializers.FloatField(allow_null=True)


class OverdueMilestoneSerializer(serializers.Serializer):
    card = serializers.CharField(source="card.code")
    name = serializers.CharField()
    due_date = serializers.DateField()
    days_overdue = serializers.IntegerField()


class RiskReportCardSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    initiating_department = serializers.CharField(source="initiating_department.code")
    open_risks = serializers.IntegerField()
    overdue_milestones = serializers.IntegerField()


class RiskReportSerializer(serializers.Serializer):
    month = serializers.CharField(source="month_code")
    as_of = serializers.DateTimeField(help_text=_("The month's end, or now while it runs."))
    complete = serializers.BooleanField(help_text=_("False while the month is under way."))
    departments = serializers.SerializerMethodField(help_text=_("The departments' codes."))
    levels = LevelFiguresSerializer(many=True)
    total = LevelFiguresSerializer()
    overdue_milestones = OverdueMilestoneSerializer(many=True)
    cards = RiskReportCardSerializer(many=True)

    def get_departments(self, report) -> list[str]:
        return [department.code for department in report.departments]


class RiskReportView(DownloadMixin, APIView):
    """The monthly risk report of `month` (YYYY-MM) for the caller's departments: open risks
    by level at the month's end, coordination times, risks raised and closed in the month,
    overdue milestones. JSON, or the PDF with `Accept: application/pdf`.

    **Who may call it:** executives (for the departments they oversee) and administrators
    (every department); anyone else gets a 404. A malformed month, or one not begun, is a
    400 on `month`."""

    renderer_classes = [JSONRenderer, PdfRenderer]

    @extend_schema(
        parameters=[LANG, OpenApiParameter("month", str, OpenApiParameter.PATH)],
        responses={
            (200, "application/json"): RiskReportSerializer,
            (200, "application/pdf"): OpenApiResponse(
                OpenApiTypes.BINARY, description="The PDF, as an attachment."
            ),
        },
    )
    def get(self, request, month):
        report = overviews.risk_report_for_user(request.user, month=month)
        if isinstance(request.accepted_renderer, BinaryRenderer):
            language = documents.document_language(request.query_params.get("lang"))
            content = documents.risk_report_pdf(report, language=language)
            return attachment(
                content, f"risk-report-{report.month_code}-{language}.pdf", "application/pdf"
            )
        return Response(RiskReportSerializer(report).data)
