"""Public verification under attack: forged files, hostile PDFs, floods. Page and API alike."""

import resource
import sys
import time

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from collab import pdf_inspection, services

from . import hostile_pdfs
from .conftest import sign

pytestmark = pytest.mark.django_db

NOT_ISSUED = "This file was not issued by Crossdesk"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Rate-limit counters live in the cache; no test may inherit another's."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def issued_pdf(signature_request, finance_head) -> bytes:
    sign(signature_request, finance_head)
    generated = services.generated_document_get_or_render(request=signature_request, language="en")
    with generated.file.open("rb") as pdf:
        return pdf.read()


def upload(content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("letter.pdf", content, content_type="application/pdf")


def verify_on_page(client, content: bytes):
    return client.post(reverse("verify"), {"pdf": upload(content)})


def verify_through_api(content: bytes):
    return APIClient().post("/api/v1/verify/", {"pdf": upload(content)}, format="multipart")


# --- only the issued bytes are valid ------------------------------------------------------


def test_the_file_crossdesk_issued_is_valid_in_page_and_api(client, issued_pdf):
    page = verify_on_page(client, issued_pdf).content.decode()
    assert "Valid: the document is unchanged" in page
    assert "identical to one that Crossdesk issued" in page
    answer = verify_through_api(issued_pdf).json()
    assert answer["status"] == "valid"
    assert answer["identical_file"] is True


@pytest.mark.parametrize(
    "forge",
    [
        pytest.param(lambda issued, code: issued + b"\n% one more line\n", id="issued-then-edited"),
        pytest.param(lambda issued, code: hostile_pdfs.pdf_with_code(code), id="forged-body"),
    ],
)
def test_a_file_carrying_a_real_code_but_other_bytes_is_not_issued_by_crossdesk(
    client, issued_pdf, signature_request, forge
):
    forged = forge(issued_pdf, signature_request.verification_code)
    original = reverse("verify-code", args=[signature_request.verification_code])

    page = verify_on_page(client, forged).content.decode()
    assert NOT_ISSUED in page
    assert "Valid" not in page
    assert f'href="{original}"' in page

    response = verify_through_api(forged)
    assert response.status_code == 200
    answer = response.json()
    assert answer["status"] == "not_issued"
    assert answer["identical_file"] is False
    assert answer["signers"] == []
    assert answer["original_url"].endswith(original)


def test_the_original_link_shows_the_signed_documents_state(client, issued_pdf, signature_request):
    original = reverse("verify-code", args=[signature_request.verification_code])
    assert "Valid: the document is unchanged" in client.get(original).content.decode()


# --- hostile PDFs: a clear message, never a 500 -------------------------------------------


HOSTILE = [
    pytest.param(
        lambda code: hostile_pdfs.decompression_bomb(code),
        "too_complex",
        "too complex to check",
        id="decompression-bomb",
    ),
    pytest.param(
        lambda code: hostile_pdfs.self_referencing_pdf(),
        "unreadable",
        "This PDF cannot be read.",
        id="looping",
    ),
    pytest.param(
        lambda code: hostile_pdfs.pdf_with_code(code, password="secret"),
        "encrypted",
        "This PDF is encrypted",
        id="encrypted",
    ),
    pytest.param(
        lambda code: hostile_pdfs.pdf_with_code(code)[:300],
        "unreadable",
        "This PDF cannot be read.",
        id="truncated",
    ),
]


@pytest.mark.parametrize(("build", "code", "message"), HOSTILE)
def test_a_hostile_pdf_gets_a_clear_field_error_on_the_page(
    client, signature_request, build, code, message
):
    response = verify_on_page(client, build(signature_request.verification_code))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["pdf"])


@pytest.mark.parametrize(("build", "code", "message"), HOSTILE)
def test_a_hostile_pdf_gets_the_api_error_shape(signature_request, build, code, message):
    response = verify_through_api(build(signature_request.verification_code))
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == code
    assert message in body["fields"]["pdf"][0]


def test_a_decompression_bomb_is_answered_quickly_without_growing_the_server(
    client, signature_request
):
    bomb = hostile_pdfs.decompression_bomb(signature_request.verification_code, inflated_mb=400)
    assert len(bomb) < 1024 * 1024  # a small upload that inflates to 400 MB
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    response = verify_on_page(client, bomb)
    assert time.monotonic() - started < 5
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before) / 1024
    assert grown_mb < 50, f"the web process grew by {grown_mb:.0f} MB"
    assert "too complex to check" in response.content.decode()


def test_the_parser_process_cannot_take_more_memory_than_its_limit():
    hog = [sys.executable, "-c", "block = bytearray(1024 * 1024 * 1024); print('survived')"]
    outcome = pdf_inspection.run_limited(hog, b"")
    assert outcome.returncode != 0
    assert b"survived" not in outcome.stdout


def test_the_parser_process_is_stopped_at_its_time_limit():
    spinner = [sys.executable, "-c", "import time; time.sleep(60)"]
    started = time.monotonic()
    outcome = pdf_inspection.run_limited(spinner, b"")
    assert outcome is pdf_inspection.TIMED_OUT
    assert time.monotonic() - started < pdf_inspection.WALL_CLOCK_SECONDS + 2


# --- rate limits by the one trusted client address -----------------------------------------


def test_the_verification_page_is_rate_limited_per_client_address(client):
    for n in range(30):
        # A new X-Forwarded-For each time changes nothing: no proxy of ours is trusted.
        response = client.post(
            reverse("verify"), {"code": "ZZZZ-ZZZZ-ZZZZ"}, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}"
        )
        assert response.status_code == 200
    response = client.post(
        reverse("verify"), {"code": "ZZZZ-ZZZZ-ZZZZ"}, HTTP_X_FORWARDED_FOR="203.0.113.1"
    )
    assert response.status_code == 429
    assert "Too many verification requests" in response.content.decode()
    # Another client is not held back.
    other = client.post(reverse("verify"), {"code": "ZZZZ-ZZZZ-ZZZZ"}, REMOTE_ADDR="192.0.2.99")
    assert other.status_code == 200


def test_the_verification_api_throttles_by_the_same_client_address():
    api = APIClient()
    for n in range(30):
        response = api.get(
            "/api/v1/verify/", {"code": "ZZZZ-ZZZZ-ZZZZ"}, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}"
        )
        assert response.status_code == 200, response.json()
    response = api.get(
        "/api/v1/verify/", {"code": "ZZZZ-ZZZZ-ZZZZ"}, HTTP_X_FORWARDED_FOR="203.0.113.1"
    )
    assert response.status_code == 429
    assert response.json()["code"] == "throttled"
