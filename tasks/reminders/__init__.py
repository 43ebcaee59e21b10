"""The task deadlines that remind and escalate by themselves (collab.reminders)."""

from collab.reminders import register

from .items import ActionItemDue


def register_kinds() -> None:
    register(ActionItemDue())
