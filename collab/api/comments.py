"""Comment threads over the API, for any discussable object (collab.threads): a domain app
registers `comment_viewset(kind, ...)` under its object's route, e.g.
`/api/v1/cards/{card_code}/comments/`. Whoever may not see the object gets 404; the rules
are the services' (collab.services.comments), the same as on the pages."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from collab.converters import ID_PATTERN
from collab.models import Comment, CommentAttachment
from collab.models.comments import COMMENT_MAX_LENGTH
from collab.selectors.comments import attachment_get_for_user, comments_of
from collab.services.comments import (
    MAX_ATTACHMENTS,
    comment_add,
    comment_edit,
    comment_remove,
    mentions_mark_read,
)
from collab.threads import discussable_by_kind, may_change_comment, thread_is_writable
from collab.uploads import UPLOAD_HELP
from collab.views.helpers import file_attachment

from .downloads import DownloadMixin, OctetStreamRenderer
from .idempotency import IdempotentCreateMixin
from .mixins import NestedMixin, ValidateMixin
from .serializers import UserBriefSerializer


class CommentAttachmentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text=_("Download it here (an attachment)."))

    class Meta:
        model = CommentAttachment
        fields = ["id", "name", "size", "url"]

    def get_url(self, attachment) -> str:
        path = reverse("api-comment-attachment-detail", args=[attachment.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class CommentSerializer(serializers.ModelSerializer):
    author = UserBriefSerializer(read_only=True)
    body_html = serializers.CharField(
        read_only=True, help_text=_("The Markdown as sanitised HTML, mentions highlighted.")
    )
    removed = serializers.SerializerMethodField()
    can_change = serializers.SerializerMethodField(
        help_text=_("Whether the caller may edit or remove it now (its author, while open).")
    )
    attachments = CommentAttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = Comment
        fields = [
            "id",
            "author",
            "body",
            "body_html",
            "created_at",
            "edited_at",
            "removed",
            "can_change",
            "attachments",
        ]

    def get_removed(self, comment) -> bool:
        return comment.is_removed

    def get_can_change(self, comment) -> bool:
        user = self.context["request"].user
        return may_change_comment(user, comment, writable=self.context.get("writable", False))


class CommentInputSerializer(serializers.Serializer):
    body = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        trim_whitespace=False,
        max_length=COMMENT_MAX_LENGTH,
        label=pgettext_lazy("discussion", "comment"),
        help_text=_("Markdown. `@username` notifies that person if they may see the object."),
    )
    attachments = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        default=list,
        max_length=MAX_ATTACHMENTS,
        label=_("attachments"),
        help_text=UPLOAD_HELP,
    )


class CommentEditSerializer(serializers.Serializer):
    body = serializers.CharField(
        allow_blank=True,
        trim_whitespace=False,
        max_length=COMMENT_MAX_LENGTH,
        label=pgettext_lazy("discussion", "comment"),
    )


class CommentViewSetBase(
    IdempotentCreateMixin,
    NestedMixin,
    ValidateMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    """An object's comments, oldest first. Listing them marks the caller's mentions in
    them read."""

    queryset = Comment.objects.none()
    serializer_class = CommentSerializer
    filter_backends = []
    lookup_value_regex = ID_PATTERN
    kind = ""

    def get_parent(self):
        discussable = discussable_by_kind(self.kind)
        return discussable.get_for_user(self.kwargs[self.parent_lookup], self.request.user)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False):
            discussable = discussable_by_kind(self.kind)
            context["writable"] = thread_is_writable(discussable, self.request.user, self.parent)
        return context

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return comments_of(self.parent)

    def get_object(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def list(self, request, *args, **kwargs):
        """The comments, oldest first."""
        response = super().list(request, *args, **kwargs)
        mentions_mark_read(user=request.user, comments=self._page_comments)
        return response

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        self._page_comments = page or []
        return page

    @extend_schema(request=CommentInputSerializer, responses={201: CommentSerializer})
    def create(self, request, *args, **kwargs):
        """Add a comment (JSON, or multipart with files in `attachments`). Who may call it:
        whoever may see the object, while its rules allow comments (a closed card's
        discussion is read-only)."""
        target = self.parent
        data = self.validated(CommentInputSerializer)
        comment = comment_add(target=target, by=request.user, **data)
        comment = get_object_or_404(comments_of(target), pk=comment.pk)
        return self.respond(CommentSerializer, comment, status.HTTP_201_CREATED)

    @extend_schema(request=CommentEditSerializer, responses=CommentSerializer)
    def partial_update(self, request, *args, **kwargs):
        """Change one's own comment's text. Who may call it: its author, while the object
        takes comments."""
        comment = self.get_object()
        data = self.validated(CommentEditSerializer)
        comment_edit(comment=comment, body=data["body"], by=request.user)
        return self.respond(CommentSerializer, self.get_object())

    @extend_schema(responses={204: None})
    def destroy(self, request, *args, **kwargs):
        """Remove one's own comment: its text and files go, its place stays. Who may call
        it: its author, while the object takes comments."""
        comment_remove(comment=self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


def comment_viewset(kind: str, *, lookup: str, description: str) -> type[CommentViewSetBase]:
    """The comments viewset of the objects registered as `kind`, found by the URL's
    `lookup` keyword."""
    parameter = OpenApiParameter(lookup, str, OpenApiParameter.PATH, description=description)
    viewset = type(
        f"{kind.title().replace('-', '')}CommentViewSet",
        (CommentViewSetBase,),
        {
            "kind": kind,
            "parent_lookup": lookup,
            "http_method_names": ["get", "post", "patch", "delete", "head", "options"],
        },
    )
    return extend_schema(parameters=[parameter])(viewset)


class CommentAttachmentViewSet(DownloadMixin, viewsets.GenericViewSet):
    """A comment's file, as an attachment, for whoever may see the comment's object."""

    queryset = CommentAttachment.objects.none()
    renderer_classes = [OctetStreamRenderer, JSONRenderer]

    @extend_schema(
        responses={(200, "application/octet-stream"): OpenApiResponse(description="The file.")}
    )
    def retrieve(self, request, pk=None):
        attachment = attachment_get_for_user(pk=pk, user=request.user)
        return file_attachment(
            request, attachment.file, attachment.name, "application/octet-stream"
        )
