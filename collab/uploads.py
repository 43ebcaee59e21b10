"""What an uploaded file may be, and how stored files are written and let go.

Services check every upload with `upload_check` (forms and serializers only parse it):
an allow-list of types recognised by their content, not their name, with a name that
says the same, and a size limit. Files are never shown inline (collab/views/helpers.py),
but a page or a script must not even be stored: a browser that once rendered one in the
app's origin would run it with the reader's session.
"""

from __future__ import annotations

import codecs
import os
import tempfile
from pathlib import Path, PurePosixPath

import filetype
from django.conf import settings
from django.db import transaction
from django.utils.functional import lazy
from django.utils.translation import gettext as _

from .errors import FieldErrors, RuleViolation

# Sniffed kinds each extension may carry. OOXML and OpenDocument files are ZIP archives
# that filetype names by their first entries, which not every writer puts first; a plain
# "zip" answer is accepted for them.
_OLE = frozenset({"doc", "xls", "ppt", "ole"})
_OFFICE_ZIPS = frozenset({"docx", "xlsx", "pptx", "odt", "ods", "odp"})
BINARY_TYPES: dict[str, frozenset[str]] = {
    "pdf": frozenset({"pdf"}),
    "png": frozenset({"png"}),
    "jpg": frozenset({"jpg"}),
    "jpeg": frozenset({"jpg"}),
    "gif": frozenset({"gif"}),
    "webp": frozenset({"webp"}),
    **{extension: frozenset({extension, "zip"}) for extension in _OFFICE_ZIPS},
    "doc": _OLE,
    "xls": _OLE,
    "ppt": _OLE,
    "zip": _OFFICE_ZIPS | {"zip"},
}
# Text has no magic number: accepted when it decodes as UTF-8 and holds no NUL.
TEXT_TYPES = frozenset({"txt", "csv", "md"})
ACCEPTED_EXTENSIONS = tuple(sorted({*BINARY_TYPES, *TEXT_TYPES}))

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SNIFF_BYTES = 8192
# A text file that starts like this is a page or a drawing a browser would render.
_MARKUP_STARTS = (b"<!doctype", b"<html", b"<head", b"<body", b"<script", b"<svg", b"<?xml")


def max_upload_bytes() -> int:
    return settings.CROSSDESK_MAX_UPLOAD_BYTES


def _upload_help() -> str:
    return _(
        "PDF, images, office documents, ZIP or plain text (.txt, .csv, .md); at most %(limit)d MB."
    ) % {"limit": max_upload_bytes() // (1024 * 1024)}


# For the file inputs of forms and serializers: what the services will take.
UPLOAD_HELP = lazy(_upload_help, str)()
UPLOAD_ACCEPT = ",".join(f".{extension}" for extension in ACCEPTED_EXTENSIONS)


def _extension(name: str) -> str:
    return PurePosixPath(name or "").suffix.lower().lstrip(".")


def _sniffed_kind(head: bytes) -> str | None:
    if head.startswith(_OLE_MAGIC):
        return "ole"
    return filetype.guess_extension(head)


def _text_problem(upload, name: str) -> str | None:
    decoder = codecs.getincrementaldecoder("utf-8")()
    start = b""
    try:
        for chunk in upload.chunks():
            text = decoder.decode(chunk)
            if "\x00" in text:
                raise ValueError("NUL")
            start += chunk[: max(0, 512 - len(start))]
        decoder.decode(b"", final=True)
    except ValueError:  # UnicodeDecodeError is one
        return _("“%(name)s” is not plain text in UTF-8.") % {"name": name}
    if start.lstrip(b"\xef\xbb\xbf \t\r\n").lower().startswith(_MARKUP_STARTS):
        return _(
            "“%(name)s” holds a web page or markup, which cannot be uploaded; save it as PDF."
        ) % {"name": name}
    return None


def _mismatch(name: str, extension: str) -> str:
    return _("“%(name)s” is not a .%(extension)s file: its content says otherwise.") % {
        "name": name,
        "extension": extension,
    }


def upload_problem(upload) -> str | None:
    """Why `upload` (a Django UploadedFile) may not be stored, or None when it may."""
    name = PurePosixPath(upload.name or "").name
    if not upload.size:
        return _("The file is empty.")
    if upload.size > max_upload_bytes():
        return _("The file is larger than %(limit)d MB.") % {
            "limit": max_upload_bytes() // (1024 * 1024)
        }
    extension = _extension(name)
    if extension not in BINARY_TYPES and extension not in TEXT_TYPES:
        return _("“%(name)s” is not a file type that can be uploaded. Accepted: %(types)s.") % {
            "name": name,
            "types": ", ".join(ACCEPTED_EXTENSIONS),
        }
    upload.seek(0)
    kind = _sniffed_kind(upload.read(_SNIFF_BYTES))
    upload.seek(0)
    if extension in TEXT_TYPES:
        problem = _mismatch(name, extension) if kind else _text_problem(upload, name)
        upload.seek(0)
        return problem
    if kind not in BINARY_TYPES[extension]:
        return _mismatch(name, extension)
    return None


def upload_check(upload, *, field: str, errors: FieldErrors) -> None:
    """The one check a service runs on every upload before storing it."""
    problem = upload_problem(upload)
    if problem:
        errors.add(field, problem)


class StorageUnavailable(RuleViolation):
    """The media folder cannot be written: the action is refused, nothing half-done."""

    status_code = 503
    default_code = "storage_unavailable"


def stored_file_save(field_file, name: str, content, *, field: str | None = None) -> None:
    """Store `content` in a model's FileField (not saving the model); a media folder that
    cannot be written refuses the action instead of failing it with a server error."""
    try:
        field_file.save(PurePosixPath(name).name, content, save=False)
    except OSError as error:
        raise StorageUnavailable(
            _(
                "The file could not be stored: the server's file folder cannot be written. "
                "Please tell your administrator."
            ),
            field=field,
        ) from error


def stored_file_delete_on_commit(storage, name: str) -> None:
    """Delete a file the database no longer names, once that is committed: a rollback
    keeps it, since the row still points at it then."""
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def media_folder_state() -> str:
    """`ok` when files can be written to MEDIA_ROOT (created as storage would), else why
    not. Writes a probe: permission bits say nothing when the app runs as root."""
    folder = Path(settings.MEDIA_ROOT)
    try:
        os.makedirs(folder, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".healthz-"):
            pass
    except OSError as error:
        return f"error: not writable ({type(error).__name__})"
    return "ok"
