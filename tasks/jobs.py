"""Celery jobs of the task cards (named `jobs` because `tasks` is the app). Thin: a service
call each; the services decide what is due and send each message once."""

from celery import shared_task


@shared_task(name="tasks.send_card_weekly_summaries", ignore_result=True)
def send_card_weekly_summaries() -> int:
    """Hourly: this week's summary of each active card, from Monday 09:00 company time."""
    from .services.summaries import card_weekly_summaries_send

    return card_weekly_summaries_send()


@shared_task(
    name="tasks.send_monthly_risk_reports",
    ignore_result=True,
    soft_time_limit=1800,
    time_limit=1900,
)
def send_monthly_risk_reports() -> int:
    """Hourly: last month's risk report to each executive, from the 1st 09:00 company time."""
    from .services.summaries import risk_reports_send

    return risk_reports_send()
