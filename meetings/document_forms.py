"""Forms of the meeting's documents tab: correcting published minutes, formalising them."""

from django import forms
from django.utils.translation import gettext_lazy as _

from collab.models import Department

from .models import Formalisation

NODE_ROWS = 4


class CorrectMinutesForm(forms.Form):
    note = forms.CharField(
        label=_("What this version corrects"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )


class FormaliseForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Document"),
        choices=Formalisation.Kind.choices,
        initial=Formalisation.Kind.CONFIRMATION_LETTER,
        widget=forms.RadioSelect,
    )
    summary = forms.CharField(
        label=_("What is agreed"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )


class ProcessNodeForm(forms.Form):
    name = forms.CharField(label=_("Process node"), max_length=200, required=False)
    department = forms.ModelChoiceField(
        label=_("Responsible department"),
        queryset=Department.objects.filter(is_active=True).order_by("code"),
        required=False,
    )


ProcessNodeFormSet = forms.formset_factory(
    ProcessNodeForm, extra=NODE_ROWS, max_num=30, validate_max=True
)
