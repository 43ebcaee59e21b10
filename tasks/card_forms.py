"""The card form (create, edit a draft, request a change): the card's fields in sections,
its department and milestone rows, and the service input built from them. Like every form
here they parse input; the services decide what is allowed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from collab.errors import RuleViolation
from collab.models import Department, User
from collab.widgets import PersonSelect

from .models import Card, CardDepartment
from .services import CardInput, DepartmentRow, MilestoneRow
from .services.cards import check_card_input

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
            "lead": PersonSelect,
            "tracker": PersonSelect,
            "acceptance_user": PersonSelect,
        }

    # The form's sections, in page order: (anchor, legend, fields). The departments and
    # milestones rows come between them (templates/tasks/card_form.html).
    SECTIONS = {
        "what": (
            _("What and why"),
            ["title", "kind", "priority", "background", "goal", "in_scope", "out_of_scope"],
        ),
        "who": (
            _("Who leads it"),
            ["initiating_department", "lead", "tracker", "confidential"],
        ),
        "dates": (
            _("Dates and budget"),
            [
                "planned_start",
                "planned_end",
                "budget_amount",
                "budget_currency",
                "people_needed",
                "equipment_needed",
                "meeting_cadence",
                "meeting_channel",
            ],
        ),
        "results": (
            _("Key results and acceptance"),
            ["key_results", "acceptance_user", "acceptance_department"],
        ),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("lead", "tracker", "acceptance_user"):
            self.fields[name].queryset = _people()
        for name in ("initiating_department", "acceptance_department"):
            self.fields[name].queryset = _departments()
        if self.instance.pk and not self.is_bound:
            self.initial["key_results"] = "\n".join(self.instance.key_results or [])

    def section(self, key: str) -> dict:
        legend, names = self.SECTIONS[key]
        return {"id": f"section-{key}", "legend": legend, "fields": [self[name] for name in names]}

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
    contact = forms.ModelChoiceField(
        label=_("Contact"),
        queryset=User.objects.none(),
        required=False,
        widget=PersonSelect(department_field="department"),
        help_text=_("Left empty: the department's contact, else its head."),
    )
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
    departments = DepartmentFormSet(data, prefix="departments", initial=departments_initial)
    milestones = MilestoneFormSet(data, prefix="milestones", initial=milestones_initial)
    # How the error summary names a row (collab/templatetags/form_tags.py).
    departments.row_label = _("Department row %(number)d")
    milestones.row_label = _("Milestone row %(number)d")
    return departments, milestones


def card_input(form: CardForm, departments, milestones, *, partial: bool = False) -> CardInput:
    """The service's input from the valid forms; `partial`: from whatever parsed of forms
    that are not all valid (fields in error and rows in error left out)."""

    parsed = form.cleaned_data

    def rows(formset):
        return [
            row.cleaned_data
            for row in formset.forms
            if row.has_changed()
            and (not partial or not row.errors)
            and not row.cleaned_data.get("DELETE")
        ]

    return CardInput(
        fields={name: form.cleaned_data[name] for name in form.Meta.fields if name in parsed},
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


def add_card_rule_errors(form: CardForm, departments, milestones) -> None:
    """After the forms found errors: the card's rules (services.check_card_input) judge
    what did parse, so that every error shows in one round. Nothing is saved; a field
    already in error keeps its own message."""
    data = card_input(form, departments, milestones, partial=True)
    try:
        check_card_input(data)
    except RuleViolation as error:
        rows = {"departments": departments, "milestones": milestones}
        for field, messages in error.errors.items():
            for message in messages:
                if field in rows:
                    rows[field]._non_form_errors.append(message)
                elif field in form.fields and field not in form.errors:
                    form.add_error(field, message)
                elif field not in form.fields:
                    form.add_error(None, message)
