"""Minutes (会议纪要), DESIGN.md 2.3: written after the meeting, frozen when published,
corrected only as a new version; and the documents that formalise them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from .meetings import Meeting


class Minutes(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("minutes", "draft")
        PUBLISHED = "published", pgettext_lazy("minutes", "published")

    meeting = models.OneToOneField(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="minutes"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    # 1 until the first publication; a correction of published minutes opens version n + 1.
    version = models.PositiveIntegerField(_("version"), default=1)
    follow_up_plan = models.TextField(_("follow-up plan"), blank=True)
    pending_decisions = models.TextField(_("pending decisions"), blank=True)
    correction_note = models.TextField(_("what this version corrects"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        indexes = [
            # Meetings whose minutes are not published yet (due / overdue lists, inbox).
            models.Index(fields=["status"], name="minutes_status_idx"),
        ]

    def __str__(self):
        return f"{self.meeting_id} v{self.version}"


class DepartmentViewpoint(models.Model):
    minutes = models.ForeignKey(
        Minutes, verbose_name=_("minutes"), on_delete=models.CASCADE, related_name="viewpoints"
    )
    department = models.ForeignKey(
        "collab.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("viewpoint"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("department viewpoint")
        verbose_name_plural = _("department viewpoints")
        constraints = [
            models.UniqueConstraint(
                fields=["minutes", "department"], name="viewpoint_once_per_department"
            ),
        ]

    def __str__(self):
        return f"{self.minutes_id}: {self.department_id}"


class Conclusion(models.Model):
    """A numbered consensus conclusion (共识结论)."""

    minutes = models.ForeignKey(
        Minutes, verbose_name=_("minutes"), on_delete=models.CASCADE, related_name="conclusions"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("conclusion"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("conclusion")
        verbose_name_plural = _("conclusions")
        indexes = [models.Index(fields=["minutes", "number"], name="conclusion_order_idx")]

    def __str__(self):
        return f"{self.number}. {self.text[:40]}"


class Disagreement(models.Model):
    """A point the meeting could not settle, escalated to a named decision maker."""

    minutes = models.ForeignKey(
        Minutes, verbose_name=_("minutes"), on_delete=models.CASCADE, related_name="disagreements"
    )
    subject = models.TextField(_("disagreement"))
    decision_maker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decision maker"),
        on_delete=models.PROTECT,
        related_name="meeting_decisions",
    )
    decision = models.TextField(_("decision"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("disagreement")
        verbose_name_plural = _("disagreements")
        indexes = [
            # A decision maker's open decisions (inbox).
            models.Index(
                fields=["decision_maker"],
                condition=Q(decided_at__isnull=True),
                name="disagreement_open_idx",
            ),
        ]

    def __str__(self):
        return self.subject[:60]


class MinutesActionItem(models.Model):
    """An action item the minutes created; the item itself lives in `tasks`."""

    minutes = models.ForeignKey(
        Minutes, verbose_name=_("minutes"), on_delete=models.CASCADE, related_name="item_links"
    )
    action_item = models.OneToOneField(
        "tasks.ActionItem",
        verbose_name=_("action item"),
        on_delete=models.CASCADE,
        related_name="minutes_link",
    )
    number = models.PositiveSmallIntegerField(_("number"))

    class Meta:
        verbose_name = _("action item from minutes")
        verbose_name_plural = _("action items from minutes")
        indexes = [models.Index(fields=["minutes", "number"], name="minutes_item_order_idx")]

    def __str__(self):
        return f"{self.minutes_id}: {self.action_item_id}"


class MinutesVersion(models.Model):
    """One published version, frozen: its content as published and its PDF."""

    minutes = models.ForeignKey(
        Minutes, verbose_name=_("minutes"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    snapshot = models.JSONField(_("content as published"))
    pdf = models.FileField(_("PDF"), upload_to="minutes/", blank=True)
    correction_note = models.TextField(_("what this version corrects"), blank=True)
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("minutes version")
        verbose_name_plural = _("minutes versions")
        constraints = [
            models.UniqueConstraint(fields=["minutes", "number"], name="minutes_version_once"),
        ]

    def __str__(self):
        return f"{self.minutes_id} v{self.number}"


class Formalisation(models.Model):
    """Published minutes turned into a document the involved heads sign: a collaboration
    confirmation letter (协作确认函) or, when a process changes, a process approval form
    (流程审批单)."""

    class Kind(models.TextChoices):
        CONFIRMATION_LETTER = "letter", _("collaboration confirmation letter")
        PROCESS_APPROVAL = "process", _("process approval form")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="formalisations"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    code = models.CharField(_("code"), max_length=30, unique=True, editable=False)
    minutes_version = models.PositiveIntegerField(_("minutes version"))
    summary = models.TextField(_("what is agreed"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("formalised minutes")
        verbose_name_plural = _("formalised minutes")
        indexes = [models.Index(fields=["meeting", "created_at"], name="formalisation_meeting_idx")]

    def __str__(self):
        return self.code


class ProcessNode(models.Model):
    """One step of the changed process, and the department responsible for it."""

    formalisation = models.ForeignKey(
        Formalisation,
        verbose_name=_("process approval form"),
        on_delete=models.CASCADE,
        related_name="process_nodes",
    )
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("process node"), max_length=200)
    department = models.ForeignKey(
        "collab.Department",
        verbose_name=_("responsible department"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("process node")
        verbose_name_plural = _("process nodes")
        indexes = [
            models.Index(fields=["formalisation", "position"], name="process_node_order_idx")
        ]

    def __str__(self):
        return self.name
