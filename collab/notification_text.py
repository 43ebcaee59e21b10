"""A notification's words, rendered when they are read.

notify() stores the template name and a context of plain values (strings, numbers,
booleans, lists, dicts; dates and times tagged with their ISO form; translatable text
in every language). The notification centre renders title and body from them in the
reader's current language and time zone, with no query; emails render the same
templates once, in the recipient's language at sending time.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django.conf import settings
from django.template import Context
from django.template.loader import get_template
from django.utils import translation
from django.utils.functional import Promise

DATE, DATETIME, TEXT = "$date", "$datetime", "$text"


class LocalizedText:
    """Text stored in every language; shows the one active when it is rendered."""

    def __init__(self, by_language: dict[str, str]):
        self.by_language = by_language

    def __str__(self):
        language = translation.get_language() or settings.LANGUAGE_CODE
        return self.by_language.get(language) or self.by_language.get(settings.LANGUAGE_CODE, "")


def _in_every_language(render) -> dict:
    by_language = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            by_language[code] = str(render(code))
    return {TEXT: by_language}


def plain_context(value, path: str = "context"):
    """`value` as JSON-serialisable plain values, or TypeError naming what is not plain.

    Model instances are refused (a stored context must not go stale or need a query);
    the exceptions are translatable text (a lazy string) and anything with a
    `localized_name(language)` (a department), which are stored in every language.
    """
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.datetime):
        return {DATETIME: value.isoformat()}
    if isinstance(value, dt.date):
        return {DATE: value.isoformat()}
    if isinstance(value, Promise):
        return _in_every_language(lambda _code: value)
    if hasattr(value, "localized_name"):
        return _in_every_language(value.localized_name)
    if isinstance(value, dict):
        return {str(key): plain_context(item, f"{path}.{key}") for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain_context(item, f"{path}[{n}]") for n, item in enumerate(value)]
    raise TypeError(
        f"Notification {path} is a {type(value).__name__}: pass plain values "
        "(strings, numbers, dates, lists, dicts), not model instances."
    )


def live_context(value):
    """The stored context back as template values: dates, times and localized text."""
    if isinstance(value, dict):
        if len(value) == 1:
            (tag, item), *_rest = value.items()
            if tag == DATETIME:
                return dt.datetime.fromisoformat(item)
            if tag == DATE:
                return dt.date.fromisoformat(item)
            if tag == TEXT:
                return LocalizedText(item)
        return {key: live_context(item) for key, item in value.items()}
    if isinstance(value, list):
        return [live_context(item) for item in value]
    return value


def render_plain_text(template_name: str, context: dict) -> str:
    """Render a text template without HTML autoescaping: subjects, plain-text bodies and
    notification titles are not HTML, and pages and HTML mails escape them when shown."""
    template = get_template(template_name).template
    return template.render(Context(context, autoescape=False))


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def template_context(*, stored: dict, recipient, url: str, in_app: bool) -> dict:
    return {
        **live_context(stored),
        "recipient": recipient,
        "url": url,
        "site_url": settings.SITE_URL,
        "company_name": settings.COMPANY_NAME,
        "in_app": in_app,
    }


def notification_render(notification, *, reader) -> None:
    """Set `display_title` and `display_body` in the active language and time zone.

    Rows stored before rendering moved to reading time (no template) keep the
    title and body they were sent with.
    """
    if not notification.template:
        notification.display_title = notification.title
        notification.display_body = notification.body
        return
    context = template_context(
        stored=notification.context, recipient=reader, url=notification.url, in_app=True
    )
    notification.display_title = one_line(
        render_plain_text(f"{notification.template}.subject.txt", context)
    )
    notification.display_body = render_plain_text(f"{notification.template}.txt", context).strip()


def notifications_render(notifications, *, reader) -> list:
    rows = list(notifications)
    for notification in rows:
        notification_render(notification, reader=reader)
    return rows
