"""Meetings over the API, addressed by code (`/api/v1/meetings/MT-2026-0001/`).

The read side (list with filters, retrieve) lives here; each sub-domain adds its actions
through a mixin of its own module."""

from rest_framework import viewsets

from .calling import MeetingCallingActions
from .documents import MeetingDocumentActions
from .minutes import MeetingMinutesActions


class MeetingViewSet(
    MeetingCallingActions,
    MeetingMinutesActions,
    MeetingDocumentActions,
    viewsets.GenericViewSet,
):
    lookup_field = "code"
    lookup_value_regex = r"[^/.]+"
