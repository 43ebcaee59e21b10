"""Pages for publishing and formalising minutes, and their PDFs."""


def documents_tab(request, meeting, permissions) -> dict:
    """Context of the meeting page's "documents" tab."""
    return {}
