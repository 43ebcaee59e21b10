"""Which objects have a comment thread, and who may read, write and be mentioned in it.

collab knows no domain app. An app makes a model *discussable* by registering a
`Discussable` from its AppConfig.ready(); every "who may" in it delegates to the app's
permissions module, so a thread follows exactly the rules of the object it belongs to.
Pages, the API and the download of attachments reach an object's thread only through
this registry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import models
from django.http import Http404


@dataclass(frozen=True)
class Discussable:
    """How collab reaches one model's threads.

    - `kind`: stable name in URLs ("card", "action-item"),
    - `get_for_user(key, user)`: the object, or Http404 when the user may not see it,
    - `key_of(obj)`: the `key` that finds it again (a card's code, an item's id),
    - `may_read(user, obj)`: whether the user sees the object (and so its thread),
    - `comment_require(user, obj)`: raises `Forbidden`/`InvalidState` unless the user may
      comment now (e.g. the card is closed: read-only),
    - `mentionable(obj, users)`: the ids, among `users`, of those who may see the object,
    - `url_of(obj)`: the page the thread is on, `title_of(obj)`: how it is named,
    - `history(obj)`: the object's change history (collab.history entries), for the
      activity view that reads the thread and the changes together.
    """

    kind: str
    model: type[models.Model]
    get_for_user: Callable[[str, object], models.Model]
    key_of: Callable[[models.Model], str]
    may_read: Callable[[object, models.Model], bool]
    comment_require: Callable[[object, models.Model], None]
    mentionable: Callable[[models.Model, Iterable], set[int]]
    url_of: Callable[[models.Model], str]
    title_of: Callable[[models.Model], str] = str
    history: Callable[[models.Model], list] = field(default=lambda obj: [])


_by_kind: dict[str, Discussable] = {}


def register_discussable(discussable: Discussable) -> Discussable:
    _by_kind[discussable.kind] = discussable
    return discussable


def discussable_by_kind(kind: str) -> Discussable:
    """The registration for `kind`; Http404 for a kind nobody registered."""
    try:
        return _by_kind[kind]
    except KeyError:
        raise Http404 from None


def discussable_for(obj_or_model) -> Discussable:
    """The registration of an object's (or a model's) class."""
    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    for discussable in _by_kind.values():
        if issubclass(model, discussable.model):
            return discussable
    raise LookupError(f"{model.__name__} has no comment thread")


# --- who may change a comment: the same for every discussable object -------------------------


def thread_is_writable(discussable: Discussable, user, obj) -> bool:
    from .errors import RuleViolation

    try:
        discussable.comment_require(user, obj)
    except RuleViolation:
        return False
    return True


def may_change_comment(user, comment, *, writable: bool) -> bool:
    """Only its author edits or removes a comment, not once removed, and only while the
    thread takes comments (`writable`, from `thread_is_writable`)."""
    return writable and comment.author_id == user.pk and comment.removed_at is None


def comment_change_require(user, comment, obj) -> None:
    """Refuse unless `user` may edit or remove `comment` (on `obj`) now."""
    from django.utils.translation import gettext as _

    from .errors import Forbidden, InvalidState

    if comment.author_id != user.pk:
        raise Forbidden(_("Only its author can change or remove a comment."))
    if comment.removed_at is not None:
        raise InvalidState(_("This comment was removed."))
    discussable_for(obj).comment_require(user, obj)
