"""API of the core: token exchange, departments and people (read-only)."""

import django_filters
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import filters, serializers, viewsets
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.throttling import ScopedRateThrottle

from collab import selectors
from collab.models import Department, User

from .pagination import CursorPagination


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(read_only=True)


class TokenView(ObtainAuthToken):
    """Exchange a username and password for an API token (`Authorization: Token ...`)."""

    # Credentials come in the body; no session, so no CSRF token is needed here.
    authentication_classes = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"

    @extend_schema(request=ObtainAuthToken.serializer_class, responses=TokenSerializer)
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)


class UserBriefSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "name"]


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
    parent = django_filters.CharFilter(field_name="parent__code")

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


class UserFilter(django_filters.FilterSet):
    department = django_filters.CharFilter(field_name="department__code")

    class Meta:
        model = User
        fields = ["department"]


class UserViewSet(viewsets.ReadOnlyModelViewSet):
    """Active people, paged by cursor so integrations can sync the whole directory."""

    serializer_class = UserSerializer
    pagination_class = CursorPagination
    filterset_class = UserFilter
    # Cursor pages need one fixed order, so no ?ordering= here.
    filter_backends = [DjangoFilterBackend, filters.SearchFilter]
    search_fields = ["username", "display_name", "first_name", "last_name", "email"]

    def get_queryset(self):
        return selectors.users_list()
