"""Forms of the log, action-item and result tabs. They parse input; the services decide
(a missing owner, a rating outside 1–5, a future time are the services' field errors, the
same on the page and in the API)."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from collab.models import User
from tasks.forms import OriginActionItemForm

from .models import FeedbackForm

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
SATISFACTION_CHOICES = [
    ("1", _("1 · very dissatisfied")),
    ("2", _("2 · dissatisfied")),
    ("3", _("3 · neutral")),
    ("4", _("4 · satisfied")),
    ("5", _("5 · very satisfied")),
]


def _people():
    return User.objects.filter(is_active=True)


class LogEntryForm(forms.Form):
    text = forms.CharField(
        label=_("What was said or done"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    happened_at = forms.DateTimeField(
        label=_("When"),
        required=False,
        widget=DATETIME_INPUT,
        help_text=_("Leave empty for now; give the time of an earlier call or meeting."),
    )


class ActionItemForm(OriginActionItemForm):
    """An action item for follow-up work; it lands in the one action-item table."""


class ResolveForm(forms.Form):
    solution = forms.CharField(
        label=_("Solution"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    completed_at = forms.DateTimeField(
        label=_("Completion time"), required=False, widget=DATETIME_INPUT
    )
    responsible_person = forms.ModelChoiceField(
        label=_("Responsible person"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Someone of the receiving department."),
    )

    def __init__(self, *args, feedback: FeedbackForm, **kwargs):
        super().__init__(*args, **kwargs)
        department = feedback.receiving_department
        # The receiving department's people, head and contacts: a short list, so a plain
        # select (the service checks the choice again).
        self.fields["responsible_person"].queryset = (
            _people()
            .filter(
                Q(department=department)
                | Q(pk=department.head_id)
                | Q(contact_for_departments=department)
            )
            .distinct()
            .order_by("display_name", "pk")
        )


class RateForm(forms.Form):
    # A text field shown as five radio buttons: whatever is posted reaches the service,
    # whose one message refuses a rating outside 1–5 here and in the API alike.
    satisfaction = forms.CharField(
        label=_("Satisfaction"),
        required=False,
        widget=forms.RadioSelect(choices=SATISFACTION_CHOICES),
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why reopen"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
