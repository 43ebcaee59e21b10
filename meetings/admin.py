from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import AgendaItem, Formalisation, Invitation, Meeting, Minutes, MinutesVersion


class InvitationInline(admin.TabularInline):
    model = Invitation
    extra = 0
    fields = ["person", "department", "is_required", "response", "attendance"]
    readonly_fields = fields


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["position", "title", "minutes", "presenter"]
    readonly_fields = fields


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    """For looking things up; meetings are called and recorded through their pages and the
    API, which enforce the rules."""

    list_display = ["code", "topic", "status", "starts_at", "host", "recorder", "card"]
    list_filter = ["status", "kind", "channel", "is_short_notice"]
    list_select_related = ["host", "recorder", "card"]
    search_fields = ["code", "topic"]
    readonly_fields = [
        "code",
        "uid",
        "sequence",
        "status",
        "notice_sent_at",
        "is_short_notice",
        "minutes_due_at",
        "cancelled_at",
        "created_by",
        "created_at",
    ]
    raw_id_fields = ["host", "recorder", "card", "series", "follows"]
    inlines = [InvitationInline, AgendaItemInline]


class MinutesVersionInline(admin.TabularInline):
    model = MinutesVersion
    extra = 0
    fields = ["number", "published_at", "published_by", "pdf"]
    readonly_fields = fields


@admin.register(Minutes)
class MinutesAdmin(SimpleHistoryAdmin):
    list_display = ["meeting", "status", "version", "published_at"]
    list_filter = ["status"]
    list_select_related = ["meeting"]
    search_fields = ["meeting__code", "meeting__topic"]
    readonly_fields = ["meeting", "status", "version", "published_at", "published_by"]
    inlines = [MinutesVersionInline]


@admin.register(Formalisation)
class FormalisationAdmin(SimpleHistoryAdmin):
    list_display = ["code", "kind", "meeting", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["meeting"]
    readonly_fields = ["code", "kind", "meeting", "minutes_version", "created_by", "created_at"]
