from .comments import Comment, CommentAttachment
from .idempotency import IdempotencyKey
from .notifications import EmailAttachment, EmailDelivery, Notification
from .organisation import CalendarOverride, Department, User, Weekday
from .reminders import ReminderRule
from .signoff import Delegation, GeneratedDocument, RequiredSigner, Signature, SignatureRequest
from .tokens import ApiToken

__all__ = [
    "ApiToken",
    "CalendarOverride",
    "Comment",
    "CommentAttachment",
    "Delegation",
    "Department",
    "EmailAttachment",
    "EmailDelivery",
    "GeneratedDocument",
    "IdempotencyKey",
    "Notification",
    "ReminderRule",
    "RequiredSigner",
    "Signature",
    "SignatureRequest",
    "User",
    "Weekday",
]
