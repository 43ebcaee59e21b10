"""Reads of the collaboration core: permission-aware and free of N+1 queries."""

from .organisation import (
    Role,
    departments_list,
    departments_of_user,
    notification_get_for_user,
    notifications_for,
    role_label,
    unread_notification_count,
    user_holds_role,
    users_in_role,
    users_list,
)
from .people import (
    department_default_contact,
    department_default_contact_by_id,
    people_search,
)
from .tokens import api_token_get_for_user, api_tokens_of

__all__ = [
    "Role",
    "api_token_get_for_user",
    "api_tokens_of",
    "department_default_contact",
    "department_default_contact_by_id",
    "departments_list",
    "departments_of_user",
    "notification_get_for_user",
    "notifications_for",
    "people_search",
    "role_label",
    "unread_notification_count",
    "user_holds_role",
    "users_in_role",
    "users_list",
]
