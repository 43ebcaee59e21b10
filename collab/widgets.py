"""Widgets shared by every app's forms."""

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

PEOPLE_SEARCH_URL = reverse_lazy("people-search")


class PersonSelect(forms.Select):
    """A person picker: renders only the empty choice and the chosen person, never the
    whole company. static/js/forms.js turns it into a Tom Select that searches
    /people/search/ as one types; without JavaScript the chosen value still posts.
    The field's queryset still decides, on the server, who may be chosen.

    `department_field`: the name of a sibling field (same form prefix) holding a
    department; the search is then limited to that department's people."""

    def __init__(self, attrs=None, department_field: str | None = None):
        super().__init__(attrs)
        self.department_field = department_field

    def get_context(self, name, value, attrs):
        attrs = {
            **(attrs or {}),
            "data-people-search": str(PEOPLE_SEARCH_URL),
            "data-placeholder": _("Type part of a name or department"),
            "data-no-results": _("No one matches."),
            "data-loading": _("Searching…"),
        }
        if self.department_field:
            # "departments-0-contact" -> "id_departments-0-department"
            prefix = name.rsplit("-", 1)[0] + "-" if "-" in name else ""
            attrs["data-department-input"] = f"id_{prefix}{self.department_field}"
        return super().get_context(name, value, attrs)

    def optgroups(self, name, value, attrs=None):
        iterator = self.choices
        options = []
        empty_label = getattr(getattr(iterator, "field", None), "empty_label", None)
        if empty_label is not None:
            options.append(("", empty_label))
        chosen = [v for v in value if v not in (None, "")]
        if chosen and hasattr(iterator, "queryset"):
            try:
                people = list(iterator.queryset.filter(pk__in=chosen))
            except (ValueError, TypeError):
                people = []  # a tampered value: the field's validation says so
            options.extend(iterator.choice(person) for person in people)
        groups = []
        for index, (option_value, label) in enumerate(options):
            selected = str(option_value) in value
            option = self.create_option(name, option_value, label, selected, index, attrs=attrs)
            groups.append((None, [option], index))
        return groups
