"""The feedback API's routes on the one router (basenames carry "api-")."""

from collab.api.router import router

from .feedback import FeedbackViewSet

router.register("feedback", FeedbackViewSet, basename="api-feedback")

urlpatterns = []
