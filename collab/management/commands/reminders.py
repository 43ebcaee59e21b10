"""`manage.py reminders preview --at "2026-12-01 09:00"` and `manage.py reminders run`."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from collab.management.moments import parse_moment
from collab.reminders import preview, registered_kinds, run_sweep


class Command(BaseCommand):
    help = "Preview the reminders and escalations due at a moment, or run one sweep now."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        show = commands.add_parser("preview", help="Print what a sweep would send; send nothing.")
        show.add_argument(
            "--at",
            help='The moment, e.g. "2026-12-01 09:00" (company time zone; default: now).',
        )
        show.add_argument("--kind", action="append", help="Only this deadline kind (repeatable).")
        run = commands.add_parser("run", help="Run one sweep of every deadline kind now.")
        run.add_argument("--kind", action="append", help="Only this deadline kind (repeatable).")

    def handle(self, *args, action, kind=None, **options):
        known = {registered.key for registered in registered_kinds()}
        unknown = set(kind or ()) - known
        if unknown:
            raise CommandError(
                f"Unknown deadline kind: {', '.join(sorted(unknown))}. "
                f"Known: {', '.join(sorted(known))}."
            )
        if action == "run":
            report = run_sweep(kinds=kind)
            self.stdout.write(f"Swept {report.rows} rows; sent {report.sent} reminders.")
            return
        moment = parse_moment(options.get("at"))
        report = preview(now=moment, kinds=kind)
        self.stdout.write(f"At {timezone.localtime(moment):%Y-%m-%d %H:%M %Z}:")
        shown = 0
        for item in sorted(report.planned, key=lambda item: (item.status, item.reminder.reason)):
            reminder = item.reminder
            status = item.status
            if status == "deferred":
                local = timezone.localtime(item.send_at, timezone.get_current_timezone())
                status = f"deferred to {local:%Y-%m-%d %H:%M}"
            self.stdout.write(
                f"  {status:<28} {reminder.reason:<48} to {reminder.recipient.username:<20} "
                f"about {reminder.about}"
            )
            shown += 1
        if not shown:
            self.stdout.write("  nothing is due.")
