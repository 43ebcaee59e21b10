"""A meeting's pre-reads over the API (`/api/v1/meetings/{code}/pre-reads/`): list, upload,
remove, download. Files go out only to those who may see the meeting, as attachments."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from collab.api.downloads import DownloadMixin, OctetStreamRenderer
from collab.api.schema import action_schema
from collab.uploads import UPLOAD_HELP
from collab.views.helpers import file_attachment

from .. import selectors, services
from ..models import MeetingAttachment
from .calling import who
from .rows import MEETING_CODE, MeetingChildViewSet


class PreReadSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = MeetingAttachment
        fields = ["id", "name", "size", "uploaded_at", "download_url"]

    def get_download_url(self, attachment) -> str:
        return reverse(
            "api-meeting-pre-read-download",
            kwargs={"meeting_code": attachment.meeting.code, "pk": attachment.pk},
        )


class PreReadInputSerializer(serializers.Serializer):
    # Optional here: the service says "Choose a file." in the one error shape.
    file = serializers.FileField(required=False, label=_("file"), help_text=UPLOAD_HELP)


@extend_schema(parameters=[MEETING_CODE])
class PreReadViewSet(DownloadMixin, mixins.ListModelMixin, MeetingChildViewSet):
    """The meeting's pre-reads, sent as links with the notice."""

    queryset = MeetingAttachment.objects.none()
    serializer_class = PreReadSerializer
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return selectors.pre_reads_of(self.parent).select_related("meeting")

    def get_object(self):
        return selectors.pre_read_get(self.parent, self.kwargs["pk"])

    @action_schema(
        who=who("edit"),
        request={"multipart/form-data": PreReadInputSerializer},
        responses={201: PreReadSerializer},
    )
    def create(self, request, meeting_code=None):
        """Upload a pre-read (allowed types, within the size limit)."""
        meeting = self.parent
        data = self.validated(PreReadInputSerializer)
        attachment = services.pre_read_add(
            meeting=meeting, by=request.user, upload=data.get("file")
        )
        return self.respond(PreReadSerializer, attachment, status.HTTP_201_CREATED)

    @action_schema(who=who("edit"), request=None, responses={204: None})
    def destroy(self, request, meeting_code=None, pk=None):
        """Remove a pre-read."""
        services.pre_read_remove(attachment=self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        responses={(200, "application/octet-stream"): OpenApiResponse(description=_("The file."))}
    )
    @action(detail=True, methods=["get"], renderer_classes=[OctetStreamRenderer, JSONRenderer])
    def download(self, request, meeting_code=None, pk=None):
        """The file, as an attachment."""
        stored = self.get_object()
        return file_attachment(request, stored.file, stored.name, "application/octet-stream")
