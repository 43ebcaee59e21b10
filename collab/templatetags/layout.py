"""Layout helpers shared by every page.

``{% tablescroll label %}<table>…</table>{% endtablescroll %}`` is the one way a
data table is shown: in a keyboard-focusable, labelled region that scrolls sideways
on narrow screens, with a visible hint when the table is wider than the screen.
"""

from django import template
from django.template.loader import render_to_string

register = template.Library()


class TableScrollNode(template.Node):
    def __init__(self, nodelist, label):
        self.nodelist = nodelist
        self.label = label

    def render(self, context):
        return render_to_string(
            "includes/table_scroll.html",
            {"table": self.nodelist.render(context), "label": self.label.resolve(context)},
        )


@register.tag
def tablescroll(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% tablescroll %} takes one argument: the label.")
    nodelist = parser.parse(("endtablescroll",))
    parser.delete_first_token()
    return TableScrollNode(nodelist, parser.compile_filter(bits[1]))
