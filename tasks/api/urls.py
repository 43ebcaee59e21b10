"""The task API's routes on the one router. Basenames carry "api-": the pages own the plain
names (tasks:card-detail, ...)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from collab.api.comments import comment_viewset
from collab.api.router import router
from collab.converters import ID_PATTERN

from .cards import CardViewSet
from .delay_notices import DelayNoticeViewSet
from .items import ActionItemViewSet
from .overviews import DepartmentOverviewView
from .risk_reports import RiskReportView
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
router.register(
    f"{CARD}/comments",
    comment_viewset("card", lookup="card_code", description=_("The card's code, any case.")),
    basename="api-card-comment",
)
router.register(
    rf"action-items/(?P<action_item_pk>{ID_PATTERN})/comments",
    comment_viewset("action-item", lookup="action_item_pk", description=_("The item's id.")),
    basename="api-action-item-comment",
)

urlpatterns = [
    path(
        "departments/<str:code>/overview/",
        DepartmentOverviewView.as_view(),
        name="api-department-overview",
    ),
    path("risk-reports/<str:month>/", RiskReportView.as_view(), name="api-risk-report"),
]
