"""Forms of the attendance and minutes tabs. They parse input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from collab.models import Department, User
from collab.uploads import UPLOAD_ACCEPT, UPLOAD_HELP
from collab.widgets import PersonSelect
from tasks.forms import OriginActionItemForm

from .models import Invitation
from .services import AttendanceRow, DisagreementRow, MinutesInput

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ATTENDED, ABSENT = "attended", "absent"


def _people():
    return User.objects.filter(is_active=True)


class AttendanceForm(forms.Form):
    """One attended/absent choice and one reason per invitee (fields named by invitation)."""

    def __init__(self, *args, invitations: list[Invitation], **kwargs):
        super().__init__(*args, **kwargs)
        self.invitations = invitations
        for invitation in invitations:
            recorded = invitation.attendance != Invitation.Attendance.UNKNOWN
            self.fields[f"attendance_{invitation.pk}"] = forms.ChoiceField(
                label=str(invitation.person),
                choices=[(ATTENDED, _("Attended")), (ABSENT, _("Absent"))],
                widget=forms.RadioSelect,
                initial=invitation.attendance if recorded else ATTENDED,
            )
            self.fields[f"reason_{invitation.pk}"] = forms.CharField(
                label=_("Reason for absence of %(person)s") % {"person": invitation.person},
                required=False,
                initial=invitation.absence_reason,
            )

    def rows(self):
        """(invitation, attendance field, reason field) for the template."""
        return [(i, self[f"attendance_{i.pk}"], self[f"reason_{i.pk}"]) for i in self.invitations]

    def attendance_rows(self) -> list[AttendanceRow]:
        data = self.cleaned_data
        return [
            AttendanceRow(i, data[f"attendance_{i.pk}"] == ATTENDED, data[f"reason_{i.pk}"])
            for i in self.invitations
        ]


class OpinionForm(forms.Form):
    written_opinion = forms.CharField(
        label=_("Your written opinion"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the meeting should hear from you, if you cannot attend."),
    )
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=UPLOAD_HELP,
        widget=forms.ClearableFileInput(attrs={"accept": UPLOAD_ACCEPT}),
    )


class ConclusionRowForm(forms.Form):
    text = forms.CharField(
        label=_("Conclusion"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DisagreementRowForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    subject = forms.CharField(
        label=_("Disagreement"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    decision_maker = forms.ModelChoiceField(
        label=_("Decision maker"), queryset=User.objects.none(), required=False, widget=PersonSelect
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision_maker"].queryset = _people()


class _RowFormSet(forms.BaseFormSet):
    def rows(self):
        """The rows kept: filled in, not marked for removal."""
        return [
            form.cleaned_data
            for form in self.forms
            if form.has_changed() and not self._should_delete_form(form) and form.cleaned_data
        ]


ConclusionFormSet = forms.formset_factory(
    ConclusionRowForm, formset=_RowFormSet, extra=1, can_delete=True
)
DisagreementFormSet = forms.formset_factory(
    DisagreementRowForm, formset=_RowFormSet, extra=1, can_delete=True
)
ROW_FORMSETS = {"conclusions": ConclusionFormSet, "disagreements": DisagreementFormSet}


class MinutesForm(forms.Form):
    """The viewpoints (one field per participating department) and the follow-up plan."""

    follow_up_plan = forms.CharField(
        label=_("Follow-up plan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What happens next, and when the next meeting is."),
    )
    pending_decisions = forms.CharField(
        label=_("Pending decisions"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, departments: list[Department], **kwargs):
        super().__init__(*args, **kwargs)
        self.departments = departments
        for department in departments:
            self.fields[f"viewpoint_{department.pk}"] = forms.CharField(
                label=_("Viewpoint of %(department)s") % {"department": department},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def viewpoint_fields(self):
        return [self[f"viewpoint_{d.pk}"] for d in self.departments]


def minutes_form_initial(minutes) -> tuple[dict, list[dict], list[dict]]:
    """Initial values of the minutes form and its two formsets, from the minutes."""
    if minutes is None:
        return {}, [], []
    initial = {
        "follow_up_plan": minutes.follow_up_plan,
        "pending_decisions": minutes.pending_decisions,
        **{f"viewpoint_{v.department_id}": v.text for v in minutes.viewpoints.all()},
    }
    conclusions = [{"text": c.text} for c in minutes.conclusions.all()]
    disagreements = [
        {"id": d.pk, "subject": d.subject, "decision_maker": d.decision_maker_id}
        for d in minutes.disagreements.all()
    ]
    return initial, conclusions, disagreements


def minutes_input(form: MinutesForm, conclusions, disagreements) -> MinutesInput:
    data = form.cleaned_data
    return MinutesInput(
        viewpoints=[(d, data.get(f"viewpoint_{d.pk}", "")) for d in form.departments],
        conclusions=[row["text"] for row in conclusions.rows()],
        disagreements=[
            DisagreementRow(row["subject"], row["decision_maker"], row.get("id"))
            for row in disagreements.rows()
        ],
        follow_up_plan=data["follow_up_plan"],
        pending_decisions=data["pending_decisions"],
    )


class MinutesItemForm(OriginActionItemForm):
    """An action item created from the minutes."""


class DecisionForm(forms.Form):
    decision = forms.CharField(
        label=_("Decision"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class MinutesFileForm(forms.Form):
    file = forms.FileField(
        label=_("Attach a file"),
        required=False,
        help_text=UPLOAD_HELP,
        widget=forms.ClearableFileInput(attrs={"accept": UPLOAD_ACCEPT}),
    )
