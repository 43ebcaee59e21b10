"""The sign-off engine: requests, signatures, delegation, the hash chain, concurrency."""

import datetime as dt
import threading
import zoneinfo

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from collab import services, signables
from collab.errors import RuleViolation
from collab.models import Notification, Signature, SignatureRequest
from collab.selectors.signoff import signature_checks, verify_code
from tests.factories import UserFactory

from .conftest import sign

pytestmark = pytest.mark.django_db
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def test_canonical_hash_is_stable_and_sensitive():
    content = {"title": "预算", "items": [1, 2], "due": dt.date(2026, 10, 8)}
    reordered = {"due": dt.date(2026, 10, 8), "items": [1, 2], "title": "预算"}
    assert signables.canonical_hash(content) == signables.canonical_hash(reordered)
    assert signables.canonical_json(content) == (
        '{"due":"2026-10-08","items":[1,2],"title":"预算"}'
    )
    for changed in [
        {**content, "title": "预算 "},
        {**content, "items": [2, 1]},
        {**content, "x": 0},
    ]:
        assert signables.canonical_hash(changed) != signables.canonical_hash(content)


def test_opening_a_request_resolves_heads_and_notifies_them(
    signature_request, finance_head, tech_head
):
    places = signature_request.required_signers.order_by("position")
    assert [(p.user, p.role, p.department.code) for p in places] == [
        (finance_head, "head", "FIN"),
        (tech_head, "head", "TEC"),
    ]
    assert signature_request.version == 1
    assert signature_request.status == SignatureRequest.Status.PENDING
    assert len(signature_request.verification_code) == 12
    notified = Notification.objects.filter(reason="signature_requested").values_list(
        "recipient__username", flat=True
    )
    assert sorted(notified) == ["fin.head", "tec.head"]
    chinese = Notification.objects.get(recipient=tech_head)
    assert chinese.title == f"请签批：协同备忘录 MEMO-{signature_request.object_id:04d}"


@time_machine.travel(dt.datetime(2026, 9, 30, 10, 0, tzinfo=SHANGHAI), tick=False)
def test_due_date_counts_working_days_over_the_national_day_holiday(memo, author):
    request = services.signature_request_open(
        document=memo, document_type="test_memo", requested_by=author
    )
    # Two working days after Wednesday 30 September: 8 and 9 October.
    assert request.due_at == dt.datetime(2026, 10, 9, 10, 0, tzinfo=SHANGHAI)


def test_a_department_without_a_head_cannot_be_asked(memo, author, technology):
    technology.head = None
    technology.save()
    with pytest.raises(RuleViolation, match="nobody in the role"):
        services.signature_request_open(
            document=memo, document_type="test_memo", requested_by=author
        )
    assert not SignatureRequest.objects.exists()


def test_all_must_sign(signature_request, finance_head, tech_head, memo):
    sign(signature_request, finance_head)
    signature_request.refresh_from_db()
    assert signature_request.status == SignatureRequest.Status.PENDING
    sign(signature_request, tech_head)
    signature_request.refresh_from_db()
    assert signature_request.status == SignatureRequest.Status.APPROVED
    assert signature_request.decided_at is not None
    memo.refresh_from_db()
    assert memo.decided == "approved"
    signature = Signature.objects.get(signer=finance_head)
    assert (signature.ip_address, signature.user_agent) == ("10.0.0.8", "pytest")
    assert signature.content_hash == signature_request.content_hash
    assert Notification.objects.filter(
        recipient=signature_request.requested_by, reason="signature_request_decided"
    ).exists()


def test_any_one_signs(memo, author, finance_head):
    request = services.signature_request_open(
        document=memo, document_type="test_memo", requested_by=author, mode="any"
    )
    sign(request, finance_head)
    request.refresh_from_db()
    assert request.status == SignatureRequest.Status.APPROVED


def test_rejection_needs_a_comment_and_decides(signature_request, finance_head, memo):
    with pytest.raises(RuleViolation) as refused:
        sign(signature_request, finance_head, decision="reject", comment="  ")
    assert refused.value.field == "comment"
    assert not Signature.objects.exists()
    sign(signature_request, finance_head, decision="reject", comment="预算超出上限")
    signature_request.refresh_from_db()
    assert signature_request.status == SignatureRequest.Status.REJECTED
    memo.refresh_from_db()
    assert memo.decided == "rejected"


def test_wrong_password_is_refused_and_nothing_saved(signature_request, finance_head):
    with pytest.raises(RuleViolation) as refused:
        sign(signature_request, finance_head, password="guess")
    assert refused.value.field == "password"
    assert not Signature.objects.exists()


def test_nobody_signs_twice(signature_request, finance_head):
    sign(signature_request, finance_head)
    with pytest.raises(RuleViolation, match="already signed"):
        sign(signature_request, finance_head)
    assert Signature.objects.count() == 1


def test_only_the_right_people_sign(signature_request, author):
    with pytest.raises(RuleViolation, match="not asked to sign"):
        sign(signature_request, author)
    with pytest.raises(RuleViolation, match="not asked to sign"):
        sign(signature_request, UserFactory(is_staff=True, is_superuser=True))


def test_a_decided_request_cannot_be_signed(signature_request, finance_head, tech_head):
    sign(signature_request, finance_head, decision="reject", comment="不同意")
    with pytest.raises(RuleViolation, match=r"already (R|r)ejected"):
        sign(signature_request, tech_head)


def test_an_active_deputy_signs_on_behalf(signature_request, finance_head):
    deputy = UserFactory(username="fin.deputy", display_name="徐明")
    services.delegation_create(
        delegator=finance_head,
        deputy=deputy,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + dt.timedelta(days=3),
    )
    [signature] = sign(signature_request, deputy)
    assert (signature.signer, signature.on_behalf_of) == (deputy, finance_head)
    assert Notification.objects.filter(recipient=deputy, reason="delegation_received").exists()
    # The head's own place is taken now.
    with pytest.raises(RuleViolation, match="already signed"):
        sign(signature_request, finance_head)


