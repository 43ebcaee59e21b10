"""The feedback form as a document (跨部门协作沟通与问题反馈表), field for field as the process
document's form: the request, the communication log, the result, the rating and the two
heads' signatures.

Renderers only: a form in, template context or PDF bytes out. The signed copy is the
sign-off engine's (collab.documents, with its signature block); `feedback_form_pdf` is the
current, unsigned copy. Storing a PDF is collab.services.documents' job.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from collab.documents import render_unsigned_pdf
from collab.errors import RuleViolation
from collab.selectors import Role
from collab.selectors.organisation import role_label

from .models import FeedbackForm

FEEDBACK_FORM_TITLE = gettext_lazy("Cross-department feedback form")
# The language the company files its documents in: the archived signed PDF.
DOCUMENT_LANGUAGE = "zh-hans"
BODY_TEMPLATE = "feedback/documents/feedback_form.html"


def document_language(requested: str | None) -> str:
    """`?lang=` ("en", "zh-hans"), else the active language; an unknown code is a field error."""
    if not requested:
        return translation.get_language()
    try:
        return translation.get_supported_language_variant(requested)
    except LookupError:
        raise RuleViolation(
            gettext_lazy("Ask for English (en) or Simplified Chinese (zh-hans)."), field="lang"
        ) from None


def feedback_form_context(form: FeedbackForm) -> dict:
    """What the body template shows, read in a fixed number of queries (departments and
    people with the form, the involved departments, the log with its authors)."""
    form = (
        FeedbackForm.objects.select_related(
            "initiating_department",
            "initiator",
            "receiving_department",
            "receiving_contact",
            "responsible_person",
            "card",
        )
        .prefetch_related("involved_departments")
        .get(pk=form.pk)
    )
    log = list(
        form.log_entries.select_related("author", "department").order_by("happened_at", "pk")
    )
    return {
        "form": form,
        "log": log,
        "involved": sorted(form.involved_departments.all(), key=lambda d: d.code),
        "kind_label": form.kind_other if form.kind == FeedbackForm.Kind.OTHER else "",
        "signing_heads": [
            role_label(Role.HEAD, form.initiating_department),
            role_label(Role.HEAD, form.receiving_department),
        ],
    }


def feedback_form_pdf(form: FeedbackForm, language: str) -> bytes:
    """The form as it stands now, unsigned, in `language` (times in the company time zone);
    the two heads' places to sign are shown empty."""
    with translation.override(language), timezone.override(settings.TIME_ZONE):
        return render_unsigned_pdf(
            template=BODY_TEMPLATE,
            context={**feedback_form_context(form), "unsigned": True},
            title=FEEDBACK_FORM_TITLE,
            code=form.code,
            language=language,
        )


def feedback_pdf_name(code: str, language: str, *, signed: bool) -> str:
    return f"{code}-{'signed' if signed else 'current'}-{language}.pdf"
