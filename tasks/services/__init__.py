"""Every write of task cards and action items. Views, the API and jobs call these."""

from .acceptance import card_accept, card_close, card_reject_acceptance, card_submit_for_acceptance
from .cards import (
    CardInput,
    DepartmentRow,
    MilestoneRow,
    agreed_content,
    card_cancel,
    card_change_request,
    card_create,
    card_submit,
    card_update,
    department_confirm,
    department_object,
)
from .items import (
    action_item_create,
    action_item_report_progress,
    action_item_set_dependencies,
    action_item_update,
    delay_notice_acknowledge,
    delay_notice_file,
)
from .tracking import (
    milestone_mark_achieved,
    progress_update_add,
    risk_close,
    risk_coordinate,
    risk_level,
    risk_raise,
)

__all__ = [
    "CardInput",
    "DepartmentRow",
    "MilestoneRow",
    "action_item_create",
    "action_item_report_progress",
    "action_item_set_dependencies",
    "action_item_update",
    "agreed_content",
    "card_accept",
    "card_cancel",
    "card_change_request",
    "card_close",
    "card_create",
    "card_reject_acceptance",
    "card_submit",
    "card_submit_for_acceptance",
    "card_update",
    "delay_notice_acknowledge",
    "delay_notice_file",
    "department_confirm",
    "department_object",
    "milestone_mark_achieved",
    "progress_update_add",
    "risk_close",
    "risk_coordinate",
    "risk_level",
    "risk_raise",
]
