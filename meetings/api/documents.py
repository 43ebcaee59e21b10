"""Publishing and formalising minutes over the API, and their PDFs."""


class MeetingDocumentActions:
    """The `publish-minutes` and `formalize` actions of MeetingViewSet, and downloads."""
