"""Who sees a card (DESIGN.md 4), kept as rows so that a visibility check is an index lookup.

Written by `services.audience.card_audience_rebuild` whenever a service changes who is on a
card, and rebuilt for all cards by `manage.py rebuild_card_audience`; a test checks it
against the rule itself.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .cards import Card


class CardAudience(models.Model):
    """One way a card reaches people: a person it names, everyone of a department (only
    cards that are not confidential), or whoever heads a department (names them on
    confidential cards too; the head is looked up when reading, so a new head inherits)."""

    class Kind(models.TextChoices):
        PERSON = "person", _("named person")
        DEPARTMENT = "department", _("department's people")
        HEAD = "head", _("department's head")

    card = models.ForeignKey(
        Card,
        verbose_name=_("card"),
        on_delete=models.CASCADE,
        db_index=False,
        related_name="audience",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        db_index=False,
        related_name="+",
    )
    department = models.ForeignKey(
        "collab.Department",
        verbose_name=_("department"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        db_index=False,
        related_name="+",
    )

    class Meta:
        verbose_name = _("card audience")
        verbose_name_plural = _("card audiences")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="person", user__isnull=False, department__isnull=True)
                | Q(kind__in=["department", "head"], user__isnull=True, department__isnull=False),
                name="card_audience_one_key",
            ),
            models.UniqueConstraint(
                fields=["card", "user"],
                condition=Q(user__isnull=False),
                name="card_audience_person_once",
            ),
            models.UniqueConstraint(
                fields=["card", "kind", "department"],
                condition=Q(department__isnull=False),
                name="card_audience_department_once",
            ),
        ]
        indexes = [
            # Whether one card reaches a person: a detail, or each row of a list in its
            # order; covering, so the check never reads the table.
            models.Index(
                fields=["card", "kind", "department", "user"], name="card_audience_card_idx"
            ),
            # The cards a person is named on: the person's side of a visible list.
            models.Index(
                fields=["user", "card"],
                condition=Q(user__isnull=False),
                name="card_audience_user_idx",
            ),
            # The cards of a department's people or head: the departments' side of a list.
            models.Index(
                fields=["department", "kind", "card"],
                condition=Q(department__isnull=False),
                name="card_audience_department_idx",
            ),
        ]

    def __str__(self):
        return f"{self.card_id} {self.kind} {self.user_id or self.department_id}"
