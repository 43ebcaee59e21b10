"""The "File a feedback form" page's form. It parses; feedback_submit decides what is
allowed and says what is missing, so the page and the API refuse with the same words."""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from collab.forms import MultipleFileField
from collab.models import Department, User
from collab.selectors import departments_of_user
from collab.uploads import UPLOAD_HELP
from tasks.selectors import cards_visible_to

from .models import DEFAULT_POLICIES, FeedbackForm, SlaPolicy, Urgency
from .services.forms import FORM_FIELDS, FeedbackInput, receiving_contact_choices

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


def response_promise(policy: SlaPolicy) -> str:
    """The first-response time a policy promises, as the form shows it beside its urgency."""
    count = policy.response_within
    if policy.response_unit == SlaPolicy.Unit.WORKING_DAYS:
        text = ngettext(
            "respond within %(count)d working day", "respond within %(count)d working days", count
        )
    else:
        text = ngettext("respond within %(count)d hour", "respond within %(count)d hours", count)
    return text % {"count": count}


def sla_policies() -> dict[str, SlaPolicy]:
    """Every urgency's policy in one query; a missing row counts with its default."""
    policies = {policy.urgency: policy for policy in SlaPolicy.objects.all()}
    for urgency, (within, unit, follow_up) in DEFAULT_POLICIES.items():
        policies.setdefault(
            urgency,
            SlaPolicy(
                urgency=urgency,
                response_within=within,
                response_unit=unit,
                follow_up_every_hours=follow_up,
            ),
        )
    return policies


