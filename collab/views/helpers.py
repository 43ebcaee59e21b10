"""Helpers every app's pages share: one form page, one POST action, downloads, and a
service's refusal shown beside the fields it names."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django_sendfile import sendfile

from collab.errors import Forbidden, InvalidState, RuleViolation
from collab.models import GeneratedDocument

# Downloaded files never run in the app's origin, whatever they contain.
ATTACHMENT_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "sandbox; default-src 'none'",
}


def add_rule_violation(form, error: RuleViolation, *, rows: dict | None = None) -> None:
    """Show a service's refusal on the form: beside each field it names, above the form
    otherwise; `rows` maps a field name to a formset that shows it above its rows."""
    for field, field_messages in (error.errors or {None: [error.message]}).items():
        for message in field_messages:
            if rows and field in rows:
                rows[field]._non_form_errors.append(message)
            else:
                form.add_error(field if field in form.fields else None, message)


def form_page(
    request,
    *,
    form,
    run: Callable[[dict], object],
    success: str,
    back: Callable[[], HttpResponse],
    template: str,
    context: dict | None = None,
) -> HttpResponse:
    """A page with one form and one service: on a valid POST run it; show its refusal beside
    the fields, or go back with a success message."""
    if request.method == "POST" and form.is_valid():
        try:
            run(form.cleaned_data)
        except RuleViolation as error:
            add_rule_violation(form, error)
        else:
            messages.success(request, success)
            return back()
    return render(request, template, {"form": form, **(context or {})})


def allowed_or_back(request, check: Callable[[], None], back) -> HttpResponse | None:
    """Before showing a form: `check` (a permissions `..._require` call) refusing by role is
    a 403 page; by state, the previous page with the reason. None when allowed."""
    try:
        check()
    except Forbidden as error:
        raise PermissionDenied(error.message) from error
    except RuleViolation as error:
        messages.error(request, " ".join(error.messages))
        return back()
    return None


def post_action(request, *, run: Callable[[], object], success: str, back) -> HttpResponse:
    """A button that runs one service: its refusal becomes an error message."""
    try:
        run()
    except RuleViolation as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return back()


def tab_action(
    request,
    *,
    run: Callable[[], object],
    success: str,
    back,
    form=None,
    refused: Callable[[], HttpResponse] | None = None,
) -> HttpResponse:
    """A form posted from a tab of an object's page, run by one service: done → `back()`
    with `success`; the wrong person → 403; the wrong moment → `back()` with the reason;
    bad input → `refused()`, the tab again with the errors beside `form`'s fields (without a
    form, `back()` with the reason)."""
    try:
        run()
    except Forbidden as error:
        raise PermissionDenied(error.message) from error
    except InvalidState as error:
        messages.error(request, " ".join(error.messages))
    except RuleViolation as error:
        if form is None:
            messages.error(request, " ".join(error.messages))
        else:
            add_rule_violation(form, error)
            return refused()
    else:
        messages.success(request, success)
    return back()


def attachment(content: bytes, filename: str, content_type: str) -> HttpResponse:
    """Bytes made on the server, downloaded as a file."""
    response = HttpResponse(content, content_type=content_type, headers=ATTACHMENT_HEADERS)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def file_attachment(request, field_file, filename: str, content_type: str) -> HttpResponse:
    """A stored file, downloaded as a file: never shown inline, never sniffed. The caller
    has checked who may see it; there is no other way to the file (no /media/ route).
    django-sendfile2 hands the bytes over: itself, or the web server (X-Accel-Redirect)
    in production, which must add ATTACHMENT_HEADERS again (nginx drops them)."""
    response = sendfile(
        request,
        field_file.path,
        attachment=True,
        attachment_filename=filename,
        mimetype=content_type,
    )
    for name, value in ATTACHMENT_HEADERS.items():
        response[name] = value
    return response


def pdf_response(request, generated: GeneratedDocument) -> HttpResponse:
    return file_attachment(
        request, generated.file, generated.file.name.rsplit("/", 1)[-1], "application/pdf"
    )
