"""The signature chain against someone who can write to the database but holds no server
secret; the signer's address and browser as part of what is signed."""

import hashlib
import importlib
import subprocess

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse

from collab import services, signables
from collab.models import Signature
from collab.selectors.signoff import signature_checks, verify_code
from tests.factories import PASSWORD

from .conftest import sign

pytestmark = pytest.mark.django_db

chain_migration = importlib.import_module("collab.migrations.0007_signature_chain_hmac")


def plain_sha256(signature) -> str:
    """What an attacker without the key can compute: SHA-256 over exactly what is signed."""
    payload = signables.signature_event_payload(signature)
    return hashlib.sha256(signables.canonical_json(payload).encode()).hexdigest()


def rewrite_chain(request, compute, **changes):
    """Change the first signature's columns, then recompute every hash after it, in place."""
    rows = list(Signature.objects.filter(request=request).order_by("pk"))
    for field, value in changes.items():
        setattr(rows[0], field, value)
    previous = ""
    for row in rows:
        row.previous_hash = previous
        row.event_hash = compute(row)
        previous = row.event_hash
    with connection.cursor() as cursor:
        for row in rows:
            cursor.execute(
                "UPDATE collab_signature SET decision = %s, comment = %s, signed_at = %s, "
                "ip_address = %s, user_agent = %s, previous_hash = %s, event_hash = %s "
                "WHERE id = %s",
                [
                    row.decision,
                    row.comment,
                    row.signed_at,
                    row.ip_address,
                    row.user_agent,
                    row.previous_hash,
                    row.event_hash,
                    row.pk,
                ],
            )


@pytest.fixture
def rejected_request(signature_request, finance_head, tech_head):
    sign(signature_request, finance_head, decision="reject", comment="预算超出上限")
    return signature_request


def test_a_rewritten_row_with_recomputed_plain_hashes_is_detected(rejected_request):
    assert signature_checks(rejected_request).chain_intact
    # The database-only attacker turns the rejection into an approval and re-hashes.
    rewrite_chain(rejected_request, plain_sha256, decision="approve", comment="")
    result = signature_checks(rejected_request)
    assert not result.chain_intact
    assert [check.valid for check in result.checks] == [False]


def test_the_servers_own_key_recomputes_the_same_chain(rejected_request):
    """The control: the same rewrite with the key is accepted, so only the key tells."""
    rewrite_chain(rejected_request, signables.signature_event_hash)
    assert signature_checks(rejected_request).chain_intact


def test_another_key_does_not_verify_the_chain(signature_request, finance_head, settings):
    sign(signature_request, finance_head)
    assert verify_code(signature_request.verification_code).status == "valid"
    settings.SIGNATURE_CHAIN_KEY = "another-servers-key"
    assert verify_code(signature_request.verification_code).status == "changed"


@pytest.mark.parametrize(
    "changes", [{"ip_address": "203.0.113.66"}, {"user_agent": "curl/8.0"}], ids=str
)
def test_the_signers_address_and_browser_are_signed(signature_request, finance_head, changes):
    sign(signature_request, finance_head)
    signature = Signature.objects.get()
    with connection.cursor() as cursor:
        for field, value in changes.items():
            cursor.execute(
                f"UPDATE collab_signature SET {field} = %s WHERE id = %s",
                [value, signature.pk],
            )
    assert not signature_checks(signature_request).chain_intact


def test_an_ipv6_address_verifies_however_the_database_writes_it(signature_request, finance_head):
    services.signature_sign(
        request=signature_request,
        user=finance_head,
        decision="approve",
        password=PASSWORD,
        ip_address="2001:DB8:0:0::1",
        user_agent="pytest",
    )
    assert Signature.objects.get().ip_address == "2001:db8::1"
    assert signature_checks(signature_request).chain_intact


def test_the_audit_on_the_review_page_and_pdf_shows_address_and_browser(
    client, signature_request, finance_head
):
    sign(signature_request, finance_head)  # from 10.0.0.8 with "pytest"
    client.force_login(finance_head)
    page = client.get(reverse("signoff-detail", args=[signature_request.pk])).content.decode()
    assert "10.0.0.8" in page and "pytest" in page
    pdf = services.generated_document_get_or_render(request=signature_request, language="en")
    text = subprocess.run(
        ["pdftotext", pdf.file.path, "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "10.0.0.8" in text and "pytest" in text


# --- signatures made before the chain had a key -------------------------------------------


def legacy_event_hash(signature) -> str:
    """The chain before this change: a plain hash, no address or browser."""
    return signables.canonical_hash(chain_migration.legacy_payload(signature))


def test_the_migration_rekeys_intact_chains_and_leaves_broken_ones_broken(
    rejected_request, memo, author, finance_head, tech_head
):
    other = services.signature_request_open(
        document=memo, document_type="test_memo", requested_by=author
    )
    sign(other, finance_head)
    sign(other, tech_head)
    # As the rows stood before the migration...
    previous = ""
    for row in Signature.objects.order_by("pk"):
        row.previous_hash = previous
        row.event_hash = previous = legacy_event_hash(row)
        Signature.objects.filter(pk=row.pk).update(
            previous_hash=row.previous_hash, event_hash=row.event_hash
        )
    assert not signature_checks(other).chain_intact  # the old scheme no longer verifies
    # ...and one that someone had already tampered with before the migration ran.
    tampered = Signature.objects.filter(request=other).order_by("pk").last()
    Signature.objects.filter(pk=tampered.pk).update(comment="added later")

    chain_migration.rekey_chains(apps, None)

    # One chain per document: the earlier request's signature is re-keyed and valid...
    assert [check.valid for check in signature_checks(rejected_request).checks] == [True]
    # ...and the chain holds up to the row changed before the migration, not past it.
    result = signature_checks(other)
    assert not result.chain_intact
    assert [check.valid for check in result.checks] == [True, False]
