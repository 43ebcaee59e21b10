"""Who made a change, for django-simple-history, when no web request says so."""

import functools
from contextlib import contextmanager
from types import SimpleNamespace

from simple_history.models import HistoricalRecords


@contextmanager
def history_user(user):
    """Attribute history rows to `user` unless a logged-in request already does.

    Web requests set the user through HistoryRequestMiddleware; Celery jobs, management
    commands and the demo data come through here.
    """
    context = HistoricalRecords.context
    current = getattr(context, "request", None)
    if current is not None and getattr(getattr(current, "user", None), "is_authenticated", False):
        yield
        return
    context.request = SimpleNamespace(user=user)
    try:
        yield
    finally:
        if current is None:
            del context.request
        else:
            context.request = current


def records_actor(argument: str = "by"):
    """Decorate a service whose keyword `argument` is the acting user."""

    def decorate(service):
        @functools.wraps(service)
        def wrapper(*args, **kwargs):
            with history_user(kwargs.get(argument)):
                return service(*args, **kwargs)

        return wrapper

    return decorate
