"""Documents: signable documents as HTML (for review in the browser) and PDF (WeasyPrint).

Pure renderers: a signature request in, HTML or PDF bytes out. Storing the PDF
is services.documents' job.
"""

from __future__ import annotations

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from . import signables
from .models import SignatureRequest
from .pdf_inspection import PDF_KEYWORD_PREFIX, verification_code_in
from .selectors.organisation import role_label
from .selectors.signoff import Verification, signature_checks

DOCUMENT_CSS = settings.BASE_DIR / "static" / "css" / "document.css"


def formatted_code(code: str) -> str:
    """ABCDEFGHJKMN -> ABCD-EFGH-JKMN, easier to read aloud and type."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def verification_url(code: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("verify-code", args=[code])


def _qr_data_uri(url: str) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=3, border=1)


def document_context(request: SignatureRequest, verification: Verification | None = None) -> dict:
    """Everything the document templates need, in the active language."""
    signable = signables.get(request.document_type)
    verification = verification or signature_checks(request)
    signed_places = set()
    rows = []
    for check in verification.checks:
        signature = check.signature
        place = signature.required_signer
        signed_places.add(place.pk)
        rows.append(
            {
                "as": role_label(place.role, place.department),
                "signer": signature.signer,
                "on_behalf_of": signature.on_behalf_of,
                "approved": signature.decision == signature.Decision.APPROVE,
                "comment": signature.comment,
                "signed_at": signature.signed_at,
                # The signing audit, signed with the rest (signables.signature_event_payload).
                "ip_address": signature.ip_address,
                "user_agent": signature.user_agent,
                "valid": check.valid,
            }
        )
    open_places = [
        {"as": role_label(place.role, place.department), "signer": place.user}
        for place in request.required_signers.select_related("user", "department").order_by(
            "position"
        )
        if place.pk not in signed_places
    ]
    with translation.override("zh-hans"):
        title_zh = str(signable.title)
    code = formatted_code(request.verification_code)
    url = verification_url(request.verification_code)
    return {
        **signable.context(request.document),
        "request": request,
        "title": str(signable.title),
        "title_zh": title_zh,
        "body_template": signable.template,
        "company_name": settings.COMPANY_NAME,
        "verification": verification,
        "signature_rows": rows,
        "open_places": open_places,
        "code": code,
        "verify_url": url,
        "qr_code": _qr_data_uri(url),
        "pdf_keywords": PDF_KEYWORD_PREFIX + request.verification_code,
    }


def document_html(request: SignatureRequest, *, language: str) -> str:
    """The whole document as WeasyPrint renders it; times in the company time zone."""
    with translation.override(language), timezone.override(settings.TIME_ZONE):
        context = document_context(request)
        context["page_footer_css"] = page_footer_css(f"{_('Verification code')} {context['code']}")
        return render_to_string("collab/documents/pdf.html", context)


def render_pdf(html: str) -> bytes:
    import weasyprint  # a heavy import, only where PDFs are made

    return weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        stylesheets=[weasyprint.CSS(filename=str(DOCUMENT_CSS))]
    )


def verification_code_from_pdf(upload) -> str | None:
    """The verification code a PDF carries in its metadata, or None. Parsed in a child
    process with hard limits (collab.pdf_inspection); raises PdfRefused (a ValueError)
    for a file that cannot be read, is encrypted, or is too complex to read safely."""
    upload.seek(0)
    return verification_code_in(upload.read())


def _css_string(value: str) -> str:
    """`value` as the inside of a CSS string literal, safe inside a <style> element."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return escaped.replace("<", "\\3c ").replace(">", "\\3e ")


def page_footer_css(left: str):
    """The page-margin boxes, which only CSS can fill: `left` at the foot on the left,
    "page N of M" (in the active language) on the right."""
    page_label = _("Page %(page)s of %(pages)s") % {
        "page": '" counter(page) "',
        "pages": '" counter(pages) "',
    }
    return mark_safe(  # noqa: S308 - our own translation; `left` is escaped
        f'@page {{ @bottom-left {{ content: "{_css_string(left)}"; }}'
        f' @bottom-right {{ content: "{page_label}"; }} }}'
    )


def unsigned_document_html(
    *,
    template: str,
    context: dict,
    title,
    code: str,
    version: str | int = "",
    language: str,
) -> str:
    """A document nobody signs (a task card, a report) with the signed documents' look:
    company, title (with the title in the other language beneath), code, version, and a
    footer with the code and "page N of M". `template` is the body; `title` is best a
    lazy translation, so that it can be shown in both languages."""
    other_language = "en" if language.startswith("zh") else "zh-hans"
    with translation.override(other_language):
        subtitle = str(title)
    with translation.override(language), timezone.override(settings.TIME_ZONE):
        footer = page_footer_css(f"{code} v{version}" if version != "" else code)
        return render_to_string(
            "collab/documents/plain_pdf.html",
            {
                **context,
                "title": str(title),
                "subtitle": subtitle,
                "company_name": settings.COMPANY_NAME,
                "code": code,
                "version": version,
                "generated_at": timezone.now(),
                "body_template": template,
                "page_footer_css": footer,
            },
        )


def render_unsigned_pdf(
    *,
    template: str,
    context: dict,
    title,
    code: str,
    version: str | int = "",
    language: str,
) -> bytes:
    """The PDF of an unsigned document; see unsigned_document_html()."""
    return render_pdf(
        unsigned_document_html(
            template=template,
            context=context,
            title=title,
            code=code,
            version=version,
            language=language,
        )
    )
