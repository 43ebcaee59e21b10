"""Every write of the collaboration core. Views, the API and jobs call these."""

from .digests import digest_recipients_due, digests_send
from .documents import (
    generated_document_find,
    generated_document_for_download,
    generated_document_get_or_render,
)
from .notifications import (
    EMAIL_CLAIM_TIMEOUT,
    EMAIL_MAX_ATTEMPTS,
    SWEEP_GRACE,
    EmailFile,
    Message,
    email_deliveries_due,
    email_deliveries_retry,
    email_delivery_send,
    notification_mark_read,
    notifications_mark_all_read,
    notifications_settle,
    notify,
    notify_many,
)
from .organisation import user_set_language, user_update_profile, user_update_reminder_settings
from .signoff import (
    delegation_create,
    delegation_revoke,
    signature_request_cancel,
    signature_request_open,
    signature_sign,
)
from .tokens import api_token_create, api_token_revoke, api_token_sign_in, api_tokens_revoke_all

__all__ = [
    "EMAIL_CLAIM_TIMEOUT",
    "EMAIL_MAX_ATTEMPTS",
    "SWEEP_GRACE",
    "EmailFile",
    "Message",
    "api_token_create",
    "api_token_revoke",
    "api_token_sign_in",
    "api_tokens_revoke_all",
    "delegation_create",
    "delegation_revoke",
    "digest_recipients_due",
    "digests_send",
    "email_deliveries_due",
    "email_deliveries_retry",
    "email_delivery_send",
    "generated_document_find",
    "generated_document_for_download",
    "generated_document_get_or_render",
    "notification_mark_read",
    "notifications_mark_all_read",
    "notifications_settle",
    "notify",
    "notify_many",
    "signature_request_cancel",
    "signature_request_open",
    "signature_sign",
    "user_set_language",
    "user_update_profile",
    "user_update_reminder_settings",
]
