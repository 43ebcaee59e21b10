from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .models import (
    ApiToken,
    CalendarOverride,
    Delegation,
    Department,
    EmailDelivery,
    Notification,
    ReminderRule,
    RequiredSigner,
    Signature,
    SignatureRequest,
    User,
)
from .reminders import get_kind, registered_kinds


@admin.register(User)
class UserAdmin(DjangoUserAdmin, SimpleHistoryAdmin):
    list_display = ["username", "display_name", "email", "department", "language", "is_active"]
    list_filter = ["is_active", "is_staff", "language", "department"]
    list_select_related = ["department"]
    search_fields = ["username", "display_name", "first_name", "last_name", "email"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets,
        (
            _("Crossdesk"),
            {"fields": ["display_name", "department", "phone_extension", "language", "time_zone"]},
        ),
        (
            _("Reminders and digest"),
            {"fields": ["digest_weekday", "digest_hour", "low_priority_reminders"]},
        ),
    ]
    add_fieldsets = [
        *DjangoUserAdmin.add_fieldsets,
        (_("Crossdesk"), {"fields": ["display_name", "email", "department", "language"]}),
    ]


@admin.register(Department)
class DepartmentAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name_en", "name_zh", "head", "executive", "is_active"]
    list_filter = ["is_active"]
    list_select_related = ["head", "executive"]
    search_fields = ["code", "name_en", "name_zh"]
    autocomplete_fields = ["parent", "head", "executive", "contacts"]


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(SimpleHistoryAdmin):
    list_display = ["date", "kind", "note"]
    list_filter = ["kind"]
    date_hierarchy = "date"


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "recipient", "reason", "created_at", "read_at", "settled_at"]
    list_filter = ["reason", "is_request"]
    list_select_related = ["recipient"]
    search_fields = ["title", "key", "about", "recipient__username"]
    readonly_fields = [
        "recipient",
        "reason",
        "key",
        "about",
        "template",
        "context",
        "is_request",
        "created_at",
    ]


@admin.register(EmailDelivery)
class EmailDeliveryAdmin(admin.ModelAdmin):
    """The delivery log: sent, failed, retrying (pending after a failure), with a retry."""

    list_display = [
        "subject",
        "to_address",
        "status",
        "attempts",
        "sent_at",
        "next_attempt_at",
        "short_error",
    ]
    list_filter = ["status", "created_at"]
    date_hierarchy = "created_at"
    actions = ["retry_now"]
    search_fields = ["subject", "to_address"]
    readonly_fields = [
        "notification",
        "to_address",
        "subject",
        "body_text",
        "body_html",
        "attempts",
        "sent_at",
        "created_at",
        "last_error",
    ]

    @admin.display(description=_("last error"))
    def short_error(self, delivery):
        return delivery.last_error[:80]

    @admin.action(description=_("Retry the selected emails now"))
    def retry_now(self, request, queryset):
        count = services.email_deliveries_retry(
            delivery_ids=list(queryset.values_list("pk", flat=True))
        )
        self.message_user(
            request,
            ngettext("%(count)d email queued again.", "%(count)d emails queued again.", count)
            % {"count": count},
        )


class DeadlineKindFilter(admin.SimpleListFilter):
    title = _("deadline kind")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [(kind.key, kind.label) for kind in registered_kinds()]

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


@admin.register(ReminderRule)
class ReminderRuleAdmin(admin.ModelAdmin):
    """The reminder table: offsets, repeats and switches are editable; which deadline and
    step a row is belongs to the code that sends it."""

    list_display = [
        "kind_label",
        "step",
        "sent_to",
        "offset",
        "unit",
        "anchor",
        "repeat_every",
        "is_escalation",
        "is_low_priority",
        "is_enabled",
    ]
    list_editable = ["offset", "repeat_every", "is_low_priority", "is_enabled"]
    list_filter = [DeadlineKindFilter, "is_escalation", "is_enabled"]
    readonly_fields = ["kind", "step", "sent_to"]
    fields = [
        "kind",
        "step",
        "sent_to",
        "offset",
        "unit",
        "anchor",
        "repeat_every",
        "is_escalation",
        "is_low_priority",
        "is_enabled",
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("deadline kind"), ordering="kind")
    def kind_label(self, rule):
        kind = get_kind(rule.kind)
        return kind.label if kind else rule.kind

    @admin.display(description=_("sent to"))
    def sent_to(self, rule):
        kind = get_kind(rule.kind)
        return kind.steps.get(rule.step, "") if kind else ""


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """A list to see who holds which tokens; people create and revoke their own on the
    profile page. No page per token: its address would carry the digest (the primary key).
    Deactivating a person refuses all their tokens at once."""

    list_display = ["name", "user", "token_key", "created", "last_used_at", "expiry"]
    list_display_links = None
    list_select_related = ["user"]
    search_fields = ["name", "user__username", "token_key"]
    actions = None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Delegation)
class DelegationAdmin(SimpleHistoryAdmin):
    list_display = ["delegator", "deputy", "starts_on", "ends_on", "revoked_at"]
    list_select_related = ["delegator", "deputy"]
    search_fields = ["delegator__username", "deputy__username"]
    autocomplete_fields = ["delegator", "deputy"]


class RequiredSignerInline(admin.TabularInline):
    model = RequiredSigner
    extra = 0
    can_delete = False
    readonly_fields = ["user", "role", "department", "position"]

    def has_add_permission(self, request, obj=None):
        return False


class SignatureInline(admin.TabularInline):
    model = Signature
    extra = 0
    can_delete = False
    fields = ["signer", "on_behalf_of", "decision", "comment", "signed_at", "ip_address"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(SignatureRequest)
class SignatureRequestAdmin(SimpleHistoryAdmin):
    """Read-only: requests change only through the sign-off services."""

    list_display = ["document_code", "version", "document_type", "status", "requested_by", "due_at"]
    list_filter = ["status", "document_type"]
    list_select_related = ["requested_by"]
    search_fields = ["document_code", "verification_code"]
    inlines = [RequiredSignerInline, SignatureInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
