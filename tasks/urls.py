from django.urls import path

from collab import converters  # noqa: F401 - registers the <id:...> path converter

from .views import acceptance, cards, documents, items, overviews, recurrence, tracking

app_name = "tasks"

CARD = "cards/<str:code>/"

urlpatterns = [
    path("cards/", cards.card_list, name="cards"),
    path("cards/new/", cards.card_create, name="card-create"),
    path("cards/rows/<str:kind>/", cards.card_form_row, name="card-form-row"),
    path(CARD, cards.card_detail, name="card-detail"),
    path(f"{CARD}edit/", cards.card_edit, name="card-edit"),
    path(f"{CARD}submit/", cards.card_submit, name="card-submit"),
    path(f"{CARD}change/", cards.card_change, name="card-change"),
    path(f"{CARD}cancel/", cards.card_cancel, name="card-cancel"),
    path(
        f"{CARD}departments/<str:department>/confirm/",
        cards.department_confirm,
        name="card-confirm",
    ),
    path(
        f"{CARD}departments/<str:department>/object/", cards.department_object, name="card-object"
    ),
    path(f"{CARD}milestones/new/", tracking.milestone_add, name="milestone-add"),
    path(f"{CARD}milestones/<id:pk>/edit/", tracking.milestone_edit, name="milestone-edit"),
    path(
        f"{CARD}milestones/<id:pk>/achieved/",
        tracking.milestone_achieved,
        name="milestone-achieved",
    ),
    path(f"{CARD}items/new/", items.action_item_create, name="card-item-create"),
    path(f"{CARD}progress/", tracking.progress_update_add, name="card-progress-add"),
    path(f"{CARD}risks/", tracking.risk_raise, name="card-risk-add"),
    path(f"{CARD}risks/<id:pk>/edit/", tracking.risk_edit, name="risk-edit"),
    path(f"{CARD}risks/<id:pk>/coordinate/", tracking.risk_coordinate, name="risk-coordinate"),
    path(f"{CARD}risks/<id:pk>/close/", tracking.risk_close, name="risk-close"),
    path(f"{CARD}acceptance/", acceptance.acceptance_submit, name="card-acceptance"),
    path(f"{CARD}acceptance/decide/", acceptance.acceptance_decide, name="card-acceptance-decide"),
    path(f"{CARD}retrospective/", acceptance.card_close, name="card-close"),
    path(f"{CARD}card.pdf", documents.card_pdf, name="card-pdf"),
    path(f"{CARD}retrospective.pdf", documents.retrospective_pdf, name="card-retrospective-pdf"),
    path(f"{CARD}archive.zip", documents.card_archive, name="card-archive"),
    path(
        "departments/<str:code>/overview/",
        overviews.department_overview,
        name="department-overview",
    ),
    path("overviews/risk-report/", overviews.risk_report, name="risk-report"),
    path("overviews/risk-report.pdf", overviews.risk_report_pdf, name="risk-report-pdf"),
    path("items/", items.my_action_items, name="my-action-items"),
    path("items/<id:pk>/", items.action_item_detail, name="action-item-detail"),
    path("items/<id:pk>/edit/", items.action_item_edit, name="action-item-edit"),
    path("items/<id:pk>/progress/", items.action_item_progress, name="action-item-progress"),
    path("items/<id:pk>/withdraw/", items.action_item_withdraw, name="action-item-withdraw"),
    path("items/<id:pk>/cancel/", items.action_item_cancel, name="action-item-cancel"),
    path("items/<id:pk>/repeat/", recurrence.action_item_repeat, name="action-item-repeat"),
    path(
        "items/<id:pk>/stop-repeating/",
        recurrence.action_item_stop_repeating,
        name="action-item-stop-repeating",
    ),
    path("items/<id:pk>/output/", documents.action_item_output_file, name="action-item-output"),
    path("items/<id:pk>/delay/", items.delay_notice_file, name="delay-notice-file"),
    path(
        "items/<id:pk>/delay-notices/<id:notice_pk>/acknowledge/",
        items.delay_notice_acknowledge,
        name="delay-notice-acknowledge",
    ),
]
