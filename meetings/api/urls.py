"""The meetings API's routes on the one router (basenames carry "api-")."""

from collab.api.router import router

from .meetings import MeetingViewSet
from .pre_reads import PreReadViewSet
from .rows import AgendaItemViewSet, CalendarFeedViewSet, InvitationViewSet

MEETING = r"meetings/(?P<meeting_code>[^/.]+)"

router.register("meetings", MeetingViewSet, basename="api-meeting")
router.register(f"{MEETING}/agenda-items", AgendaItemViewSet, basename="api-meeting-agenda-item")
router.register(f"{MEETING}/invitations", InvitationViewSet, basename="api-meeting-invitation")
router.register(f"{MEETING}/pre-reads", PreReadViewSet, basename="api-meeting-pre-read")
router.register("calendar-feed", CalendarFeedViewSet, basename="api-calendar-feed")

urlpatterns = []
