from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import Signature, User
from .text import clean_text
from .widgets import PersonSelect


class LanguageForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language"),
        choices=settings.LANGUAGES,
        error_messages={"invalid_choice": _("“%(value)s” is not a language Crossdesk speaks.")},
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "email", "phone_extension", "language", "time_zone"]

    def clean_display_name(self):
        # The name shows on cards, letters and emails: no invisible controls (collab.text).
        return clean_text(self.cleaned_data["display_name"]).strip()


class SignatureDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=Signature.Decision.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comment"),
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