def test_an_expired_or_revoked_delegation_does_not_let_the_deputy_sign(
    signature_request, finance_head
):
    deputy = UserFactory()
    today = timezone.localdate()
    delegation = services.delegation_create(
        delegator=finance_head, deputy=deputy, starts_on=today, ends_on=today
    )
    later = timezone.now() + dt.timedelta(days=2)
    with time_machine.travel(later), pytest.raises(RuleViolation, match="not asked to sign"):
        sign(signature_request, deputy)
    services.delegation_revoke(delegation=delegation, by=finance_head)
    with pytest.raises(RuleViolation, match="not asked to sign"):
        sign(signature_request, deputy)


def test_delegation_rules(finance_head, author):
    today = timezone.localdate()
    deputy = UserFactory()
    cases = [
        (dict(delegator=author, deputy=deputy, starts_on=today, ends_on=today), None),
        (
            dict(delegator=finance_head, deputy=finance_head, starts_on=today, ends_on=today),
            "deputy",
        ),
        (
            dict(
                delegator=finance_head,
                deputy=deputy,
                starts_on=today - dt.timedelta(days=1),
                ends_on=today,
            ),
            "starts_on",
        ),
        (
            dict(
                delegator=finance_head,
                deputy=deputy,
                starts_on=today,
                ends_on=today - dt.timedelta(days=1),
            ),
            "ends_on",
        ),
    ]
    for arguments, field in cases:
        with pytest.raises(RuleViolation) as refused:
            services.delegation_create(**arguments)
        assert refused.value.field == field
    services.delegation_create(
        delegator=finance_head, deputy=deputy, starts_on=today, ends_on=today + dt.timedelta(days=5)
    )
    with pytest.raises(RuleViolation, match="already delegate") as overlap:
        services.delegation_create(
            delegator=finance_head,
            deputy=UserFactory(),
            starts_on=today + dt.timedelta(days=5),
            ends_on=today + dt.timedelta(days=9),
        )
    assert overlap.value.field == "starts_on"


def test_an_edit_after_signing_invalidates_the_signatures(signature_request, finance_head, memo):
    sign(signature_request, finance_head)
    assert verify_code(signature_request.verification_code).status == "valid"
    memo.body = "各部门确认 2028 年度预算。"
    memo.save()
    result = verify_code(signature_request.verification_code)
    assert result.status == "changed"
    assert [check.valid for check in result.checks] == [False]
    assert not result.content_matches
    # Signing the changed content is refused: a new version must be requested.
    with pytest.raises(RuleViolation, match="changed after signatures were requested"):
        sign(signature_request, memo.second_department.head)


def test_a_new_version_cancels_the_pending_one(signature_request, memo, author):
    memo.body = "修订版"
    memo.save()
    second = services.signature_request_open(
        document=memo, document_type="test_memo", requested_by=author
    )
    signature_request.refresh_from_db()
    assert signature_request.status == SignatureRequest.Status.CANCELLED
    assert second.version == 2
    assert second.verification_code != signature_request.verification_code


def test_editing_a_signature_row_is_detected(signature_request, finance_head, tech_head):
    sign(signature_request, finance_head)
    sign(signature_request, tech_head)
    assert verify_code(signature_request.verification_code).status == "valid"
    first = Signature.objects.order_by("pk").first()
    # Someone with database access turns a rejection into an approval... or moves the time.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE collab_signature SET signed_at = signed_at - interval '1 day' WHERE id = %s",
            [first.pk],
        )
    result = signature_checks(signature_request)
    assert result.status == "changed"
    assert not result.chain_intact
    assert [check.valid for check in result.checks] == [False, False]


def test_deleting_a_signature_breaks_the_chain(signature_request, finance_head, tech_head):
    sign(signature_request, finance_head)
    sign(signature_request, tech_head)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM collab_signature WHERE signer_id = %s", [finance_head.pk])
    result = signature_checks(signature_request)
    assert not result.chain_intact
    assert result.status == "changed"


def test_unknown_and_tampered_codes(signature_request):
    assert verify_code("NOT-A-CODE").status == "unknown"
    code = signature_request.verification_code
    tampered = code[:-1] + ("0" if code[-1] != "0" else "1")
    assert verify_code(tampered).status == "unknown"
    # As printed: dashes, lower case and look-alike letters are accepted.
    printed = "-".join(code[i : i + 4] for i in range(0, 12, 4)).lower()
    assert verify_code(printed).request == signature_request


@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_leave_exactly_the_right_rows(memo, author, finance_head, tech_head):
    request = services.signature_request_open(
        document=memo, document_type="test_memo", requested_by=author
    )
    barrier = threading.Barrier(4)
    outcomes = []

    def approve(user):
        barrier.wait()
        try:
            sign(request, user)
            outcomes.append("signed")
        except RuleViolation as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    # Each head twice at the same moment: one of each pair must be refused.
    threads = [
        threading.Thread(target=approve, args=(user,))
        for user in (finance_head, tech_head, finance_head, tech_head)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert outcomes.count("signed") == 2
    # The loser of each pair finds the place taken, or the request already decided.
    assert set(outcomes) - {"signed"} <= {"already_signed", "not_pending"}
    assert len(outcomes) == 4
    assert Signature.objects.count() == 2
    request.refresh_from_db()
    assert request.status == SignatureRequest.Status.APPROVED
    result = signature_checks(request)
    assert result.status == "valid"
    assert result.chain_intact
