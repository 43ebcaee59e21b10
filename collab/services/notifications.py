"""Notifications and their email deliveries."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from ..models import EmailAttachment, EmailDelivery, Notification, User
from ..notification_text import one_line, plain_context, render_plain_text, template_context

logger = logging.getLogger(__name__)

EMAIL_MAX_ATTEMPTS = 8


@dataclass(frozen=True)
class EmailFile:
    """A file for notify() to send with each email. `is_alternative`: also as a body part
    (a calendar invitation: mimetype "text/calendar; method=REQUEST; charset=utf-8")."""

    filename: str
    mimetype: str
    content: bytes
    is_alternative: bool = False


def _render_message(*, template: str, context: dict, user: User, url: str) -> tuple[str, str, str]:
    """Subject, plain text and HTML of `template` in the recipient's language and time zone."""
    context = template_context(stored=context, recipient=user, url=url, in_app=False)
    with translation.override(user.language), timezone.override(user.time_zone):
        subject = render_plain_text(f"{template}.subject.txt", context)
        text = render_plain_text(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    return one_line(subject), text.strip() + "\n", html


@transaction.atomic
def notify(
    *,
    recipients: Iterable[User],
    reason: str,
    key: str,
    template: str,
    context: dict | None = None,
    url: str = "",
    about: str = "",
    is_request: bool = False,
    attachments: Sequence[EmailFile] = (),
) -> list[Notification]:
    """Notify each recipient once for (reason, key): an in-app notification and an email,
    rendered from `template`.subject.txt, .txt and .html (e.g. "tasks/notifications/risk_raised").

    `context` holds plain values only (see collab.notification_text.plain_context; a
    model instance raises TypeError): the centre renders the text again when it is
    read, in the reader's language. Notifications with one reason and one `about`
    (default: the key) show as one row. A request (`is_request`) stays to do until
    notifications_settle() is called for its reason and `about`; the same request made
    again after that is to do again.

    Runs in the caller's transaction: if it rolls back, nothing is sent. The email
    job is queued after commit; the sweep re-queues it if the broker lost it.
    `attachments` go with each email (stored with the delivery, so a retry sends the
    same files). Returns the notifications created now (none for recipients already
    notified).
    """
    context = plain_context(context or {})
    about = about or key
    unique_recipients = {user.pk: user for user in recipients if user.is_active}
    created = []
    deliveries = []
    for user in unique_recipients.values():
        subject, text, html = _render_message(
            template=template, context=context, user=user, url=url
        )
        notification, is_new = Notification.objects.get_or_create(
            recipient=user,
            reason=reason,
            key=key,
            defaults={
                "title": subject[:300],
                "body": text,
                "url": url,
                "template": template,
                "context": context,
                "about": about,
                "is_request": is_request,
            },
        )
        if not is_new:
            if is_request and notification.settled_at is not None:
                # Asked again for what was done (e.g. a card resubmitted unchanged): to do
                # again, without a second email.
                notification.settled_at = notification.read_at = None
                notification.save(update_fields=["settled_at", "read_at"])
            continue
        created.append(notification)
        if user.email:
            deliveries.append(
                EmailDelivery(
                    notification=notification,
                    to_address=user.email,
                    subject=subject[:300],
                    body_text=text,
                    body_html=html,
                    next_attempt_at=timezone.now(),
                )
            )
    if deliveries:
        EmailDelivery.objects.bulk_create(deliveries)
        EmailAttachment.objects.bulk_create(
            EmailAttachment(
                delivery=delivery,
                filename=file.filename,
                mimetype=file.mimetype,
                content=file.content,
                is_alternative=file.is_alternative,
            )
            for delivery in deliveries
            for file in attachments
        )
        delivery_ids = [delivery.pk for delivery in deliveries]
        transaction.on_commit(lambda: _queue_email_deliveries(delivery_ids))
    return created


@dataclass(frozen=True)
class Message:
    """One notification for notify_many(): the arguments notify() takes, for one person."""

    recipient: User
    reason: str
    key: str
    template: str
    url: str = ""
    about: str = ""
    context: dict | None = None


@transaction.atomic
def notify_many(messages: Sequence[Message]) -> list[Notification]:
    """notify() for a batch of different messages in a constant number of queries
    (sweeps and digests). The same guarantees: each (recipient, reason, key) once,
    nothing sent if the caller's transaction rolls back, emails queued after commit.
    The recipients must be loaded User rows. Returns the notifications created now.
    """
    wanted: dict[tuple[int, str, str], Message] = {}
    for message in messages:
        if message.recipient.is_active:
            wanted.setdefault((message.recipient.pk, message.reason, message.key), message)
    if not wanted:
        return []
    recipient_ids = {recipient for recipient, _reason, _key in wanted}
    reasons = {reason for _recipient, reason, _key in wanted}
    keys = {key for _recipient, _reason, key in wanted}
    already = Notification.objects.filter(
        recipient_id__in=recipient_ids, reason__in=reasons, key__in=keys
    ).values_list("recipient_id", "reason", "key")
    for triple in already:
        wanted.pop(triple, None)
    if not wanted:
        return []
    rendered = {}
    rows = []
    for triple, message in wanted.items():
        context = plain_context(message.context or {})
        subject, text, html = _render_message(
            template=message.template, context=context, user=message.recipient, url=message.url
        )
        rendered[triple] = (subject, text, html)
        rows.append(
            Notification(
                recipient=message.recipient,
                reason=message.reason,
                key=message.key,
                title=subject[:300],
                body=text,
                url=message.url,
                template=message.template,
                context=context,
                about=message.about or message.key,
            )
        )
    # A row another sweep inserted meanwhile is skipped here (and has its own email).
    Notification.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    created = list(
        Notification.objects.filter(
            recipient_id__in={recipient for recipient, _reason, _key in wanted},
            reason__in={reason for _recipient, reason, _key in wanted},
            key__in={key for _recipient, _reason, key in wanted},
            email__isnull=True,
        ).select_related("recipient")
    )
    created = [row for row in created if (row.recipient_id, row.reason, row.key) in wanted]
    deliveries = [
        EmailDelivery(
            notification=row,
            to_address=row.recipient.email,
            subject=rendered[(row.recipient_id, row.reason, row.key)][0][:300],
            body_text=rendered[(row.recipient_id, row.reason, row.key)][1],
            body_html=rendered[(row.recipient_id, row.reason, row.key)][2],
            next_attempt_at=timezone.now(),
        )
        for row in created
        if row.recipient.email
    ]
    if deliveries:
        EmailDelivery.objects.bulk_create(deliveries, batch_size=500)
        delivery_ids = [delivery.pk for delivery in deliveries]
        transaction.on_commit(lambda: _queue_email_deliveries(delivery_ids))
    return created


def _queue_email_deliveries(delivery_ids: list[int]) -> None:
    from ..jobs import send_email_delivery

    for delivery_id in delivery_ids:
        try:
            send_email_delivery.delay(delivery_id)
        except Exception:
            # The row is pending in the database; the sweep will queue it again.
            logger.warning(
                "Could not queue email delivery %s; the sweep will retry",
                delivery_id,
                exc_info=True,
            )


def _retry_delay(attempts: int) -> dt.timedelta:
    return dt.timedelta(minutes=min(2 ** (attempts - 1), 60))


# A claim older than this belongs to a worker that died mid-send: the sweep takes it over.
# Far above EMAIL_TIMEOUT and the Celery hard time limit, so a live send is never doubled.
# The setting EMAIL_CLAIM_TIMEOUT (seconds) overrides it (the crash tests make it short).
EMAIL_CLAIM_TIMEOUT = dt.timedelta(minutes=15)


def _claim_timeout() -> dt.timedelta:
    seconds = getattr(settings, "EMAIL_CLAIM_TIMEOUT", None)
    return dt.timedelta(seconds=seconds) if seconds else EMAIL_CLAIM_TIMEOUT


def email_delivery_send(*, delivery_id: int) -> EmailDelivery | None:
    """Send one due email; a no-op if it is gone, sent, or being sent by another worker.

    No transaction stays open while the mail server is talked to (a stalled server
    must not lock out every writer): the delivery is claimed in one short
    transaction, sent outside any, and its outcome recorded in another. A failure
    is recorded with the next attempt time (exponential backoff); after
    EMAIL_MAX_ATTEMPTS the delivery is marked failed.
    """
    delivery = _email_delivery_claim(delivery_id)
    if delivery is None:
        return None
    message = EmailMultiAlternatives(
        subject=delivery.subject,
        body=delivery.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[delivery.to_address],
        # A stable Message-ID lets mail servers drop a copy re-sent after a crash.
        headers={"Message-ID": f"<delivery-{delivery.pk}@crossdesk>"},
    )
    message.attach_alternative(delivery.body_html, "text/html")
    for file in delivery.attachments.order_by("pk"):
        content = bytes(file.content)
        if file.is_alternative:
            message.attach_alternative(content.decode(), file.mimetype)
        message.attach(file.filename, content, file.mimetype.split(";")[0])
    try:
        message.send()
    except Exception as error:
        delivery.last_error = f"{type(error).__name__}: {error}"[:2000]
        if delivery.attempts >= EMAIL_MAX_ATTEMPTS:
            delivery.status = EmailDelivery.Status.FAILED
        else:
            delivery.status = EmailDelivery.Status.PENDING
            delivery.next_attempt_at = timezone.now() + _retry_delay(delivery.attempts)
        logger.warning("Email delivery %s failed: %s", delivery.pk, delivery.last_error)
    else:
        delivery.status = EmailDelivery.Status.SENT
        delivery.sent_at = timezone.now()
        delivery.last_error = ""
    _email_delivery_record_outcome(delivery)
    return delivery


def _email_delivery_claim(delivery_id: int) -> EmailDelivery | None:
    """Mark the delivery as being sent by this worker, committed at once, or None."""
    now = timezone.now()
    claimable = Q(status=EmailDelivery.Status.PENDING) | Q(
        status=EmailDelivery.Status.SENDING, claimed_at__lt=now - _claim_timeout()
    )
    with transaction.atomic():
        delivery = (
            EmailDelivery.objects.select_for_update(skip_locked=True)
            .filter(claimable, pk=delivery_id)
            .first()
        )
        if delivery is None:
            return None
        delivery.status = EmailDelivery.Status.SENDING
        delivery.claimed_at = now
        delivery.attempts += 1
        delivery.save(update_fields=["status", "claimed_at", "attempts"])
    return delivery


def _email_delivery_record_outcome(delivery: EmailDelivery) -> None:
    """Store the send's outcome, unless another worker took the claim over meanwhile."""
    with transaction.atomic():
        EmailDelivery.objects.filter(
            pk=delivery.pk, status=EmailDelivery.Status.SENDING, claimed_at=delivery.claimed_at
        ).update(
            status=delivery.status,
            sent_at=delivery.sent_at,
            next_attempt_at=delivery.next_attempt_at,
            last_error=delivery.last_error,
        )


SWEEP_GRACE = dt.timedelta(minutes=1)
SWEEP_BATCH = 500


def email_deliveries_due(*, now: dt.datetime | None = None) -> list[int]:
    """Ids of deliveries to send: pending ones whose attempt is due (and not just queued by
    notify()), and claims abandoned by a worker that died mid-send."""
    now = now or timezone.now()
    due = Q(status=EmailDelivery.Status.PENDING, next_attempt_at__lte=now - SWEEP_GRACE) | Q(
        status=EmailDelivery.Status.SENDING, claimed_at__lt=now - _claim_timeout()
    )
    return list(
        EmailDelivery.objects.filter(due)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )


def email_deliveries_retry(*, delivery_ids: Sequence[int]) -> int:
    """Queue failed or waiting emails again now (the delivery log's manual retry); sent
    ones and ones being sent are left alone. Returns how many were queued."""
    with transaction.atomic():
        retried = list(
            EmailDelivery.objects.select_for_update()
            .filter(
                pk__in=delivery_ids,
                status__in=[EmailDelivery.Status.FAILED, EmailDelivery.Status.PENDING],
            )
            .values_list("pk", flat=True)
        )
        # A failed email gets its full round of attempts again.
        EmailDelivery.objects.filter(pk__in=retried).update(
            status=EmailDelivery.Status.PENDING, next_attempt_at=timezone.now(), attempts=0
        )
        transaction.on_commit(lambda: _queue_email_deliveries(retried))
    return len(retried)


def notifications_settle(
    *, reason: str, about: str, recipients: Iterable[User] | None = None
) -> int:
    """Mark the open requests for `reason` about `about` done: the thing asked for is done.

    Called by the service that does it, in its transaction; `recipients` limits it to
    the people it was asked of (e.g. one department's contact and head). Returns how
    many were settled; settling twice is a no-op.
    """
    open_requests = Notification.objects.filter(
        reason=reason, about=about, is_request=True, settled_at__isnull=True
    )
    if recipients is not None:
        open_requests = open_requests.filter(recipient__in=[user.pk for user in recipients])
    return open_requests.update(settled_at=timezone.now())


def notification_mark_read(*, notification: Notification) -> None:
    """Read one row of the centre: every notification it stands for (same reason, same thing)."""
    Notification.objects.filter(
        recipient_id=notification.recipient_id,
        reason=notification.reason,
        about=notification.about,
        read_at__isnull=True,
    ).update(read_at=timezone.now())


def notifications_mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
