"""URL converters: an `id` is at most 18 digits, so every id in a URL fits a bigint and a
longer one is a plain 404 (not a database error)."""

from django.urls import register_converter
from django.urls.converters import IntConverter

ID_PATTERN = "[0-9]{1,18}"


class IdConverter(IntConverter):
    regex = ID_PATTERN


register_converter(IdConverter, "id")
