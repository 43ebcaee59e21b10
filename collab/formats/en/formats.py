"""English as the company writes it: day before month, 24-hour clock, grouped thousands.

Django's own "en" formats are American (11/27/2026 5 p.m.), which misreads in a
company whose other language writes year-month-day. Anything not set here falls
back to Django's English formats.
"""

DATE_FORMAT = "j M Y"  # 27 Nov 2026
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"  # 27 Nov 2026, 17:30
SHORT_DATETIME_FORMAT = "j M Y H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j F"
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3  # 120,000.00
