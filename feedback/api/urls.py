"""The feedback API's routes on the one router (basenames carry "api-")."""

from collab.api.router import router

from .feedback import FeedbackViewSet
from .lists import SlaPolicyViewSet

router.register("feedback", FeedbackViewSet, basename="api-feedback")
router.register("sla-policies", SlaPolicyViewSet, basename="api-sla-policy")

urlpatterns = []
