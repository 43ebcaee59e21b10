"""Form rendering helpers: the error summary at the top of a form (the GOV.UK pattern) and
fields that name their help and error texts for screen readers."""

from django import template
from django.forms.formsets import BaseFormSet

register = template.Library()


def field_anchor(field) -> str:
    """The id a summary link jumps to: the field's input (the first one of a radio group)."""
    return field.id_for_label or field.auto_id


def errors_anchor(form_or_formset) -> str:
    """The id of the block that shows a form's errors that belong to no field."""
    prefix = getattr(form_or_formset, "prefix", None)
    return f"{prefix}-errors" if prefix else "form-errors"


def _form_entries(form, row: str = "") -> list[dict]:
    """A form's errors; each field's message named by its label (and its row's), since
    "This field is required." alone says nothing in a list."""
    entries = [
        {"href": f"#{errors_anchor(form)}", "message": f"{row}: {message}" if row else message}
        for message in form.non_field_errors()
    ]
    for field in form:
        label = f"{row} · {field.label}" if row else field.label
        entries.extend(
            {"href": f"#{field_anchor(field)}", "message": f"{label}: {message}"}
            for message in field.errors
        )
    return entries


@register.simple_tag
def error_summary(*forms) -> list[dict]:
    """Every error of the given forms and formsets, in page order, each with the link to
    the field (or errors block) that shows it. None and unbound forms are skipped."""
    entries = []
    for form in forms:
        if form is None or not getattr(form, "is_bound", False):
            continue
        if isinstance(form, BaseFormSet):
            entries.extend(
                {"href": f"#{errors_anchor(form)}", "message": message}
                for message in form.non_form_errors()
            )
            # A formset may name its rows ("Department %(number)d"); else the rows go unnamed.
            row_label = getattr(form, "row_label", "")
            for number, row in enumerate(form.forms, start=1):
                name = str(row_label) % {"number": number} if row_label else ""
                entries.extend(_form_entries(row, name))
        else:
            entries.extend(_form_entries(form))
    return entries


@register.filter
def described_widget(field):
    """The field's widget, with aria-describedby naming its help text and its errors, and
    aria-invalid while it has errors."""
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}_helptext")
    if field.errors:
        ids.append(f"{field.auto_id}_error")
    attrs = {"aria-describedby": " ".join(ids)} if ids else {}
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.filter
def form_section(form, key: str) -> dict:
    """One section of a form that declares them (`form.section(key)`)."""
    return form.section(key)
