"""Public verification over the API: by code (GET or POST) or by uploading the PDF (POST)."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from collab import signables
from collab.api.fields import named_choice_field
from collab.api.parsers import JSONParser
from collab.client import client_address
from collab.documents import formatted_code
from collab.selectors import role_label
from collab.selectors import signoff as signoff_selectors


class VerificationStatus(models.TextChoices):
    VALID = "valid", _("valid")
    CHANGED = "changed", _("changed since signing")
    UNKNOWN = "unknown", _("unknown")
    NOT_ISSUED = "not_issued", _("not issued by Crossdesk")


VerificationStatusField = named_choice_field("VerificationStatus", VerificationStatus)


class VerifyInputSerializer(serializers.Serializer):
    code = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=40,
        help_text=_("As printed at the foot of each page, e.g. ABCD-EFGH-JKMN; any case."),
    )
    pdf = serializers.FileField(
        required=False, allow_null=True, help_text=_("A PDF issued by Crossdesk, at most 10 MB.")
    )

    def validate(self, data):
        if not data.get("code") and not data.get("pdf"):
            raise serializers.ValidationError(
                _("Enter the verification code or upload the PDF."), code="empty"
            )
        return data


class VerifiedSignerSerializer(serializers.Serializer):
    name = serializers.CharField(source="signature.signer.name")
    on_behalf_of = serializers.CharField(
        source="signature.on_behalf_of.name", allow_null=True, default=None
    )
    role = serializers.SerializerMethodField()
    decision = serializers.CharField(source="signature.decision")
    signed_at = serializers.DateTimeField(source="signature.signed_at")
    valid = serializers.BooleanField()

    def get_role(self, check) -> str:
        place = check.signature.required_signer
        return role_label(place.role, place.department) if place else ""


class VerificationSerializer(serializers.Serializer):
    """What the code proves; never the document's content."""

    status = VerificationStatusField(
        help_text=_(
            "valid: unchanged since signed; changed: the signatures no longer cover the "
            "document; unknown: no Crossdesk document has this code; not_issued: the uploaded "
            "file differs from every file Crossdesk issued, so it proves nothing (compare it "
            "with original_url)."
        ),
    )
    document_type = serializers.CharField(allow_null=True)
    document_title = serializers.CharField(allow_null=True)
    document_code = serializers.CharField(allow_null=True)
    version = serializers.IntegerField(allow_null=True)
    verification_code = serializers.CharField(allow_null=True)
    signers = VerifiedSignerSerializer(many=True)
    original_url = serializers.URLField(
        allow_null=True,
        help_text=_("The public verification page of the document with this code."),
    )
    identical_file = serializers.BooleanField(
        allow_null=True,
        help_text=_(
            "For an upload: whether the file is byte for byte one Crossdesk issued; null for a "
            "code."
        ),
    )


def _answer(verification, identical_file=None, *, http_request) -> dict:
    request = verification.request
    original = reverse("verify-code", args=[request.verification_code]) if request else None
    return {
        "status": verification.status,
        "document_type": request.document_type if request else None,
        "document_title": str(signables.get(request.document_type).title) if request else None,
        "document_code": request.document_code if request else None,
        "version": request.version if request else None,
        "verification_code": formatted_code(request.verification_code) if request else None,
        "signers": VerifiedSignerSerializer(verification.checks, many=True).data,
        "original_url": http_request.build_absolute_uri(original) if original else None,
        "identical_file": identical_file,
    }


class VerifyThrottle(ScopedRateThrottle):
    """Counts per client as collab.client resolves it, like the /verify/ page; DRF's own
    guess believes any X-Forwarded-For, a new one per request."""

    def get_ident(self, request):
        return client_address(request) or "unknown"


class VerifyView(APIView):
    """Is a Crossdesk document authentic and unchanged? Public, like the /verify/ page."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [VerifyThrottle]
    throttle_scope = "verify"
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(
        parameters=[OpenApiParameter("code", str, required=True)],
        responses=VerificationSerializer,
    )
    def get(self, request):
        """Verify by code: `?code=ABCD-EFGH-JKMN`."""
        data = VerifyInputSerializer(data=request.query_params)
        data.is_valid(raise_exception=True)
        return self._verify(data.validated_data)

    @extend_schema(request=VerifyInputSerializer, responses=VerificationSerializer)
    def post(self, request):
        """Verify by code, or upload the PDF as `pdf` (multipart)."""
        data = VerifyInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._verify(data.validated_data)

    def _verify(self, data) -> Response:
        if data.get("pdf"):
            checked = signoff_selectors.verify_upload(data["pdf"])
            return Response(
                _answer(checked.verification, checked.identical_file, http_request=self.request)
            )
        return Response(
            _answer(signoff_selectors.verify_code(data["code"]), http_request=self.request)
        )
