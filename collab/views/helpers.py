from django.http import FileResponse

from collab.errors import RuleViolation
from collab.models import GeneratedDocument


def add_rule_violation(form, error: RuleViolation) -> None:
    """Show a service's refusal on the form: beside each field it names, or above the form."""
    for field, messages in (error.errors or {None: [error.message]}).items():
        for message in messages:
            form.add_error(field if field in form.fields else None, message)


def client_ip(request) -> str | None:
    # Behind the production proxy REMOTE_ADDR is the proxy; it appends the client last.
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    return forwarded.split(",")[-1].strip() or request.META.get("REMOTE_ADDR") or None


def pdf_response(generated: GeneratedDocument) -> FileResponse:
    return FileResponse(
        generated.file.open("rb"),
        as_attachment=True,
        filename=generated.file.name.rsplit("/", 1)[-1],
        content_type="application/pdf",
    )
