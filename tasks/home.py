"""The task section of "My work": confirmations owed, and my open action items."""

from django.utils import timezone

from . import selectors


def my_work_section(request):
    user = request.user
    items = [item for item in selectors.my_action_items(user)[:10] if item.is_open]
    return (
        "tasks/_my_work.html",
        {
            "confirmations": list(selectors.confirmations_awaiting(user)[:10]),
            "items": items,
            "today": timezone.localdate(),
        },
    )
