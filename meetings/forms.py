"""Forms of the meeting pages. They parse; the services decide what is allowed."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from collab.models import Department, User
from collab.uploads import UPLOAD_ACCEPT, UPLOAD_HELP
from collab.widgets import PersonSelect
from tasks.selectors import cards_visible_to

from .models import Invitation, Meeting, MeetingSeries
from .services.meetings import (
    MEETING_FIELDS,
    AgendaEntry,
    DepartmentInvitation,
    Invitee,
    MeetingInput,
)

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _people():
    return User.objects.filter(is_active=True).order_by("display_name", "username")


def _departments():
    return Department.objects.filter(is_active=True).order_by("code")


class PeopleSelect(PersonSelect, forms.SelectMultiple):
    """Several people, searched as one types (static/js/forms.js)."""


class MeetingForm(forms.ModelForm):
    required_people = forms.ModelMultipleChoiceField(
        label=_("Required people"),
        queryset=User.objects.none(),
        required=False,
        widget=PeopleSelect(),
    )
    optional_people = forms.ModelMultipleChoiceField(
        label=_("Optional people"),
        queryset=User.objects.none(),
        required=False,
        widget=PeopleSelect(),
    )
    required_departments = forms.ModelMultipleChoiceField(
        label=_("Required departments"),
        queryset=Department.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A department is invited through its head and its contacts."),
    )
    optional_departments = forms.ModelMultipleChoiceField(
        label=_("Optional departments"),
        queryset=Department.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    link = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")
    repeats = forms.ChoiceField(
        label=_("Repeats"),
        choices=[("", _("does not repeat")), *MeetingSeries.Frequency.choices],
        required=False,
        help_text=_("A card's weekly or daily meeting: one meeting per occurrence."),
    )
    repeat_until = forms.DateField(
        label=_("Repeats until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    pre_read = forms.FileField(
        label=_("Add a pre-read"),
        required=False,
        help_text=UPLOAD_HELP,
        widget=forms.ClearableFileInput(attrs={"accept": UPLOAD_ACCEPT}),
    )

    class Meta:
        model = Meeting
        fields = list(MEETING_FIELDS)
        widgets = {
            "starts_at": DATETIME_INPUT,
            "ends_at": DATETIME_INPUT,
            "host": PersonSelect(),
            "recorder": PersonSelect(),
            "background": forms.Textarea(attrs={"rows": 3}),
            "goal": forms.Textarea(attrs={"rows": 2}),
        }

    SECTIONS = {
        "what": (_("The meeting"), ["topic", "kind", "card", "background", "goal"]),
        "when": (
            _("When and where"),
            [
                "starts_at",
                "ends_at",
                "channel",
                "place",
                "link",
                "is_urgent",
                "repeats",
                "repeat_until",
            ],
        ),
        "who": (
            _("People"),
            [
                "host",
                "recorder",
                "required_people",
                "optional_people",
                "required_departments",
                "optional_departments",
            ],
        ),
    }

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # A series is made when the meeting is called; each occurrence is edited alone.
            del self.fields["repeats"], self.fields["repeat_until"]
        for name in ("host", "recorder", "required_people", "optional_people"):
            self.fields[name].queryset = _people()
        for name in ("required_departments", "optional_departments"):
            self.fields[name].queryset = _departments()
        self.fields["card"].queryset = cards_visible_to(user).order_by("-code")
        self.fields["card"].to_field_name = "code"
        for name in ("topic", "starts_at", "ends_at", "host", "recorder"):
            # The service says what is missing, in one round with its other rules.
            self.fields[name].required = False
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
            self.fields[name].help_text = _("Time zone: %(zone)s") % {
                "zone": timezone.get_current_timezone_name()
            }

    def section(self, key: str) -> dict:
        legend, names = self.SECTIONS[key]
        fields = [self[name] for name in names if name in self.fields]
        return {"id": f"section-{key}", "legend": legend, "fields": fields}

    def _post_clean(self):
        # The services check the meeting as a whole; no model full_clean here.
        pass

    def values(self) -> dict:
        data = self.cleaned_data
        return {name: data.get(name) for name in self.Meta.fields if name in data}

    def invitees(self) -> tuple[list[Invitee], list[DepartmentInvitation]]:
        data = self.cleaned_data
        people = [Invitee(p, True) for p in data.get("required_people") or []]
        people += [Invitee(p, False) for p in data.get("optional_people") or []]
        departments = [
            DepartmentInvitation(d, True) for d in data.get("required_departments") or []
        ]
        departments += [
            DepartmentInvitation(d, False) for d in data.get("optional_departments") or []
        ]
        return people, departments


def meeting_form_initial(meeting: Meeting) -> dict:
    """A meeting's invitees as the form shows them: each person with their own flag (a
    department's head and contacts listed as people: departments are resolved on save)."""
    rows = list(meeting.invitations.all())
    deputies = {row.deputy_id for row in rows if row.deputy_id}
    kept = [row for row in rows if row.person_id not in deputies]
    return {
        "required_people": [row.person_id for row in kept if row.is_required],
        "optional_people": [row.person_id for row in kept if not row.is_required],
        "card": meeting.card.code if meeting.card_id else None,
    }


