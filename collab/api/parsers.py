"""The API's JSON parser, with a limit on nesting.

Python's json module recurses once per level: a body nested a few thousand deep ends in a
RecursionError, a 500. No request of this API nests deeper than a few levels.
"""

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

MAX_DEPTH = 32


def nesting_depth(data) -> int:
    """How deep lists and objects nest in `data`, walked without recursion."""
    deepest, pending = 0, [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        deepest = max(deepest, depth)
        if deepest > MAX_DEPTH:
            break
        pending.extend((child, depth + 1) for child in children)
    return deepest


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            data = None
        else:
            if nesting_depth(data) <= MAX_DEPTH:
                return data
        raise ParseError(
            _("The JSON is nested more than %(limit)d levels deep.") % {"limit": MAX_DEPTH}
        )
