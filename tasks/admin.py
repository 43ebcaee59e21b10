from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ActionItem, Card, CardDepartment, DelayNotice, Milestone, Risk


class CardDepartmentInline(admin.TabularInline):
    model = CardDepartment
    extra = 0
    fields = ["department", "role", "contact", "confirmation", "due_at", "answered_at"]
    readonly_fields = ["confirmation", "due_at", "answered_at"]
    autocomplete_fields = ["department", "contact"]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(Card)
class CardAdmin(SimpleHistoryAdmin):
    """For looking things up; the workflow runs through the card pages and the API."""

    list_display = [
        "code",
        "title",
        "status",
        "priority",
        "initiating_department",
        "lead",
        "planned_end",
    ]
    list_filter = ["status", "priority", "kind", "confidential"]
    list_select_related = ["initiating_department", "lead"]
    search_fields = ["code", "title"]
    readonly_fields = [
        "code",
        "status",
        "submitted_at",
        "activated_at",
        "closed_at",
        "cancelled_at",
    ]
    autocomplete_fields = [
        "initiating_department",
        "initiator",
        "lead",
        "tracker",
        "acceptance_user",
        "acceptance_department",
    ]
    inlines = [CardDepartmentInline, MilestoneInline]


class DelayNoticeInline(admin.TabularInline):
    model = DelayNotice
    extra = 0
    fields = ["filed_at", "previous_due_date", "new_due_date", "is_late", "acknowledged_at"]
    readonly_fields = fields


@admin.register(ActionItem)
class ActionItemAdmin(SimpleHistoryAdmin):
    list_display = ["title", "owner", "department", "card", "due_date", "status", "percent"]
    list_filter = ["status", "priority", "origin"]
    list_select_related = ["owner", "department", "card"]
    search_fields = ["title", "card__code", "owner__username"]
    autocomplete_fields = ["owner", "department", "card", "depends_on", "created_by"]
    raw_id_fields = ["recurrence"]  # a select of every series would not scale
    inlines = [DelayNoticeInline]


@admin.register(Risk)
class RiskAdmin(SimpleHistoryAdmin):
    list_display = ["description", "card", "level", "status", "decision_due_at"]
    list_filter = ["status", "level"]
    list_select_related = ["card"]
    search_fields = ["description", "card__code"]
