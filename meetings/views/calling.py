"""Pages for calling a meeting: the form, the notice, answering, calendar files."""


def notice_tab(request, meeting, permissions) -> dict:
    """Context of the meeting page's "notice" tab."""
    return {}


def agenda_tab(request, meeting, permissions) -> dict:
    """Context of the meeting page's "agenda" tab."""
    return {}
