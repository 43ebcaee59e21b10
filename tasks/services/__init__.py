"""Every write of task cards and action items, one function per user action. Pages, the API
and jobs call these; each checks `permissions`, its limits and its input, atomically."""

# Other apps add their documents about a card to its archive ZIP through these.
from ..documents.archive import ArchiveEntry, register_archive_provider
from .acceptance import card_accept, card_close, card_reject_acceptance, card_submit_for_acceptance
from .cards import (
    CardInput,
    DepartmentRow,
    MilestoneRow,
    agreed_content,
    card_cancel,
    card_create,
    card_input_of,
    card_update,
)
from .confirmation import card_change_request, card_submit, department_confirm, department_object
from .items import (
    action_item_cancel,
    action_item_create,
    action_item_report_progress,
    action_item_update,
    action_item_withdraw,
    delay_notice_acknowledge,
    delay_notice_file,
)
from .milestones import milestone_add, milestone_mark_achieved, milestone_update
from .recurrence import action_item_repeat, recurrence_stop
from .retrospective import retrospective_report_stored
from .tracking import (
    progress_update_add,
    risk_close,
    risk_coordinate,
    risk_level,
    risk_raise,
    risk_update,
)

__all__ = [
    "ArchiveEntry",
    "CardInput",
    "DepartmentRow",
    "MilestoneRow",
    "action_item_cancel",
    "action_item_create",
    "action_item_repeat",
    "action_item_report_progress",
    "action_item_update",
    "action_item_withdraw",
    "agreed_content",
    "card_accept",
    "card_cancel",
    "card_change_request",
    "card_close",
    "card_create",
    "card_input_of",
    "card_reject_acceptance",
    "card_submit",
    "card_submit_for_acceptance",
    "card_update",
    "delay_notice_acknowledge",
    "delay_notice_file",
    "department_confirm",
    "department_object",
    "milestone_add",
    "milestone_mark_achieved",
    "milestone_update",
    "progress_update_add",
    "recurrence_stop",
    "register_archive_provider",
    "retrospective_report_stored",
    "risk_close",
    "risk_coordinate",
    "risk_level",
    "risk_raise",
    "risk_update",
]
