"""Pages of the collaboration core: home, notification centre, profile, language, health."""

import copy

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from .. import home as home_sections
from .. import selectors, services
from ..celery import app as celery_app
from ..forms import LanguageForm, ProfileForm
from ..inbox import inbox_count, inbox_entries
from ..notification_text import notifications_render
from ..uploads import media_folder_state
from .helpers import form_page
from .tokens import tokens_context

# Requests are few (each is settled when done); past this many the rest wait their turn.
TO_DO_SHOWN = 50


@login_required
def home(request):
    departments = selectors.departments_of_user(request.user).select_related("head", "executive")
    latest = notifications_render(
        selectors.notifications_for(request.user, unread=True)[:5], reader=request.user
    )
    entries = inbox_entries(request.user)
    return render(
        request,
        "collab/home.html",
        {
            "departments": departments,
            "latest_notifications": latest,
            "inbox": entries,
            "inbox_total": len(entries),
            "sections": home_sections.sections_for(request),
        },
    )


@login_required
@require_GET
@never_cache
def inbox_count_fragment(request):
    """The navigation's count of what awaits the user, fetched by htmx after the page loads,
    so other pages pay no queries for it."""
    return render(request, "collab/_inbox_count.html", {"inbox_total": inbox_count(request.user)})


@login_required
def section(request, title, description):
    """The landing page of a section whose work lists arrive with their capability."""
    return render(request, "collab/section.html", {"title": title, "description": description})


@login_required
def notification_list(request):
    """Requests still to do first, then everything else (news, and requests done)."""
    to_do = notifications_render(
        selectors.notifications_for(request.user, to_do=True)[:TO_DO_SHOWN], reader=request.user
    )
    page = Paginator(selectors.notifications_for(request.user, to_do=False), 25).get_page(
        request.GET.get("page")
    )
    page.object_list = notifications_render(page.object_list, reader=request.user)
    return render(
        request,
        "collab/notifications.html",
        {"to_do": to_do, "page": page},
    )


@login_required
@require_POST
def notification_open(request, pk):
    notification = selectors.notification_get_for_user(pk=pk, user=request.user)
    services.notification_mark_read(notification=notification)
    if notification.url and url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}
    ):
        return HttpResponseRedirect(notification.url)
    return redirect("notifications")


@login_required
@require_POST
def notification_mark_read(request, pk):
    notification = selectors.notification_get_for_user(pk=pk, user=request.user)
    services.notification_mark_read(notification=notification)
    return redirect("notifications")


@login_required
@require_POST
def notifications_mark_all_read(request):
    count = services.notifications_mark_all_read(user=request.user)
    messages.success(request, _("Marked %(count)d notifications as read.") % {"count": count})
    return redirect("notifications")


@login_required
def profile(request):
    # The form gets a copy: validating writes the posted values onto its instance, and a
    # refused save must not show them in the page's header as if they were saved.
    form = ProfileForm(request.POST or None, instance=copy.copy(request.user))
    return form_page(
        request,
        form=form,
        run=lambda values: services.user_update_profile(
            user=request.user, by=request.user, values=values
        ),
        success=_("Your profile was saved."),
        back=lambda: redirect("profile"),
        template="collab/profile.html",
        context=tokens_context(request.user),
    )


@require_POST
def language_switch(request):
    """Switch the interface language; saved on the person's profile when logged in."""
    form = LanguageForm(request.POST)
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["language"]))
        return response
    language = form.cleaned_data["language"]
    if request.user.is_authenticated:
        services.user_set_language(user=request.user, language=language)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=True,
    )
    return response


@never_cache
@require_GET
def healthz(request):
    """Database, broker and media folder status, for load balancers and `make run`'s
    readiness check: uploads and stored PDFs need a writable media folder."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as error:
        checks["database"] = f"error: {type(error).__name__}"
    try:
        with celery_app.connection_for_write() as broker:
            broker.ensure_connection(max_retries=1, timeout=2)
        checks["broker"] = "ok"
    except Exception as error:
        checks["broker"] = f"error: {type(error).__name__}"
    checks["media"] = media_folder_state()
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503
    )
