"""`Idempotency-Key` for API creates: a client that lost the answer retries safely.

The first request with a key runs and its answer (status and body) is kept for
REPLAY_WINDOW; a retry with the same key from the same user gets that answer again, marked
`Idempotent-Replayed: true`, and creates nothing. The same key with another request is a
422. The key's row is written in the same transaction as the create: a concurrent retry
waits on the unique (user, key) until the first commits, then replays it; a refused or
failed create keeps no key, so the corrected retry runs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from functools import wraps

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from collab.models import IdempotencyKey

HEADER = "Idempotency-Key"
REPLAY_WINDOW = dt.timedelta(hours=24)
MAX_KEY_LENGTH = IdempotencyKey._meta.get_field("key").max_length


class IdempotencyKeyReused(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_code = "idempotency_key_reused"


def request_fingerprint(request) -> str:
    """SHA-256 of the method, path and parsed body (files by name, size and content)."""
    data = request.data
    if hasattr(data, "lists"):
        data = {key: values for key, values in data.lists()}
    files = {
        name: [
            {"name": upload.name, "size": upload.size, "sha256": _file_hash(upload)}
            for upload in request.FILES.getlist(name)
        ]
        for name in getattr(request, "FILES", {})
    }
    payload = {"method": request.method, "path": request.path, "data": data, "files": files}
    canonical = json.dumps(payload, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _file_hash(upload) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _replay(record: IdempotencyKey, fingerprint: str) -> Response:
    if record.request_fingerprint != fingerprint:
        raise IdempotencyKeyReused(
            _(
                "This Idempotency-Key was already used for a different request. Use a new "
                "key for a new request."
            )
        )
    response = Response(record.response_body, status=record.response_status)
    response["Idempotent-Replayed"] = "true"
    return response


def _key_of(request) -> str | None:
    key = request.headers.get(HEADER)
    if key is None or not request.user.is_authenticated:
        return None
    key = key.strip()
    if not key or len(key) > MAX_KEY_LENGTH:
        raise exceptions.ValidationError(
            {
                HEADER: [
                    _("An Idempotency-Key has 1 to %(limit)d characters.")
                    % {"limit": MAX_KEY_LENGTH}
                ]
            },
            code="invalid",
        )
    return key


def run_once(request, run) -> Response:
    """Answer `request` by `run()` unless its Idempotency-Key was answered before."""
    key = _key_of(request)
    if key is None:
        return run()
    fingerprint = request_fingerprint(request)
    IdempotencyKey.objects.filter(created_at__lt=timezone.now() - REPLAY_WINDOW).delete()
    with transaction.atomic():
        try:
            # A concurrent request with the same key waits here until the first commits.
            with transaction.atomic():
                IdempotencyKey.objects.create(
                    user=request.user, key=key, request_fingerprint=fingerprint
                )
        except IntegrityError:
            return _replay(IdempotencyKey.objects.get(user=request.user, key=key), fingerprint)
        response = run()
        if not status.is_success(response.status_code):
            transaction.set_rollback(True)  # keep no key: the corrected retry runs
            return response
        body = json.loads(JSONRenderer().render(response.data) or b"null")
        IdempotencyKey.objects.filter(user=request.user, key=key).update(
            response_status=response.status_code, response_body=body
        )
    return response


HEADER_PARAMETER = OpenApiParameter(
    HEADER,
    str,
    OpenApiParameter.HEADER,
    description=gettext_lazy(
        "Optional, up to 255 characters, unique per request (e.g. a UUID). A retry with the "
        "same key within 24 hours returns the first answer (with `Idempotent-Replayed: "
        "true`) and creates nothing; the same key with another body is a 422."
    ),
)


def idempotent(create):
    """Wrap a viewset's `create` so that it honours the Idempotency-Key header."""

    @wraps(create)
    def wrapper(self, request, *args, **kwargs):
        return run_once(request, lambda: create(self, request, *args, **kwargs))

    # collab.api.schema documents the 422 of operations marked so.
    wrapper.idempotent = True
    return extend_schema(parameters=[HEADER_PARAMETER])(wrapper)


class IdempotentCreateMixin:
    """Makes the viewset's `create` (its own or inherited) honour Idempotency-Key."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        create = getattr(cls, "create", None)
        if create is not None and not getattr(create, "idempotent", False):
            cls.create = idempotent(create)
