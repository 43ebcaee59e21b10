"""Overviews for heads and executives: how their departments' cards and action items are doing.

`health` holds the rules (health of cards and items, red flags), `departments` the reads the
home page, the department overview page and the API share.
"""

from .departments import (
    DepartmentFigures,
    DepartmentOverview,
    PersonDues,
    department_figures,
    department_get_for_overview,
    department_overview,
)
from .health import Flag, FlagCount, Health, card_flags, card_health, item_health, with_flags
from .risk_report import RiskReport, month_parse, risk_report, risk_report_for_user

__all__ = [
    "DepartmentFigures",
    "DepartmentOverview",
    "Flag",
    "FlagCount",
    "Health",
    "PersonDues",
    "RiskReport",
    "card_flags",
    "card_health",
    "department_figures",
    "department_get_for_overview",
    "department_overview",
    "item_health",
    "month_parse",
    "risk_report",
    "risk_report_for_user",
    "with_flags",
]
