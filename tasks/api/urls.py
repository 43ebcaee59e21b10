"""The task API's routes on the one router. Basenames carry "api-": the pages own the plain
names (tasks:card-detail, ...)."""

from django.urls import path

from collab.api.router import router
from collab.converters import ID_PATTERN

from .cards import CardViewSet
from .items import ActionItemViewSet, DelayNoticeViewSet
from .overviews import DepartmentOverviewView
from .tracking import MilestoneViewSet, ProgressUpdateViewSet, RiskViewSet

CARD = r"cards/(?P<card_code>[^/.]+)"

router.register("cards", CardViewSet, basename="api-card")
router.register(f"{CARD}/milestones", MilestoneViewSet, basename="api-card-milestone")
router.register(f"{CARD}/risks", RiskViewSet, basename="api-card-risk")
router.register(f"{CARD}/progress-updates", ProgressUpdateViewSet, basename="api-card-progress")
router.register("action-items", ActionItemViewSet, basename="api-action-item")
router.register(
    rf"action-items/(?P<action_item_pk>{ID_PATTERN})/delay-notices",
    DelayNoticeViewSet,
    basename="api-delay-notice",
)

urlpatterns = [
    path(
        "departments/<str:code>/overview/",
        DepartmentOverviewView.as_view(),
        name="api-department-overview",
    ),
]
