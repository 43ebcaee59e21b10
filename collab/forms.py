from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import Signature, User


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
    deputy = forms.ModelChoiceField(label=_("Deputy"), queryset=User.objects.none())
    starts_on = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Until"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note"), required=False, max_length=200)

    def __init__(self, *args, delegator: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputy"].queryset = (
            User.objects.filter(is_active=True).exclude(pk=delegator.pk).order_by("username")
        )


MAX_VERIFICATION_UPLOAD = 10 * 1024 * 1024


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

    def clean_pdf(self):
        upload = self.cleaned_data.get("pdf")
        if upload is None:
            return None
        if upload.size > MAX_VERIFICATION_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 10 MB."), code="too_large")
        if upload.read(5) != b"%PDF-":
            raise forms.ValidationError(_("This file is not a PDF."), code="not_pdf")
        upload.seek(0)
        return upload

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("code") and not cleaned.get("pdf") and not self.errors:
            raise forms.ValidationError(
                _("Enter the verification code or upload the PDF."), code="empty"
            )
        return cleaned