class FeedbackFilingForm(forms.ModelForm):
    involved_departments = forms.ModelMultipleChoiceField(
        label=_("Other involved departments"),
        queryset=Department.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("They are informed of the form and can follow it; they are not asked."),
    )
    attachments = MultipleFileField(label=_("Attach files"), required=False, help_text=UPLOAD_HELP)

    class Meta:
        model = FeedbackForm
        fields = [*FORM_FIELDS, "involved_departments"]
        widgets = {
            "urgency": forms.RadioSelect,
            "kind": forms.RadioSelect,
            "background": forms.Textarea(attrs={"rows": 3}),
            "current_situation": forms.Textarea(attrs={"rows": 3}),
            "expectation": forms.Textarea(attrs={"rows": 3}),
            "expected_completion": DATETIME_INPUT,
        }
        labels = {"card": _("Related card"), "kind_other": _("Which type?")}
        help_texts = {
            "phone_extension": _("From your profile; change it if you are elsewhere."),
            "kind_other": _("Only when the type is “other”: name it in a few words."),
            "background": _("What led here: the history and the cause, as far as you know."),
            "current_situation": _("Where things stand now: facts, figures, who is affected."),
            "expectation": _("What you want from the receiving department, and by when."),
            "receiving_department": _("Its contact is filled in below; choose another if needed."),
            "card": _("A card this request belongs to, if any."),
            "related_item": _("Or name what it is about: an order, a system, a contract…"),
        }

    SECTIONS = {
        "sender": (_("Who asks"), ["initiating_department", "phone_extension"]),
        "request": (_("The request"), ["urgency", "kind", "kind_other"]),
        "description": (
            _("Description"),
            ["background", "current_situation", "expectation"],
        ),
        "receiver": (
            _("Who answers"),
            ["receiving_department", "receiving_contact", "involved_departments"],
        ),
        "timing": (_("Timing and related work"), ["expected_completion", "card", "related_item"]),
        "files": (_("Attachments"), ["attachments"]),
    }

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        fields = self.fields
        mine = Department.objects.filter(is_active=True).order_by("code")
        if not user.is_staff:
            mine = mine.filter(pk__in=departments_of_user(user).values("pk"))
        fields["initiating_department"].queryset = mine
        fields["receiving_department"].queryset = Department.objects.filter(
            is_active=True
        ).order_by("code")
        fields["involved_departments"].queryset = Department.objects.filter(
            is_active=True
        ).order_by("code")
        fields["card"].queryset = cards_visible_to(user).order_by("-code")
        fields["card"].to_field_name = "code"
        policies = sla_policies()
        fields["urgency"].choices = [
            (
                value,
                format_html(
                    '{} <span class="urgency-promise">({})</span>',
                    label,
                    response_promise(policies[value]),
                ),
            )
            for value, label in Urgency.choices
        ]
        fields["urgency"].help_text = _(
            "How soon the receiving department must first respond (the SLA policy)."
        )
        fields["kind"].choices = FeedbackForm.Kind.choices
        fields["expected_completion"].input_formats = DATETIME_FORMATS
        fields["expected_completion"].help_text = _(
            "A date and time in the future. Time zone: %(zone)s"
        ) % {"zone": timezone.get_current_timezone_name()}
        receiving = self.receiving_department()
        contact = fields["receiving_contact"]
        contact.queryset = receiving_contact_choices(receiving)
        contact.empty_label = _("Its usual contact")
        contact.help_text = _("The department's head or one of its contacts.")
        head_id = getattr(receiving, "head_id", None)
        contact.label_from_instance = lambda person: (
            (_("%(name)s (head)") if person.pk == head_id else _("%(name)s (contact)"))
            % {"name": person}
        )
        url = reverse("feedback:receiving-contact")
        # Choosing the department swaps in its contact picker, its usual contact chosen;
        # choosing another contact swaps in their details (focus stays on the picker).
        fields["receiving_department"].widget.attrs.update(
            {
                "hx-get": url,
                "hx-trigger": "change",
                "hx-target": "#receiving-contact",
                "hx-swap": "outerHTML",
            }
        )
        contact.widget.attrs.update(
            {
                "hx-get": url,
                "hx-trigger": "change",
                "hx-include": f"#{self['receiving_department'].auto_id}",
                "hx-target": "#receiving-contact-info",
                "hx-select": "#receiving-contact-details",
                "hx-swap": "innerHTML",
            }
        )
        # The service says what is missing, in one round with its other rules.
        for name in (
            "initiating_department",
            "urgency",
            "kind",
            "background",
            "current_situation",
            "expectation",
            "receiving_department",
            "expected_completion",
        ):
            fields[name].required = False
        for name in ("background", "current_situation", "expectation"):
            # Required by the service; marked so that nobody learns it from an error.
            fields[name].widget.attrs["aria-required"] = "true"

    def receiving_department(self) -> Department | None:
        """The receiving department chosen (posted or given as initial), if a valid one."""
        field = self.fields["receiving_department"]
        value = self.data.get(self.add_prefix("receiving_department")) if self.is_bound else None
        if value in (None, ""):
            value = self.initial.get("receiving_department")
        if isinstance(value, Department):
            return value
        try:
            return field.queryset.filter(pk=int(value)).first() if value else None
        except (TypeError, ValueError):
            return None

    def section(self, key: str) -> dict:
        legend, names = self.SECTIONS[key]
        return {"id": f"section-{key}", "legend": legend, "fields": [self[n] for n in names]}

    def _post_clean(self):
        # feedback_submit checks the form as a whole; no model full_clean here.
        pass

    def feedback_input(self) -> FeedbackInput:
        data = self.cleaned_data
        return FeedbackInput(
            values={name: data.get(name) for name in FORM_FIELDS if data.get(name) is not None},
            involved_departments=list(data.get("involved_departments") or []),
            attachments=list(data.get("attachments") or []),
        )


def filing_initial(user: User, card_code: str | None = None) -> dict:
    """A new form: my department asks, my extension, urgency normal; `?card=CODE` names a
    card I can see (any other is ignored)."""
    initial = {
        "initiating_department": user.department_id,
        "phone_extension": user.phone_extension,
        "urgency": Urgency.NORMAL,
    }
    if card_code:
        card = cards_visible_to(user).filter(code__iexact=card_code.strip()).first()
        if card is not None:
            initial["card"] = card.code
    return initial
