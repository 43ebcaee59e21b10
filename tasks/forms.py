"""Forms of the card pages. They parse input; the services decide what is allowed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from collab.models import Department, User
from collab.uploads import UPLOAD_ACCEPT, UPLOAD_HELP

from .models import ActionItem, Card, CardDepartment, Milestone, Risk
from .services import CardInput, DepartmentRow, MilestoneRow

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _people():
    return User.objects.filter(is_active=True).order_by("display_name", "username")


def _departments():
    return Department.objects.filter(is_active=True).order_by("code")


class CardForm(forms.ModelForm):
    key_results = forms.CharField(
        label=_("Key results"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line, measurable where possible."),
    )

    class Meta:
        model = Card
        fields = [
            "title",
            "kind",
            "priority",
            "initiating_department",
            "lead",
            "tracker",
            "background",
            "goal",
            "key_results",
            "in_scope",
            "out_of_scope",
            "planned_start",
            "planned_end",
            "budget_amount",
            "budget_currency",
            "people_needed",
            "equipment_needed",
            "meeting_cadence",
            "meeting_channel",
            "confidential",
            "acceptance_user",
            "acceptance_department",
        ]
        widgets = {
            "planned_start": DATE_INPUT,
            "planned_end": DATE_INPUT,
            "background": forms.Textarea(attrs={"rows": 3}),
            "goal": forms.Textarea(attrs={"rows": 3}),
            "in_scope": forms.Textarea(attrs={"rows": 3}),
            "out_of_scope": forms.Textarea(attrs={"rows": 2}),
            "people_needed": forms.Textarea(attrs={"rows": 2}),
            "equipment_needed": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("lead", "tracker", "acceptance_user"):
            self.fields[name].queryset = _people()
        for name in ("initiating_department", "acceptance_department"):
            self.fields[name].queryset = _departments()
        if self.instance.pk and not self.is_bound:
            self.initial["key_results"] = "\n".join(self.instance.key_results or [])

    def clean_key_results(self):
        lines = self.cleaned_data.get("key_results", "").splitlines()
        return [line.strip() for line in lines if line.strip()]

    def _post_clean(self):
        # The services check the card as a whole (dates, budget, rows); skip the model's own
        # full_clean here so that its errors come once, from one place.
        pass


class DepartmentRowForm(forms.Form):
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=CardDepartment.Role.choices)
    responsibilities = forms.CharField(
        label=_("Responsibilities"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Position + action + delivery standard."),
    )
    contact = forms.ModelChoiceField(label=_("Contact"), queryset=User.objects.none())
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = _departments()
        self.fields["contact"].queryset = _people()


class MilestoneRowForm(forms.Form):
    name = forms.CharField(label=_("Milestone"), max_length=200)
    due_date = forms.DateField(label=_("Due date"), widget=DATE_INPUT)
    buffer_days = forms.IntegerField(
        label=_("Buffer days"), initial=0, help_text=_("From 0 to 365.")
    )
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)


DepartmentFormSet = forms.formset_factory(DepartmentRowForm, extra=0, can_delete=True)
MilestoneFormSet = forms.formset_factory(MilestoneRowForm, extra=0, can_delete=True)


def card_row_formsets(data=None, card: Card | None = None):
    """The departments and milestones formsets, filled from the card when there is one."""
    departments_initial = milestones_initial = None
    if card is not None and data is None:
        departments_initial = [
            {
                "department": p.department_id,
                "role": p.role,
                "responsibilities": p.responsibilities,
                "contact": p.contact_id,
                "id": p.pk,
            }
            for p in card.departments.order_by("position", "pk")
        ]
        milestones_initial = [
            {"name": m.name, "due_date": m.due_date, "buffer_days": m.buffer_days, "id": m.pk}
            for m in card.milestones.order_by("due_date", "pk")
        ]
    return (
        DepartmentFormSet(data, prefix="departments", initial=departments_initial),
        MilestoneFormSet(data, prefix="milestones", initial=milestones_initial),
    )


def card_input(form: CardForm, departments, milestones) -> CardInput:
    def rows(formset):
        return [
            row.cleaned_data
            for row in formset.forms
            if row.has_changed() and not row.cleaned_data.get("DELETE")
        ]

    return CardInput(
        fields={name: form.cleaned_data[name] for name in form.Meta.fields},
        departments=[
            DepartmentRow(
                department=row["department"],
                role=row["role"],
                responsibilities=row["responsibilities"],
                contact=row["contact"],
                id=row.get("id"),
            )
            for row in rows(departments)
        ],
        milestones=[
            MilestoneRow(
                name=row["name"],
                due_date=row["due_date"],
                buffer_days=row["buffer_days"] or 0,
                id=row.get("id"),
            )
            for row in rows(milestones)
        ],
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class ObjectionForm(forms.Form):
    topic = forms.ChoiceField(
        label=_("The objection concerns"), choices=CardDepartment.Topic.choices
    )
    objection = forms.CharField(label=_("Objection"), widget=forms.Textarea(attrs={"rows": 3}))
    proposed_change = forms.CharField(
        label=_("Proposed change"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ActionItemForm(forms.Form):
    title = forms.CharField(label=_("What"), max_length=200)
    details = forms.CharField(
        label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=User.objects.none())
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.none(),
        required=False,
        help_text=_("Leave empty for the owner's own department."),
    )
    deliverable = forms.CharField(label=_("Deliverable"), max_length=300, required=False)
    due_date = forms.DateField(label=_("Due date"), widget=DATE_INPUT)
    priority = forms.ChoiceField(
        label=_("Priority"),
        choices=ActionItem._meta.get_field("priority").choices,
        initial="medium",
    )
    depends_on = forms.ModelMultipleChoiceField(
        label=_("Depends on"),
        queryset=ActionItem.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, card: Card | None = None, exclude_item=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _people()
        self.fields["department"].queryset = _departments()
        candidates = ActionItem.objects.filter(card=card) if card else ActionItem.objects.none()
        if exclude_item is not None:
            candidates = candidates.exclude(pk=exclude_item.pk)
        self.fields["depends_on"].queryset = candidates.order_by("due_date", "pk")


class ItemProgressForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionItem.Status.choices)
    percent = forms.IntegerField(label=_("Percent done"), min_value=0, max_value=100)
    output_link = forms.URLField(label=_("Output link"), required=False, assume_scheme="https")
    output_file = forms.FileField(
        label=_("Output file"),
        required=False,
        help_text=UPLOAD_HELP,
        widget=forms.ClearableFileInput(attrs={"accept": UPLOAD_ACCEPT}),
    )
    override_reason = forms.CharField(
        label=_("Reason to close despite open dependencies"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only the card's lead can close an item whose dependencies are open."),
    )


class DelayNoticeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the delay"), widget=forms.Textarea(attrs={"rows": 3})
    )
    new_due_date = forms.DateField(label=_("New expected date"), widget=DATE_INPUT)


class ProgressUpdateForm(forms.Form):
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.none())
    date = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    percent = forms.IntegerField(label=_("Percent done"), min_value=0, max_value=100)
    done = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 2}))
    problems = forms.CharField(
        label=_("Problems"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, departments: tuple[str, ...] = (), **kwargs):
        """`departments`: codes of those the user may post for (CardPermissions)."""
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(
            code__in=departments
        ).order_by("code")


class RiskForm(forms.ModelForm):
    class Meta:
        model = Risk
        fields = ["description", "impact", "likelihood", "mitigation", "owner"]
        labels = {"description": _("Risk")}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "mitigation": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _people()

    def _post_clean(self):
        # The service checks the risk; the model's own validation would say it twice.
        pass


class MilestoneForm(forms.ModelForm):
    reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The departments read it when they confirm the change."),
    )

    class Meta:
        model = Milestone
        fields = ["name", "due_date", "buffer_days"]
        widgets = {"due_date": DATE_INPUT}
        help_texts = {"buffer_days": _("From 0 to 365.")}

    def __init__(self, *args, needs_reason: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not needs_reason:
            del self.fields["reason"]

    def _post_clean(self):
        # The service checks the milestone against the card; one place says what is wrong.
        pass


class RiskCoordinationForm(forms.Form):
    solution = forms.CharField(label=_("Solution"), widget=forms.Textarea(attrs={"rows": 3}))
    responsible_department = forms.ModelChoiceField(
        label=_("Responsible department"), queryset=Department.objects.none()
    )
    deadline = forms.DateField(label=_("Deadline"), widget=DATE_INPUT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_department"].queryset = _departments()


class AcceptanceSubmitForm(forms.Form):
    deliverables = forms.ModelMultipleChoiceField(
        label=_("Deliverables"),
        queryset=ActionItem.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The done action items whose outputs are delivered."),
    )
    note = forms.CharField(
        label=_("Deliverables list and notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, card: Card, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deliverables"].queryset = card.action_items.filter(
            status=ActionItem.Status.DONE
        ).order_by("due_date", "pk")


class AcceptanceDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[("accept", _("Accept")), ("reject", _("Reject"))],
    )
    comment = forms.CharField(
        label=_("Comment or reasons"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you reject."),
    )


class RetrospectiveForm(forms.Form):
    successes = forms.CharField(label=_("Successes"), widget=forms.Textarea(attrs={"rows": 3}))
    shortcomings = forms.CharField(
        label=_("Shortcomings"), widget=forms.Textarea(attrs={"rows": 3})
    )
    improvements = forms.CharField(
        label=_("Improvements"), widget=forms.Textarea(attrs={"rows": 3})
    )
