"""Filing a feedback form: defaults, the code sequence, every bad input of the issue refused
with nothing stored, and who is told (each person once, in their most important role)."""

import datetime as dt
from pathlib import Path

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from collab.errors import RuleViolation
from collab.models import Notification
from feedback import services
from feedback.models import FeedbackAttachment, FeedbackForm
from feedback.services.forms import CC_REASON, INVOLVED_REASON, SUBMITTED_REASON, form_about

from . import builders

pytestmark = pytest.mark.django_db


def pdf(name="screenshot.pdf", size=0):
    return SimpleUploadedFile(name, b"%PDF-1.7\n" + b"x" * size, content_type="application/pdf")


def nothing_stored(settings):
    media = Path(settings.MEDIA_ROOT)
    files = [path for path in media.rglob("*") if path.is_file()] if media.exists() else []
    return (
        not FeedbackForm.objects.exists()
        and not FeedbackAttachment.objects.exists()
        and not Notification.objects.exists()
        and files == []
    )


# The "Bad input" list, each with the field that must say so.
BAD_INPUT = {
    "no background": ({"background": "  "}, "background"),
    "no current situation": ({"current_situation": ""}, "current_situation"),
    "no expectation": ({"expectation": ""}, "expectation"),
    "completion in the past": (
        {"expected_completion": timezone.now() - dt.timedelta(hours=1)},
        "expected_completion",
    ),
    "receiving is initiating": ({"receiving": "marketing"}, "receiving_department"),
    "other with no text": ({"kind": "other", "kind_other": " "}, "kind_other"),
    "disallowed attachment": (
        {"attachments": "page"},
        "attachments",
    ),
    "oversized attachment": ({"attachments": "big"}, "attachments"),
}


def bad_fields(org, case: dict) -> dict:
    fields = dict(case)
    if fields.pop("receiving", None):
        fields["receiving_department"] = org.marketing
    kind = fields.pop("attachments", None)
    if kind == "page":
        fields["attachments"] = [pdf(), SimpleUploadedFile("x.html", b"<html><script></script>")]
    elif kind == "big":
        fields["attachments"] = [pdf(), pdf("scan.pdf", size=2048)]
    return fields


@pytest.mark.parametrize("case", BAD_INPUT.values(), ids=BAD_INPUT.keys())
def test_bad_input_is_a_field_error_and_nothing_is_stored(org, settings, case):
    settings.CROSSDESK_MAX_UPLOAD_BYTES = 1024
    values, field = case
    with pytest.raises(RuleViolation) as refused:
        builders.feedback_form(org, **bad_fields(org, values))
    assert field in refused.value.errors
    assert nothing_stored(settings)


def test_every_missing_description_is_named_at_once(org):
    with pytest.raises(RuleViolation) as refused:
        builders.feedback_form(org, background="", current_situation="", expectation="")
    assert {"background", "current_situation", "expectation"} <= set(refused.value.errors)


def test_defaults_are_my_department_my_extension_and_the_receiving_contact(org):
    org.initiator.phone_extension = "8123"
    org.initiator.save()
    data = builders.feedback_input(org)
    for name in ("initiating_department", "phone_extension"):
        del data.values[name]
    form = services.feedback_submit(by=org.initiator, data=data)
    assert form.initiating_department == org.marketing
    assert form.phone_extension == "8123"
    assert form.receiving_contact == org.tec_contact
    assert form.status == FeedbackForm.Status.SUBMITTED


def test_a_department_without_contacts_is_answered_by_its_head(org):
    form = builders.feedback_form(
        org,
        by=org.fin_contact,
        initiating_department=org.finance,
        receiving_department=org.marketing,
        involved=[],
    )
    assert form.receiving_contact == org.mkt_head


def test_the_initiator_may_name_the_head_as_receiving_contact_but_no_outsider(org):
    form = builders.feedback_form(org, receiving_contact=org.tec_head)
    assert form.receiving_contact == org.tec_head
    with pytest.raises(RuleViolation) as refused:
        builders.feedback_form(org, receiving_contact=org.tec_member)
    assert "receiving_contact" in refused.value.errors


def test_only_a_department_i_belong_to_can_ask(org):
    with pytest.raises(RuleViolation) as refused:
        builders.feedback_form(org, initiating_department=org.finance, involved=[])
    assert "initiating_department" in refused.value.errors
    with pytest.raises(RuleViolation) as refused:
        builders.feedback_form(org, by=org.drifter, initiating_department=None)
    assert "initiating_department" in refused.value.errors


def test_codes_follow_each_other_and_a_refused_form_takes_no_number(org):
    year = timezone.localdate().year
    first = builders.feedback_form(org)
    with pytest.raises(RuleViolation):
        builders.feedback_form(org, background="")
    second = builders.feedback_form(org)
    assert (first.code, second.code) == (f"FB-{year}-0001", f"FB-{year}-0002")


def test_other_keeps_its_text_and_other_types_drop_it(org):
    other = builders.feedback_form(org, kind="other", kind_other="Office move")
    assert other.kind_other == "Office move"
    plain = builders.feedback_form(org, kind="resource_request", kind_other="left over")
    assert plain.kind_other == ""


def test_attachments_are_stored_with_the_form(org):
    form = builders.feedback_form(org, attachments=[pdf("a.pdf"), pdf("b.pdf", size=10)])
    assert sorted(form.attachments.values_list("name", "size")) == [("a.pdf", 9), ("b.pdf", 19)]


# --- who is told ----------------------------------------------------------------------


def told(reason):
    return {
        notification.recipient.username: notification.is_request
        for notification in Notification.objects.filter(reason=reason).select_related("recipient")
    }


def test_the_receiving_side_is_asked_the_involved_informed_and_the_head_in_copy(org):
    form = builders.feedback_form(org)
    assert told(SUBMITTED_REASON) == {"tec.contact": True, "tec.head": True}
    assert told(INVOLVED_REASON) == {"fin.head": False, "fin.contact": False}
    assert told(CC_REASON) == {"mkt.head": False}
    assert Notification.objects.filter(about=form_about(form)).count() == 5
    assert not Notification.objects.filter(recipient=org.initiator).exists()


def test_a_person_in_two_roles_is_told_once_in_the_most_important(org):
    org.finance.contacts.add(org.tec_head, org.mkt_head)
    builders.feedback_form(org)
    assert told(SUBMITTED_REASON) == {"tec.contact": True, "tec.head": True}
    assert told(INVOLVED_REASON) == {"fin.head": False, "fin.contact": False, "mkt.head": False}
    assert told(CC_REASON) == {}
    assert Notification.objects.count() == 5


def test_the_head_filing_gets_no_copy_of_their_own_form(org):
    builders.feedback_form(org, by=org.mkt_head, involved=[])
    assert told(CC_REASON) == {}
    assert set(told(SUBMITTED_REASON)) == {"tec.contact", "tec.head"}


@pytest.mark.usefixtures("celery_eager")
def test_the_request_email_shows_the_form_and_its_deadline(org, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        form = builders.feedback_form(org, urgency="urgent")
    (message,) = [m for m in mail.outbox if m.to == [org.tec_contact.email]]
    assert form.code in message.subject and "urgent" in message.subject
    for text in (
        form.background,
        form.current_situation,
        form.expectation,
        "fault or complaint",
        timezone.localtime(form.response_due_at).strftime("%Y-%m-%d %H:%M"),
        timezone.localtime(form.expected_completion).strftime("%Y-%m-%d %H:%M"),
        f"/feedback/{form.code}/",
    ):
        assert text in message.body, text
    assert len(mail.outbox) == 5
