"""API for sign-off: signature requests (mine, with filters), signing, the PDF."""

import django_filters
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from collab import services, signables
from collab.client import client_address
from collab.converters import ID_PATTERN
from collab.documents import formatted_code
from collab.filters import StrictBooleanFilter
from collab.models import RequiredSigner, Signature, SignatureRequest
from collab.selectors import role_label
from collab.selectors import signoff as signoff_selectors
from collab.views.helpers import pdf_response

from .downloads import DownloadMixin, PdfRenderer
from .serializers import UserBriefSerializer


class RequiredSignerSerializer(serializers.ModelSerializer):
    user = UserBriefSerializer(read_only=True)
    department = serializers.SlugRelatedField(slug_field="code", read_only=True)
    label = serializers.SerializerMethodField()

    class Meta:
        model = RequiredSigner
        fields = ["user", "role", "department", "label"]

    def get_label(self, place) -> str:
        return role_label(place.role, place.department)


class SignatureSerializer(serializers.ModelSerializer):
    signer = UserBriefSerializer(read_only=True)
    on_behalf_of = UserBriefSerializer(read_only=True)

    class Meta:
        model = Signature
        fields = ["signer", "on_behalf_of", "decision", "comment", "signed_at", "content_hash"]


class SignatureRequestSerializer(serializers.ModelSerializer):
    document_title = serializers.SerializerMethodField()
    requested_by = UserBriefSerializer(read_only=True)
    required_signers = RequiredSignerSerializer(many=True, read_only=True)
    signatures = SignatureSerializer(many=True, read_only=True)
    overdue = serializers.SerializerMethodField()
    verification_code = serializers.SerializerMethodField()
    pdf_url = serializers.SerializerMethodField()
    review_url = serializers.SerializerMethodField()

    class Meta:
        model = SignatureRequest
        fields = [
            "id",
            "document_type",
            "document_title",
            "document_code",
            "version",
            "status",
            "mode",
            "requested_by",
            "requested_at",
            "due_at",
            "overdue",
            "decided_at",
            "verification_code",
            "required_signers",
            "signatures",
            "pdf_url",
            "review_url",
        ]

    def get_document_title(self, request) -> str:
        return str(signables.get(request.document_type).title)

    def get_overdue(self, request) -> bool:
        return request.is_pending and request.due_at < timezone.now()

    def get_verification_code(self, request) -> str:
        return formatted_code(request.verification_code)

    def get_pdf_url(self, request) -> str:
        return self._absolute(reverse("signature-request-pdf", args=[request.pk]))

    def get_review_url(self, request) -> str:
        return self._absolute(reverse("signoff-detail", args=[request.pk]))

    def _absolute(self, path):
        http_request = self.context.get("request")
        return http_request.build_absolute_uri(path) if http_request else path


class SignatureCheckSerializer(serializers.Serializer):
    signer = serializers.CharField(source="signature.signer.username")
    valid = serializers.BooleanField()


class SignatureRequestDetailSerializer(SignatureRequestSerializer):
    verification = serializers.SerializerMethodField()

    class Meta(SignatureRequestSerializer.Meta):
        fields = [*SignatureRequestSerializer.Meta.fields, "verification"]

    def get_verification(self, request) -> dict:
        result = signoff_selectors.signature_checks(request)
        return {
            "status": result.status,
            "content_matches": result.content_matches,
            "chain_intact": result.chain_intact,
            "signatures": SignatureCheckSerializer(result.checks, many=True).data,
        }


class SignInputSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=Signature.Decision.choices)
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    password = serializers.CharField(write_only=True, trim_whitespace=False)


class SignatureRequestFilter(django_filters.FilterSet):
    awaiting = StrictBooleanFilter(
        method="filter_awaiting", label=_("Only requests waiting for my signature")
    )
    overdue = StrictBooleanFilter(method="filter_overdue", label=_("Pending and past due"))
    status = django_filters.ChoiceFilter(choices=SignatureRequest.Status.choices)
    document_type = django_filters.ChoiceFilter(choices=signables.choices)
    document_code = django_filters.CharFilter(field_name="document_code", lookup_expr="iexact")

    class Meta:
        model = SignatureRequest
        fields = ["status", "document_type", "document_code"]

    def filter_awaiting(self, queryset, name, value):
        awaiting = signoff_selectors.signature_requests_awaiting(self.request.user).values("pk")
        return queryset.filter(pk__in=awaiting) if value else queryset.exclude(pk__in=awaiting)

    def filter_overdue(self, queryset, name, value):
        overdue = {"status": SignatureRequest.Status.PENDING, "due_at__lt": timezone.now()}
        return queryset.filter(**overdue) if value else queryset.exclude(**overdue)


class SignatureRequestViewSet(DownloadMixin, viewsets.ReadOnlyModelViewSet):
    """Signature requests I made, must sign, or sign for as a deputy."""

    lookup_value_regex = ID_PATTERN

    # For the schema only; get_queryset() decides what a caller sees.
    queryset = SignatureRequest.objects.none()
    filterset_class = SignatureRequestFilter
    search_fields = ["document_code"]
    ordering_fields = ["requested_at", "due_at"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return signoff_selectors.signature_requests_for_user(self.request.user).prefetch_related(
            "required_signers__user",
            "required_signers__department",
            "signatures__signer",
            "signatures__on_behalf_of",
        )

    def get_serializer_class(self):
        if self.action == "list":
            return SignatureRequestSerializer
        if self.action == "sign":
            return SignInputSerializer
        return SignatureRequestDetailSerializer

    def get_object(self):
        return signoff_selectors.signature_request_get_for_user(
            pk=self.kwargs["pk"], user=self.request.user
        )

    @extend_schema(request=SignInputSerializer, responses=SignatureRequestDetailSerializer)
    @action(detail=True, methods=["post"])
    def sign(self, request, pk=None):
        """Approve or reject; needs the signer's password. Rejection needs a comment."""
        signature_request = self.get_object()
        data = SignInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.signature_sign(
            request=signature_request,
            user=request.user,
            ip_address=client_address(request),
            user_agent=request.headers.get("User-Agent", ""),
            **data.validated_data,
        )
        signature_request.refresh_from_db()
        return Response(
            SignatureRequestDetailSerializer(signature_request, context={"request": request}).data
        )

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiResponse(description="The PDF"),
            202: OpenApiResponse(description="Being rendered; retry after a few seconds"),
        }
    )
    @action(detail=True, methods=["get"], renderer_classes=[PdfRenderer, JSONRenderer])
    def pdf(self, request, pk=None):
        """The document as a PDF, with every signature and its validity."""
        signature_request = self.get_object()
        generated = services.generated_document_for_download(
            request=signature_request, language=get_language()
        )
        if generated is None:
            return Response(
                {"detail": _("The PDF is being rendered."), "code": "rendering", "fields": {}},
                status=status.HTTP_202_ACCEPTED,
                headers={"Retry-After": "3"},
            )
        return pdf_response(request, generated)