def follow_up_initial(earlier: Meeting) -> dict:
    """A follow-up of `earlier`: the same topic, kind, form, place, people and card."""
    return {
        **{
            name: getattr(earlier, name)
            for name in ("topic", "kind", "channel", "place", "link", "host", "recorder", "goal")
        },
        **meeting_form_initial(earlier),
    }


class AgendaRowForm(forms.Form):
    title = forms.CharField(label=_("Agenda item"), max_length=200, required=False)
    minutes = forms.IntegerField(label=_("Minutes"), min_value=1, max_value=1440, required=False)
    presenter = forms.ModelChoiceField(
        label=_("Presenter"), queryset=User.objects.none(), required=False, widget=PersonSelect()
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["presenter"].queryset = _people()


AgendaFormSet = forms.formset_factory(AgendaRowForm, extra=0, can_delete=True, can_order=True)


def agenda_formset(data=None, meeting: Meeting | None = None, initial=None):
    if meeting is not None and data is None:
        initial = [
            {"title": item.title, "minutes": item.minutes, "presenter": item.presenter_id}
            for item in meeting.agenda_items.all()
        ]
    formset = AgendaFormSet(data, prefix="agenda", initial=initial)
    formset.row_label = _("Agenda row %(number)d")
    return formset


def agenda_entries(formset) -> list[AgendaEntry]:
    """The rows kept, in the order asked for (ORDER), else as listed."""
    rows = [
        row
        for row in formset.forms
        if row.has_changed() and not row.errors and not row.cleaned_data.get("DELETE")
    ]
    rows.sort(key=lambda row: row.cleaned_data.get("ORDER") or 10_000)
    return [
        AgendaEntry(
            row.cleaned_data.get("title") or "",
            row.cleaned_data.get("minutes") or 0,
            row.cleaned_data.get("presenter"),
        )
        for row in rows
    ]


def meeting_input(form: MeetingForm, agenda) -> MeetingInput:
    people, departments = form.invitees()
    return MeetingInput(
        values=form.values(),
        invitees=people,
        departments=departments,
        agenda=agenda_entries(agenda),
    )


class AnswerForm(forms.Form):
    response = forms.ChoiceField(
        label=_("Your answer"),
        choices=[
            (Invitation.Response.ATTEND, _("I will attend")),
            (Invitation.Response.DECLINE, _("I cannot attend")),
            (Invitation.Response.DEPUTY, _("I send a deputy")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when you decline."),
    )
    deputy = forms.ModelChoiceField(
        label=_("Deputy"), queryset=User.objects.none(), required=False, widget=PersonSelect()
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputy"].queryset = _people()


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancelling"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class PreReadForm(forms.Form):
    file = forms.FileField(
        label=_("Pre-read"),
        required=False,
        help_text=UPLOAD_HELP,
        widget=forms.ClearableFileInput(attrs={"accept": UPLOAD_ACCEPT}),
    )
