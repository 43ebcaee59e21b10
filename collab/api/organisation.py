"""API of the organisation: token exchange, departments and people (read-only)."""

import django_filters
from django.contrib.auth import authenticate
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, filters, serializers, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from collab import selectors, services
from collab.converters import ID_PATTERN
from collab.filters import CodeFilter
from collab.models import Department, User

from .authentication import TokenAuthentication
from .errors import ErrorSerializer
from .serializers import UserBriefSerializer
from .throttling import ScopedRateThrottle


class TokenInputSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(
        write_only=True, trim_whitespace=False, style={"input_type": "password"}
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text=_("Send it as `Authorization: Token <token>`."))
    expiry = serializers.DateTimeField(help_text=_("When the token stops working."))


class TokenView(APIView):
    """Exchange a username and password for a token (`Authorization: Token ...`) that
    expires after some hours. Programs that run on their own should use a personal token
    (`/api/v1/tokens/`, or the profile page) instead of a password."""

    # Credentials come in the body; no session, so no CSRF token is needed here.
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"

    def get_authenticate_header(self, request):
        # Without a challenge DRF would turn the 401 for wrong credentials into a 403.
        return TokenAuthentication().authenticate_header(request)

    @extend_schema(
        request=TokenInputSerializer,
        responses={
            200: TokenSerializer,
            401: OpenApiResponse(
                ErrorSerializer,
                description=_(
                    "`authentication_failed`: the username or password is not correct, or "
                    "the account cannot log in."
                ),
            ),
        },
    )
    def post(self, request):
        credentials = TokenInputSerializer(data=request.data)
        credentials.is_valid(raise_exception=True)
        user = authenticate(request=request, **credentials.validated_data)
        if user is None:
            raise exceptions.AuthenticationFailed(_("The username or password is not correct."))
        token, secret = services.api_token_sign_in(by=user)
        return Response(TokenSerializer({"token": secret, "expiry": token.expiry}).data)


class DepartmentSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)
    head = UserBriefSerializer(read_only=True)
    executive = UserBriefSerializer(read_only=True)
    contacts = UserBriefSerializer(many=True, read_only=True)

    class Meta:
        model = Department
        fields = ["code", "name_en", "name_zh", "parent", "head", "contacts", "executive"]


class UserSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    department = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "name",
            "email",
            "phone_extension",
            "department",
            "language",
            "time_zone",
        ]


class DepartmentFilter(django_filters.FilterSet):
    parent = CodeFilter(queryset=Department.objects.all(), label="Parent department code")

    class Meta:
        model = Department
        fields = ["parent"]


class DepartmentViewSet(viewsets.ReadOnlyModelViewSet):
    """Departments with their head, contacts and overseeing executive."""

    serializer_class = DepartmentSerializer
    lookup_field = "code"
    filterset_class = DepartmentFilter
    search_fields = ["code", "name_en", "name_zh"]
    ordering_fields = ["code", "name_en"]

    def get_queryset(self):
        return selectors.departments_list()

    def get_object(self):
        return get_object_or_404(self.get_queryset(), code__iexact=self.kwargs["code"])


class UserFilter(django_filters.FilterSet):
    department = CodeFilter(queryset=Department.objects.all(), label="Department code")

    class Meta:
        model = User
        fields = ["department"]


class UserViewSet(viewsets.ReadOnlyModelViewSet):
    """Active people, in a stable order (by id) so integrations can sync the whole directory."""

    lookup_value_regex = ID_PATTERN

    serializer_class = UserSerializer
    filterset_class = UserFilter
    filter_backends = [DjangoFilterBackend, filters.SearchFilter]
    search_fields = ["username", "display_name", "first_name", "last_name", "email"]

    def get_queryset(self):
        return selectors.users_list()
