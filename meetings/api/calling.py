"""Calling a meeting over the API: create, edit, send the notice, cancel, answer, ICS."""


class MeetingCallingActions:
    """Create/update/destroy and the `send-notice`, `cancel` actions of MeetingViewSet."""
