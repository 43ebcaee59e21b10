"""`manage.py digests preview --at "2026-11-30 09:00"` and `manage.py digests send`."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from collab.management.moments import parse_moment
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
        moment = parse_moment(options.get("at"))
        messages = digests_send(now=moment, dry_run=True)
        self.stdout.write(f"At {timezone.localtime(moment):%Y-%m-%d %H:%M %Z}:")
        for message in messages:
            lines = ", ".join(
                f"{group['heading']} {group['total']}" for group in message.context["groups"]
            )
            self.stdout.write(f"  {message.key}  to {message.recipient.username:<20} {lines}")
        if not messages:
            self.stdout.write("  no digest is due.")
