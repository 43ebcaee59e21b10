"""Numbers in documents, written the same way in every language and whatever the locale
settings of the pages: amounts grouped by thousands with two decimals (120,000.00)."""

from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()


@register.filter
def amount(value, places: int = 2) -> str:
    """120000 -> "120,000.00". Django's own grouping follows the active language's
    NUMBER_GROUPING, which Simplified Chinese leaves at none: documents group explicitly."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    return f"{number:,.{int(places)}f}"
