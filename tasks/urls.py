from django.urls import path

from . import views

urlpatterns = [
    path("cards/", views.card_list, name="cards"),
    path("cards/new/", views.card_create, name="card-create"),
    path("cards/rows/<str:kind>/", views.card_form_row, name="card-form-row"),
    path("cards/<str:code>/", views.card_detail, name="card-detail"),
    path("cards/<str:code>/edit/", views.card_edit, name="card-edit"),
    path("cards/<str:code>/submit/", views.card_submit, name="card-submit"),
    path("cards/<str:code>/change/", views.card_change, name="card-change"),
    path("cards/<str:code>/cancel/", views.card_cancel, name="card-cancel"),
    path(
        "cards/<str:code>/departments/<str:department>/confirm/",
        views.department_confirm,
        name="card-confirm",
    ),
    path(
        "cards/<str:code>/departments/<str:department>/object/",
        views.department_object,
        name="card-object",
    ),
    path(
        "cards/<str:code>/milestones/<int:pk>/achieved/",
        views.milestone_achieved,
        name="milestone-achieved",
    ),
    path("cards/<str:code>/items/new/", views.action_item_create, name="card-item-create"),
    path("cards/<str:code>/progress/", views.progress_update_add, name="card-progress-add"),
    path("cards/<str:code>/risks/", views.risk_raise, name="card-risk-add"),
    path(
        "cards/<str:code>/risks/<int:pk>/coordinate/", views.risk_coordinate, name="risk-coordinate"
    ),
    path("cards/<str:code>/acceptance/", views.acceptance_submit, name="card-acceptance"),
    path(
        "cards/<str:code>/acceptance/decide/",
        views.acceptance_decide,
        name="card-acceptance-decide",
    ),
    path("cards/<str:code>/retrospective/", views.card_close, name="card-close"),
    path("cards/<str:code>/card.pdf", views.card_pdf, name="card-pdf"),
    path(
        "cards/<str:code>/retrospective.pdf", views.retrospective_pdf, name="card-retrospective-pdf"
    ),
    path("cards/<str:code>/archive.zip", views.card_archive, name="card-archive"),
    path("items/", views.my_action_items, name="my-action-items"),
    path("items/<int:pk>/", views.action_item_detail, name="action-item-detail"),
    path("items/<int:pk>/edit/", views.action_item_edit, name="action-item-edit"),
    path("items/<int:pk>/progress/", views.action_item_progress, name="action-item-progress"),
    path("items/<int:pk>/delay/", views.delay_notice_file, name="delay-notice-file"),
    path(
        "delay-notices/<int:pk>/acknowledge/",
        views.delay_notice_acknowledge,
        name="delay-notice-acknowledge",
    ),
]
