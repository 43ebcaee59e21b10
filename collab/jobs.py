"""Celery jobs of the core. Thin: ids in, a service call, nothing else."""

from celery import shared_task

from . import services


@shared_task(name="collab.send_email_delivery", ignore_result=True)
def send_email_delivery(delivery_id: int) -> None:
    services.email_delivery_send(delivery_id=delivery_id)


@shared_task(name="collab.sweep_pending_email_deliveries", ignore_result=True)
def sweep_pending_email_deliveries() -> int:
    """Re-queue every pending email whose attempt is due (lost messages, retries)."""
    due = services.email_deliveries_due()
    for delivery_id in due:
        send_email_delivery.delay(delivery_id)
    return len(due)


@shared_task(
    name="collab.render_signed_document", ignore_result=True, soft_time_limit=120, time_limit=150
)
def render_signed_document(request_id: int, language: str) -> None:
    """Render a heavy document's PDF ahead of its download; the page polls until it is stored."""
    from .models import SignatureRequest

    request = SignatureRequest.objects.filter(pk=request_id).first()
    if request is None:
        return
    services.generated_document_get_or_render(request=request, language=language)


@shared_task(name="collab.sweep_reminders", ignore_result=True)
def sweep_reminders(frequency: str = "regular") -> int:
    """Send the reminders and escalations due now: "frequent" kinds (hour-scale
    deadlines, every minute) or "regular" ones (every five minutes)."""
    from .reminders import run_sweep

    return run_sweep(frequent=frequency == "frequent").sent


@shared_task(name="collab.send_weekly_digests", ignore_result=True)
def send_weekly_digests() -> int:
    """Hourly: the weekly digest of everyone whose day and hour it is (sent once a week)."""
    return len(services.digests_send())
