"""Recording a meeting over the API: attendance, the minutes while draft, decisions."""


class MeetingMinutesActions:
    """The `attendance` and `minutes` actions of MeetingViewSet."""
