"""Organisation: people, departments, and the working-day calendar's overrides."""

import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

TIME_ZONE_CHOICES = [(name, name) for name in sorted(zoneinfo.available_timezones())]


class Weekday(models.IntegerChoices):
    """Days as Python numbers them (date.weekday()): the digest's day."""

    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


DIGEST_HOURS = range(24)


class User(AbstractUser):
    """A person in the company. Everyone who logs in is one."""

    display_name = models.CharField(_("display name"), max_length=150, blank=True)
    phone_extension = models.CharField(_("phone extension"), max_length=20, blank=True)
    language = models.CharField(
        _("preferred language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, choices=TIME_ZONE_CHOICES, default=settings.TIME_ZONE
    )
    # The weekly digest goes out on this day at this hour of the person's time zone.
    digest_weekday = models.PositiveSmallIntegerField(
        _("digest day"), choices=Weekday.choices, default=Weekday.MONDAY
    )
    digest_hour = models.PositiveSmallIntegerField(
        _("digest hour"),
        default=9,
        validators=[MinValueValidator(DIGEST_HOURS[0]), MaxValueValidator(DIGEST_HOURS[-1])],
        help_text=_("0–23, in the person's time zone."),
    )
    # Escalations ignore this: only reminders of low priority can be turned off.
    low_priority_reminders = models.BooleanField(
        _("Send me reminders about low-priority action items"), default=True
    )
    department = models.ForeignKey(
        "collab.Department",
        verbose_name=_("department"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=Q(digest_weekday__gte=0) & Q(digest_weekday__lte=6),
                name="user_digest_weekday_0_6",
            ),
            models.CheckConstraint(
                condition=Q(digest_hour__gte=0) & Q(digest_hour__lte=23),
                name="user_digest_hour_0_23",
            ),
        ]
        indexes = [
            # The hourly digest job: whose day and hour it is (collab.services.digests).
            models.Index(fields=["digest_weekday", "digest_hour"], name="user_digest_moment_idx"),
        ]

    def __str__(self):
        return self.display_name or self.get_full_name() or self.username

    @property
    def name(self):
        return str(self)


class Department(models.Model):
    """A department, with the people who speak and sign for it."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_zh = models.CharField(_("name (Chinese)"), max_length=100)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("head"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="headed_departments",
    )
    contacts = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contacts"),
        blank=True,
        related_name="contact_for_departments",
    )
    executive = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("overseeing executive"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="overseen_departments",
    )
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords(m2m_fields=[contacts])

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="department_not_own_parent"
            ),
        ]

    def __str__(self):
        return self.localized_name()

    def localized_name(self, language=None):
        language = language or get_language() or ""
        return self.name_zh if language.startswith("zh") else self.name_en


class CalendarOverride(models.Model):
    """An administrator's word on one date, over the official calendar.

    Used for make-up working days (调休) the packaged calendar does not know yet,
    company-specific closures, and corrections.
    """

    class Kind(models.TextChoices):
        WORKING_DAY = "working", _("working day")
        DAY_OFF = "off", _("day off")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")

    def __str__(self):
        return f"{self.date} {self.get_kind_display()}"
