"""Reminders and escalations: every deadline in Crossdesk chases its people by itself.

Each app registers its deadline kinds (`register(...)` in its AppConfig.ready()); a
kind says which rows may need a reminder now and, for a batch of them, which
reminders are due. Celery beat runs short sweeps (`run_sweep`) that walk those rows
in keyset batches, locked with SKIP LOCKED so parallel sweeps share the work, and
create the notifications with `notify_many`: the unique (recipient, reason, key) of a
notification makes each reminder happen once, however often a sweep runs. Nothing is
scheduled as a broker ETA: a reminder whose moment falls outside the recipient's
business hours is simply created by the first sweep inside them.
"""

from .engine import SweepReport, preview, run_sweep
from .kinds import DeadlineKind, Occurrence, Reminder, Sweep, get_kind, register, registered_kinds

__all__ = [
    "DeadlineKind",
    "Occurrence",
    "Reminder",
    "Sweep",
    "SweepReport",
    "get_kind",
    "preview",
    "register",
    "registered_kinds",
    "run_sweep",
]
