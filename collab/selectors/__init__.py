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

__all__ = [
    "Role",
    "departments_list",
    "departments_of_user",
    "notification_get_for_user",
    "notifications_for",
    "role_label",
    "unread_notification_count",
    "user_holds_role",
    "users_in_role",
    "users_list",
]
