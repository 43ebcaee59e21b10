"""Meetings (跨部门沟通会议), DESIGN.md 2.3: the notice, its invitations and agenda."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords


class MeetingCodeSequence(models.Model):
    """The last meeting number used in a year; locked while a code is taken (gap-free)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last_number}"


class MeetingSeries(models.Model):
    """A card's repeating meeting (weekly or daily, RRULE); each occurrence is a Meeting
    with its own invitations, attendance and minutes."""

    class Frequency(models.TextChoices):
        WEEKLY = "WEEKLY", _("weekly")
        DAILY = "DAILY", _("daily (working days)")

    uid = models.CharField(_("calendar UID"), max_length=120, unique=True, editable=False)
    frequency = models.CharField(_("repeats"), max_length=10, choices=Frequency.choices)
    until = models.DateField(_("repeats until"))
    rrule = models.CharField(_("recurrence rule"), max_length=200, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("meeting series")
        verbose_name_plural = _("meeting series")

    def __str__(self):
        return self.rrule


class Meeting(models.Model):
    class Kind(models.TextChoices):
        KICKOFF = "kickoff", _("kickoff")
        WEEKLY = "weekly", _("weekly meeting")
        SPECIAL = "special", _("special meeting")
        COORDINATION = "coordination", _("coordination")
        RETROSPECTIVE = "retrospective", _("retrospective")
        OTHER = "other", pgettext_lazy("meeting kind", "other")

    class Channel(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        ONLINE = "online", _("online")
        PHONE = "phone", _("phone")

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("meeting", "draft")  # notice not sent yet
        NOTIFIED = "notified", _("notice sent")
        CANCELLED = "cancelled", pgettext_lazy("meeting", "cancelled")

    code = models.CharField(_("code"), max_length=20, unique=True, editable=False)
    topic = models.CharField(_("topic"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.SPECIAL)
    channel = models.CharField(
        _("form"), max_length=10, choices=Channel.choices, default=Channel.IN_PERSON
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    link = models.URLField(_("online link"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    is_urgent = models.BooleanField(
        _("urgent matter"),
        default=False,
        help_text=_("Minutes of a phone meeting on an urgent matter are due within 2 hours."),
    )
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("host"),
        on_delete=models.PROTECT,
        related_name="hosted_meetings",
    )
    recorder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorder"),
        on_delete=models.PROTECT,
        related_name="recorded_meetings",
    )
    background = models.TextField(_("background"), blank=True)
    goal = models.TextField(_("goal"), blank=True)
    card = models.ForeignKey(
        "tasks.Card",
        verbose_name=_("card"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
    )
    series = models.ForeignKey(
        MeetingSeries,
        verbose_name=_("series"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    # iCalendar: the UID never changes; SEQUENCE grows with every update sent.
    uid = models.CharField(_("calendar UID"), max_length=120, unique=True, editable=False)
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0)
    notice_sent_at = models.DateTimeField(_("notice sent at"), null=True, blank=True)
    is_short_notice = models.BooleanField(_("short notice"), default=False)
    minutes_due_at = models.DateTimeField(_("minutes due at"))
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    # The meeting this one follows up ("next meeting" of its minutes), if any.
    follows = models.ForeignKey(
        "self",
        verbose_name=_("follows up"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="meeting_ends_after_start"
            ),
        ]
        indexes = [
            # Upcoming meetings, soonest first (the list's default order).
            models.Index(fields=["starts_at", "id"], name="meeting_start_idx"),
            # A card's meetings (card page, archive).
            models.Index(fields=["card", "starts_at"], name="meeting_card_idx"),
            # Minutes overdue / due: meetings past their due time without published minutes.
            models.Index(fields=["minutes_due_at"], name="meeting_minutes_due_idx"),
            # A recorder's and a host's meetings (inbox: minutes to write).
            models.Index(fields=["recorder", "minutes_due_at"], name="meeting_recorder_idx"),
            models.Index(fields=["host", "starts_at"], name="meeting_host_idx"),
        ]

    def __str__(self):
        return f"{self.code} {self.topic}"


class Invitation(models.Model):
    """One invitee of one meeting: their answer before it, their attendance after it."""

    class Response(models.TextChoices):
        PENDING = "pending", _("not answered")
        ATTEND = "attend", _("will attend")
        DECLINE = "decline", _("declined")
        DEPUTY = "deputy", _("sends a deputy")

    class Attendance(models.TextChoices):
        UNKNOWN = "unknown", _("not recorded")
        ATTENDED = "attended", _("attended")
        ABSENT = "absent", _("absent")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="invitations"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="meeting_invitations",
    )
    department = models.ForeignKey(
        "collab.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_invitations",
    )
    is_required = models.BooleanField(_("required"), default=True)
    response = models.CharField(
        _("answer"), max_length=10, choices=Response.choices, default=Response.PENDING
    )
    response_reason = models.TextField(_("reason"), blank=True)
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deputy"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_deputations",
    )
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    attendance = models.CharField(
        _("attendance"), max_length=10, choices=Attendance.choices, default=Attendance.UNKNOWN
    )
    absence_reason = models.TextField(_("reason for absence"), blank=True)
    written_opinion = models.TextField(_("written opinion"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"], name="invitation_once_per_person"
            ),
        ]
        indexes = [
            # A person's meetings (lists, inbox "meetings to answer", calendar feed).
            models.Index(fields=["person", "response"], name="invitation_person_idx"),
            models.Index(fields=["deputy"], name="invitation_deputy_idx"),
            # My department's meetings.
            models.Index(fields=["department", "meeting"], name="invitation_department_idx"),
        ]

    def __str__(self):
        return f"{self.meeting_id}: {self.person_id}"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=200)
    minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    presenter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("presenter"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.CheckConstraint(condition=Q(minutes__gt=0), name="agenda_item_has_duration"),
        ]
        indexes = [models.Index(fields=["meeting", "position"], name="agenda_item_order_idx")]

    def __str__(self):
        return self.title


class MeetingAttachment(models.Model):
    """A pre-read sent with the notice, or a file attached to the minutes."""

    class Purpose(models.TextChoices):
        PRE_READ = "pre_read", _("pre-read")
        MINUTES = "minutes", _("minutes attachment")
        OPINION = "opinion", _("written opinion")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attachments"
    )
    purpose = models.CharField(_("purpose"), max_length=10, choices=Purpose.choices)
    file = models.FileField(_("file"), upload_to="meetings/")
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("meeting attachment")
        verbose_name_plural = _("meeting attachments")
        indexes = [models.Index(fields=["meeting", "purpose"], name="meeting_attachment_idx")]

    def __str__(self):
        return self.name


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A person's calendar subscription: the unguessable token in the feed URL is the key."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="calendar_feed",
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return str(self.person_id)
