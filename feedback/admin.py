"""The admin: the SLA policy (one row per urgency, edited here and nowhere else), and
feedback forms to look things up (their workflow runs through the pages and the API,
which enforce the rules)."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import FeedbackForm, LogEntry, SlaPolicy


class SlaPolicyForm(forms.ModelForm):
    """The limits the database also enforces, said in words an administrator can act on."""

    response_within = forms.IntegerField(
        label=_("respond within"),
        min_value=1,
        max_value=1000,
        error_messages={
            "min_value": _("The receiving side needs at least 1 hour or working day."),
            "max_value": _("Enter at most 1000."),
        },
    )
    follow_up_every_hours = forms.IntegerField(
        label=_("follow up every (hours)"),
        min_value=1,
        max_value=1000,
        help_text=_("How often the receiving side reports progress: 24 means daily."),
        error_messages={
            "min_value": _("Follow up at least every hour: enter 1 or more."),
            "max_value": _("Enter at most 1000."),
        },
    )
    due_soon_percent = forms.IntegerField(
        label=_("due soon in the last (%)"),
        min_value=1,
        max_value=100,
        help_text=_("A form is due soon once this share of its response window is left."),
        error_messages={
            "min_value": _("Enter a share between 1 and 100."),
            "max_value": _("Enter a share between 1 and 100."),
        },
    )

    class Meta:
        model = SlaPolicy
        fields = ["response_within", "response_unit", "follow_up_every_hours", "due_soon_percent"]


@admin.register(SlaPolicy)
class SlaPolicyAdmin(SimpleHistoryAdmin):
    """Three rows, one per urgency: they are changed, never added or removed. A change
    applies to forms filed (or reopened) afterwards; earlier forms keep their deadlines."""

    form = SlaPolicyForm
    list_display = [
        "urgency",
        "response_within",
        "response_unit",
        "follow_up_every_hours",
        "due_soon_percent",
        "updated_at",
    ]
    fields = [
        "urgency",
        "response_within",
        "response_unit",
        "follow_up_every_hours",
        "due_soon_percent",
        "updated_at",
    ]
    readonly_fields = ["urgency", "updated_at"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class LogEntryInline(admin.TabularInline):
    model = LogEntry
    extra = 0
    fields = ["happened_at", "kind", "author", "department", "text"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(FeedbackForm)
class FeedbackFormAdmin(SimpleHistoryAdmin):
    """For looking things up: every field is read-only here."""

    list_display = [
        "code",
        "urgency",
        "kind",
        "status",
        "initiating_department",
        "receiving_department",
        "submitted_at",
        "response_due_at",
    ]
    list_filter = ["status", "urgency", "kind", "receiving_department", "initiating_department"]
    list_select_related = ["initiating_department", "receiving_department"]
    search_fields = ["code", "background", "current_situation", "expectation"]
    date_hierarchy = "submitted_at"
    inlines = [LogEntryInline]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields] + ["involved_departments"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
