"""The task deadlines that remind and escalate by themselves (collab.reminders)."""

from collab.reminders import register

from .acceptance import AcceptanceDecisionDue
from .confirmations import CardConfirmationDue
from .delay_notices import DelayNoticeAwaiting
from .items import ActionItemDue
from .risks import RiskDecisionDue


def register_kinds() -> None:
    register(ActionItemDue())
    register(DelayNoticeAwaiting())
    register(CardConfirmationDue())
    register(AcceptanceDecisionDue())
    register(RiskDecisionDue())
