"""Simplified Chinese: Django's dates (2026年11月27日), amounts grouped as in finance.

Django leaves Chinese numbers ungrouped; business documents in China group amounts
by thousands with commas (120,000.00), so pages do too. Anything not set here
falls back to Django's zh_Hans formats.
"""

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
