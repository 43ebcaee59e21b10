"""Pages for recording a meeting: attendance and the minutes while draft."""


def attendance_tab(request, meeting, permissions) -> dict:
    """Context of the meeting page's "attendance" tab."""
    return {}


def minutes_tab(request, meeting, permissions) -> dict:
    """Context of the meeting page's "minutes" tab."""
    return {}
