import zoneinfo

from django import forms
from django.conf import settings
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import Signature, User, Weekday
from .models.comments import COMMENT_MAX_LENGTH
from .models.organisation import DIGEST_HOURS
from .text import clean_text
from .uploads import UPLOAD_ACCEPT, UPLOAD_HELP
from .widgets import PersonSelect


class LanguageForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language"),
        choices=settings.LANGUAGES,
        error_messages={"invalid_choice": _("“%(value)s” is not a language Crossdesk speaks.")},
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)


# Offered first, after the company's own zone: where the company's people usually are.
COMMON_TIME_ZONES = (
    "Asia/Shanghai",
    "Asia/Hong_Kong",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Europe/London",
    "Europe/Berlin",
    "America/New_York",
    "America/Los_Angeles",
    "UTC",
)
# The regions of the IANA database, in the order the picker lists them; other names
# (legacy aliases such as "US/Eastern" or "GMT") go under "Other".
TIME_ZONE_REGIONS = {
    "Africa": _("Africa"),
    "America": _("America"),
    "Antarctica": _("Antarctica"),
    "Arctic": _("Arctic"),
    "Asia": _("Asia"),
    "Atlantic": _("Atlantic"),
    "Australia": _("Australia"),
    "Europe": _("Europe"),
    "Indian": _("Indian Ocean"),
    "Pacific": _("Pacific"),
}


def time_zone_choices():
    """Suggested zones (the company's first), then every zone grouped by region."""
    available = zoneinfo.available_timezones()
    company = settings.TIME_ZONE
    suggested = [company] + [zone for zone in COMMON_TIME_ZONES if zone != company]
    groups = {region: [] for region in TIME_ZONE_REGIONS}
    other = []
    for zone in sorted(available):
        region = zone.split("/", 1)[0] if "/" in zone else ""
        groups.get(region, other).append(zone)
    return [
        (
            _("Suggested"),
            [(company, _("%(zone)s (company)") % {"zone": company})]
            + [(zone, zone) for zone in suggested[1:] if zone in available],
        ),
        *(
            (label, [(zone, zone) for zone in groups[region]])
            for region, label in TIME_ZONE_REGIONS.items()
        ),
        (_("Other"), [(zone, zone) for zone in other]),
    ]


# The fields of the "Reminders and digest" fieldset; the service checks and saves them.
REMINDER_FIELDS = ("digest_weekday", "digest_hour", "time_zone", "low_priority_reminders")


class ProfileForm(forms.ModelForm):
    # Plain fields, not the model's: collab.services.user_update_profile checks the
    # ranges, as it does for the API, and saves them with the rest.
    # Not required: a client that posts only the older fields leaves these as they are.
    digest_weekday = forms.IntegerField(
        required=False,
        label=_("Digest day"),
        widget=forms.Select(choices=Weekday.choices),
        help_text=_("The day your weekly digest arrives."),
    )
    digest_hour = forms.IntegerField(
        required=False,
        label=_("Digest hour"),
        widget=forms.Select(choices=[(hour, f"{hour:02d}:00") for hour in DIGEST_HOURS]),
        help_text=_("The hour it arrives, in your time zone."),
    )
    time_zone = forms.ChoiceField(
        label=capfirst(User._meta.get_field("time_zone").verbose_name),
        choices=time_zone_choices,
        error_messages={"invalid_choice": _("“%(value)s” is not a time zone Crossdesk knows.")},
        help_text=_("Reminders go out in business hours in this time zone."),
    )
    low_priority_reminders = forms.BooleanField(
        label=_("Send me reminders about low-priority action items"),
        required=False,
        help_text=_(
            "Escalations and reminders of higher priority are always sent, whatever you "
            "choose here."
        ),
    )

    class Meta:
        model = User
        fields = ["display_name", "email", "phone_extension", "language"]

    def __init__(self, *args, instance=None, **kwargs):
        if instance is not None:
            kwargs["initial"] = {
                **{field: getattr(instance, field) for field in REMINDER_FIELDS},
                **kwargs.get("initial", {}),
            }
        super().__init__(*args, instance=instance, **kwargs)

    def clean(self):
        cleaned = super().clean()
        for field in ("digest_weekday", "digest_hour"):
            if cleaned.get(field) is None:
                cleaned.pop(field, None)
        return cleaned

    def identity_fields(self):
        return [self[name] for name in self.Meta.fields]

    def reminder_fields(self):
        return [self[name] for name in REMINDER_FIELDS]

    def clean_display_name(self):
        # The name shows on cards, letters and emails: no invisible controls (collab.text).
        return clean_text(self.cleaned_data["display_name"]).strip()


class SignatureDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=Signature.Decision.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=pgettext_lazy("discussion", "Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you reject."),
    )
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Signing needs your own password, so that the signature is yours alone."),
    )


class DelegationForm(forms.Form):
    deputy = forms.ModelChoiceField(
        label=_("Deputy"), queryset=User.objects.none(), widget=PersonSelect
    )
    starts_on = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Until"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note"), required=False, max_length=200)

    def __init__(self, *args, delegator: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputy"].queryset = (
            User.objects.filter(is_active=True).exclude(pk=delegator.pk).order_by("username")
        )


class VerificationForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        required=False,
        max_length=40,
        help_text=_("As printed at the foot of each page, e.g. ABCD-EFGH-JKMN."),
    )
    pdf = forms.FileField(
        label=_("Or upload the PDF"),
        required=False,
        help_text=_("A PDF issued by Crossdesk, at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("code") and not cleaned.get("pdf") and not self.errors:
            raise forms.ValidationError(
                _("Enter the verification code or upload the PDF."), code="empty"
            )
        return cleaned


class ApiTokenForm(forms.Form):
    """Parses only: the token service judges the name and the date, as for the API."""

    name = forms.CharField(
        label=_("Name"),
        required=False,
        help_text=_("What the token is for, e.g. the program that will use it."),
        widget=forms.TextInput(attrs={"maxlength": 100, "autocomplete": "off"}),
    )
    expires_on = forms.DateField(
        label=_("Expires after"),
        required=False,
        help_text=_(
            "Optional. The last day the token works; without it, the default lifetime the "
            "administrator set (the list shows when it expires)."
        ),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; the service checks each (collab.uploads)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": UPLOAD_ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in files if item]


class CommentForm(forms.Form):
    """A comment's text and files; the service (collab.services.comments) decides the rest."""

    body = forms.CharField(
        label=pgettext_lazy("discussion", "Comment"),
        required=False,
        help_text=_("Markdown supported. Mention someone with @username."),
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": COMMENT_MAX_LENGTH}),
    )
    attachments = MultipleFileField(label=_("Attach files"), required=False, help_text=UPLOAD_HELP)

    def __init__(self, *args, **kwargs):
        # Unique ids on pages that hold other forms (an action item's page does).
        kwargs.setdefault("auto_id", "id_comment_%s")
        super().__init__(*args, **kwargs)


class CommentEditForm(forms.Form):
    body = forms.CharField(
        label=pgettext_lazy("discussion", "Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": COMMENT_MAX_LENGTH}),
    )
