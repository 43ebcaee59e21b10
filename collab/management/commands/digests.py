"""`manage.py digests preview --at "2026-11-30 09:00"` and `manage.py digests send`."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from collab.services import digests_send


class Command(BaseCommand):
    help = "Preview the weekly digests due at a moment, or send the ones due now."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        show = commands.add_parser("preview", help="Print who would get a digest; send nothing.")
        show.add_argument(
            "--at",
            help='The moment, e.g. "2026-11-30 09:00" (company time zone; default: now).',
        )
        commands.add_parser("send", help="Send the digests due now (what the hourly job does).")

    def handle(self, *args, action, **options):
        if action == "send":
            messages = digests_send()
            self.stdout.write(f"Sent {len(messages)} weekly digests.")
            return
        moment = self._moment(options.get("at"))
        messages = digests_send(now=moment, dry_run=True)
        self.stdout.write(f"At {timezone.localtime(moment):%Y-%m-%d %H:%M %Z}:")
        for message in messages:
            lines = ", ".join(
                f"{group['heading']} {group['total']}" for group in message.context["groups"]
            )
            self.stdout.write(f"  {message.key}  to {message.recipient.username:<20} {lines}")
        if not messages:
            self.stdout.write("  no digest is due.")

    def _moment(self, text):
        if not text:
            return timezone.now()
        try:
            moment = dt.datetime.fromisoformat(text)
        except ValueError as error:
            raise CommandError(f'--at: not a moment like "2026-11-30 09:00": {text}') from error
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return moment
