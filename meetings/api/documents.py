"""Publishing and formalising minutes over the API, and their PDFs.

The meeting is found through the selector (404 for whoever may not see it); each action
calls the same service as the page, so the rules and the field errors are the same.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from collab.api.downloads import DownloadMixin, PdfRenderer
from collab.api.mixins import ValidateMixin
from collab.api.schema import action_schema
from collab.errors import RuleViolation
from collab.models import Department
from collab.views.helpers import attachment, file_attachment

from .. import selectors, services
from ..documents import DOCUMENT_LANGUAGE, document_language, minutes_pdf, minutes_pdf_name
from ..models import Meeting, MinutesVersion
from ..permissions import MEETING_RULES
from ..publication import formalisation_rows, minutes_version_get


class MinutesVersionSerializer(serializers.ModelSerializer):
    published_by = serializers.CharField(source="published_by.name", read_only=True)

    class Meta:
        model = MinutesVersion
        fields = ["number", "published_at", "published_by", "correction_note"]


class CorrectMinutesInputSerializer(serializers.Serializer):
    note = serializers.CharField(label=_("what this version corrects"), max_length=2000)


class ProcessNodeInputSerializer(serializers.Serializer):
    name = serializers.CharField(label=_("process node"), max_length=200)
    department = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Department.objects.filter(is_active=True),
        label=_("responsible department"),
        help_text=_("The department's code, e.g. FIN."),
    )


class FormaliseInputSerializer(serializers.Serializer):
    # A plain string (checked by the service, a field error when unknown): "kind" enums of
    # several apps would collide in the schema's component names.
    kind = serializers.CharField(
        label=_("kind"),
        help_text=_(
            "“letter”: collaboration confirmation letter; “process”: process approval form."
        ),
    )
    summary = serializers.CharField(label=_("what is agreed"), max_length=4000)
    nodes = ProcessNodeInputSerializer(many=True, required=False, default=list)


class FormalisationSerializer(serializers.Serializer):
    code = serializers.CharField(source="formalisation.code")
    kind = serializers.CharField(source="formalisation.kind")
    summary = serializers.CharField(source="formalisation.summary")
    minutes_version = serializers.IntegerField(source="formalisation.minutes_version")
    created_at = serializers.DateTimeField(source="formalisation.created_at")
    nodes = serializers.SerializerMethodField()
    signature_request = serializers.SerializerMethodField()

    def get_nodes(self, row) -> list[dict]:
        return [
            {"position": node.position, "name": node.name, "department": node.department.code}
            for node in row.formalisation.process_nodes.all()
        ]

    def get_signature_request(self, row) -> dict | None:
        request = row.request
        if request is None:
            return None
        return {"id": request.pk, "version": request.version, "status": request.status}


LANG = OpenApiParameter(
    "lang", str, enum=["en", "zh-hans"], description="The PDF's language; the caller's if left out."
)
VERSION = OpenApiParameter(
    "version", int, description="A published version; the latest if left out."
)
PDF = {(200, "application/pdf"): OpenApiResponse(description="The PDF, as an attachment.")}


class MeetingDocumentActions(ValidateMixin, DownloadMixin):
    """The `publish-minutes`, `correct-minutes` and `formalize` actions of MeetingViewSet,
    the minutes PDF and the formalisations list."""

    # Lets the schema know the object behind `{code}`; the objects come from the selector.
    queryset = Meeting.objects.none()

    def _meeting(self, code):
        return selectors.meeting_get_for_user(code=code, user=self.request.user)

    @action_schema(
        who=str(MEETING_RULES["publish"].not_you),
        request=None,
        responses={201: MinutesVersionSerializer},
    )
    @action(detail=True, methods=["post"], url_path="publish-minutes")
    def publish_minutes(self, request, code=None):
        """Freeze the draft minutes as their next version and send them, with the PDF, to
        the participating departments' heads and the action-item owners (executives in
        CC). Refused with a field error on `conclusions` when there are none."""
        version = services.minutes_publish(meeting=self._meeting(code), by=request.user)
        return self.respond(MinutesVersionSerializer, version, status.HTTP_201_CREATED)

    @action_schema(
        who=str(MEETING_RULES["correct"].not_you),
        request=CorrectMinutesInputSerializer,
        responses={200: None},
    )
    @action(detail=True, methods=["post"], url_path="correct-minutes")
    def correct_minutes(self, request, code=None):
        """Open published minutes as the draft of the next version; the published one stays."""
        meeting = self._meeting(code)
        data = self.validated(CorrectMinutesInputSerializer)
        minutes = services.minutes_correct(meeting=meeting, by=request.user, note=data["note"])
        return Response({"status": minutes.status, "version": minutes.version})

    @action_schema(
        who=str(MEETING_RULES["formalise"].not_you),
        request=FormaliseInputSerializer,
        responses={201: FormalisationSerializer},
    )
    @action(detail=True, methods=["post"])
    def formalize(self, request, code=None):
        """Turn published minutes into a collaboration confirmation letter (`letter`) or a
        process approval form (`process`, with `nodes`), signed by the involved heads."""
        meeting = self._meeting(code)
        data = self.validated(FormaliseInputSerializer)
        formalisation = services.minutes_formalise(
            meeting=meeting,
            by=request.user,
            kind=data["kind"],
            summary=data["summary"],
            nodes=[services.ProcessNodeRow(n["name"], n["department"]) for n in data["nodes"]],
        )
        row = next(r for r in formalisation_rows(meeting) if r.formalisation == formalisation)
        return self.respond(FormalisationSerializer, row, status.HTTP_201_CREATED)

    @extend_schema(responses=FormalisationSerializer(many=True))
    @action(detail=True, methods=["get"])
    def formalisations(self, request, code=None):
        """The meeting's formalised minutes, each with its latest signature request."""
        rows = formalisation_rows(self._meeting(code))
        return Response(FormalisationSerializer(rows, many=True).data)

    @extend_schema(responses=PDF, parameters=[VERSION, LANG])
    @action(
        detail=True,
        methods=["get"],
        url_path="minutes-pdf",
        renderer_classes=[PdfRenderer, JSONRenderer],
    )
    def minutes_pdf(self, request, code=None):
        """A published version of the minutes as a PDF (`?version=`, `?lang=`)."""
        meeting = self._meeting(code)
        number = request.query_params.get("version")
        if number is not None and not number.isdigit():
            raise RuleViolation(_("Give a version number."), field="version")
        version = minutes_version_get(meeting, int(number) if number else None)
        language = document_language(request.query_params.get("lang"))
        name = minutes_pdf_name(meeting.code, version.number, language)
        if language == DOCUMENT_LANGUAGE and version.pdf:
            return file_attachment(request, version.pdf, name, "application/pdf")
        content = minutes_pdf(version.snapshot, language=language)
        return attachment(content, name, "application/pdf")
