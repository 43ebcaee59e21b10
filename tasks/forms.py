"""Forms of the card pages. They parse input; the services decide what is allowed. The card
form itself and its rows are in card_forms.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from collab.models import Department, User
from collab.uploads import UPLOAD_ACCEPT, UPLOAD_HELP
from collab.widgets import PersonSelect

from .card_forms import (  # noqa: F401 - the pages use them as forms.*
    DATE_INPUT,
    CardForm,
    DepartmentFormSet,
    DepartmentRowForm,
    MilestoneFormSet,
    MilestoneRowForm,
    _departments,
    _people,
    add_card_rule_errors,
    card_input,
    card_row_formsets,
)
from .models import ActionItem, Card, CardDepartment, ItemRecurrence, Milestone, Risk


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
    owner = forms.ModelChoiceField(
        label=_("Owner"), queryset=User.objects.none(), widget=PersonSelect
    )
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


class OriginActionItemForm(forms.Form):
    """An action item another record creates (meeting minutes, a feedback form). Every field
    is optional here: the service checks them, so a missing owner or due date is the same
    field error on the page and in the API."""

    title = forms.CharField(label=_("What"), max_length=200, required=False)
    owner = forms.ModelChoiceField(
        label=_("Owner"), queryset=User.objects.none(), required=False, widget=PersonSelect
    )
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.none(),
        required=False,
        help_text=_("Leave empty for the owner's own department."),
    )
    deliverable = forms.CharField(label=_("Deliverable"), max_length=300, required=False)
    due_date = forms.DateField(label=_("Due date"), required=False, widget=DATE_INPUT)
    priority = forms.ChoiceField(
        label=_("Priority"),
        choices=ActionItem._meta.get_field("priority").choices,
        initial="medium",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _people()
        self.fields["department"].queryset = _departments()

    def values(self) -> dict:
        return dict(self.cleaned_data)


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


class RepeatForm(forms.Form):
    """How an action item repeats; services.action_item_repeat checks the rule as a whole."""

    rule = forms.ChoiceField(label=_("Repeats"), choices=ItemRecurrence.Rule.choices)
    weekday = forms.TypedChoiceField(
        label=_("On"),
        choices=[("", _("(weekly only)")), *ItemRecurrence.Weekday.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    every = forms.IntegerField(
        label=_("Every N working days"),
        required=False,
        help_text=_("Only for “every N working days”."),
    )
    until = forms.DateField(
        label=_("Until"),
        widget=DATE_INPUT,
        help_text=_("The last day an occurrence may fall on; at most 400 occurrences."),
    )


class StopRepeatingForm(forms.Form):
    from_date = forms.DateField(
        label=_("Cancel the open occurrences from"),
        widget=DATE_INPUT,
        required=False,
        help_text=_("Today when left empty; done and earlier occurrences stay."),
    )


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
            "owner": PersonSelect,
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
