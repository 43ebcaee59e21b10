"""The shared layout pieces: {% tablescroll %} and its use by every data table."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template, TemplateSyntaxError

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def test_tablescroll_wraps_a_table_in_a_labelled_focusable_region():
    html = Template(
        "{% load layout %}{% tablescroll label %}<table><tr><td>{{ cell }}</td></tr></table>"
        "{% endtablescroll %}"
    ).render(Context({"label": "Cards & items", "cell": "<b>x</b>"}))

    assert re.search(
        r'<div class="table-scroll__frame" role="region" aria-label="Cards &amp; items" '
        r'tabindex="0"><table>',
        html,
    )
    assert "&lt;b&gt;x&lt;/b&gt;" in html  # the table's content stays escaped
    assert "Swipe sideways to see every column" in html


def test_tablescroll_needs_a_label():
    with pytest.raises(TemplateSyntaxError):
        Template("{% load layout %}{% tablescroll %}<table></table>{% endtablescroll %}")


def page_templates():
    return [
        path
        for path in TEMPLATES.rglob("*.html")
        if not {"documents", "notifications"} & set(path.relative_to(TEMPLATES).parts)
    ]


@pytest.mark.parametrize("path", page_templates(), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_every_page_table_scrolls_in_its_own_region(path):
    """Phones: a table wider than the screen must scroll inside a focusable, labelled region
    rather than stretch the page (PDF templates under documents/ are laid out for paper,
    emails under notifications/ for mail readers, which run no page script or style)."""
    text = path.read_text()
    depth = 0
    for token in re.findall(r"\{% (?:end)?tablescroll\b|<table\b", text):
        if token == "{% tablescroll":
            depth += 1
        elif token == "{% endtablescroll":
            depth -= 1
        else:
            assert depth > 0, f"wrap the table in {{% tablescroll %}}: {path.name}"
