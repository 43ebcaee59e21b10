"""The meetings API's routes on the one router (basenames carry "api-")."""

from collab.api.router import router

from .meetings import MeetingViewSet

router.register("meetings", MeetingViewSet, basename="api-meeting")

urlpatterns = []
