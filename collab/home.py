"""Sections that domain apps add to the "My work" page, without collab importing them.

A domain app registers a function `section(request) -> (template_name, context) | None`
from its AppConfig.ready(); the home page renders each in registration order.
"""

from collections.abc import Callable

_sections: list[Callable] = []


def register_section(section: Callable) -> Callable:
    if section not in _sections:
        _sections.append(section)
    return section


def sections_for(request) -> list[tuple[str, dict]]:
    rendered = []
    for section in _sections:
        result = section(request)
        if result is not None:
            rendered.append(result)
    return rendered
