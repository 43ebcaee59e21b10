from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .selectors import unread_notification_count

NAVIGATION = [
    ("home", _("My work")),
    ("tasks:cards", _("Cards")),
    ("meetings:meetings", _("Meetings")),
    ("feedback:feedback-list", _("Feedback")),
    ("signoffs", _("Sign-offs")),
    ("notifications", _("Notifications")),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    current = getattr(request.resolver_match, "view_name", None)
    return {
        "navigation": [
            {"name": name, "label": label, "url": reverse(name), "current": name == current}
            for name, label in NAVIGATION
        ],
        "unread_notifications": unread_notification_count(user),
        "now": timezone.now(),
    }
