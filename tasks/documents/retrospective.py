"""The retrospective report (协同复盘报告): the card's facts, figures and charts (PDF)."""

from __future__ import annotations

import base64
import io
import threading
from collections.abc import Callable

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from collab.documents import render_unsigned_pdf

from ..models import AcceptanceSubmission, Card, CardDepartment
from ..reports import Outcome, retrospective_figures
from .common import (
    DOCUMENT_LANGUAGE,
    RETROSPECTIVE_TITLE,
    with_people,
)

# Chart text stays text in the SVG; WeasyPrint draws it with the same CJK font as the page.
CHART_FONTS = ["Noto Sans CJK SC", "DejaVu Sans"]
OUTCOME_COLOURS = {
    Outcome.ON_TIME: "#166534",
    Outcome.WITH_NOTICE: "#b45309",
    Outcome.LATE: "#b91c1c",
    Outcome.OPEN: "#6b7280",
}


def outcome_labels() -> dict[str, str]:
    return {
        Outcome.ON_TIME: _("On time"),
        Outcome.WITH_NOTICE: _("Delayed with notice"),
        Outcome.LATE: _("Late"),
        Outcome.OPEN: _("Still open"),
        Outcome.CANCELLED: _("Cancelled"),
    }


def _days_text(days: int) -> str:
    return ngettext("%(days)d day", "%(days)d days", days) % {"days": days}


def _difference(days: int | None, *, wording: str) -> str | None:
    """ "2 days late", "1 day early", "as planned"; wording "dates" or "duration"."""
    if days is None:
        return None
    if days == 0:
        return _("as planned")
    n = abs(days)
    if wording == "duration":
        if days > 0:
            text = ngettext("%(days)d day longer", "%(days)d days longer", n)
        else:
            text = ngettext("%(days)d day shorter", "%(days)d days shorter", n)
    elif days > 0:
        text = ngettext("%(days)d day late", "%(days)d days late", n)
    else:
        text = ngettext("%(days)d day early", "%(days)d days early", n)
    return text % {"days": n}


def _schedule_rows(schedule: dict) -> list[dict]:
    def day(value):
        return value.isoformat() if value else None

    planned_days, actual_days = schedule["planned_days"], schedule["actual_days"]
    return [
        {
            "label": _("Start"),
            "planned": day(schedule["planned_start"]),
            "actual": day(schedule["actual_start"]),
            "difference": _difference(schedule["start_delta_days"], wording="dates"),
        },
        {
            "label": _("End"),
            "planned": day(schedule["planned_end"]),
            "actual": day(schedule["actual_end"]),
            "difference": _difference(schedule["end_delta_days"], wording="dates"),
        },
        {
            "label": _("Duration"),
            "planned": _days_text(planned_days),
            "actual": _days_text(actual_days) if actual_days is not None else None,
            "difference": _difference(
                None if actual_days is None else actual_days - planned_days, wording="duration"
            ),
        },
    ]


def _item_figures(items: dict, labels: dict[str, str]) -> list[dict]:
    total = items["total"]
    figures = [{"key": "total", "label": _("Action items"), "value": total}]
    for outcome in (Outcome.ON_TIME, Outcome.WITH_NOTICE, Outcome.LATE, Outcome.OPEN):
        if outcome == Outcome.OPEN and not items[outcome]:
            continue
        share = round(100 * items[outcome] / total) if total else 0
        figures.append(
            {"key": outcome, "label": labels[outcome], "value": f"{items[outcome]} · {share}%"}
        )
    if items[Outcome.CANCELLED]:
        figures.append(
            {
                "key": Outcome.CANCELLED,
                "label": labels[Outcome.CANCELLED],
                "value": items[Outcome.CANCELLED],
            }
        )
    return figures


_chart_lock = threading.Lock()


def _svg_chart(draw: Callable, *, size: tuple[float, float]) -> str:
    """A chart drawn by `draw(axes)` as an SVG data URI, its text kept as text."""
    import matplotlib  # a slow import, only where charts are drawn
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    style = {
        "svg.fonttype": "none",
        "svg.hashsalt": "crossdesk",  # the same chart gives the same SVG
        "font.family": CHART_FONTS,
        "font.size": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }
    # rcParams are global to the process: one chart at a time.
    with _chart_lock, matplotlib.rc_context(style):
        figure = Figure(figsize=size)
        FigureCanvasAgg(figure)
        draw(figure.add_subplot())
        figure.tight_layout()
        svg = io.BytesIO()
        figure.savefig(svg, format="svg", metadata={"Date": None})
    return "data:image/svg+xml;base64," + base64.b64encode(svg.getvalue()).decode("ascii")


def items_chart(items: dict, labels: dict[str, str]) -> str | None:
    """Bars of action items on time, delayed with notice, late (and still open)."""
    if not items["total"]:
        return None
    outcomes = [Outcome.ON_TIME, Outcome.WITH_NOTICE, Outcome.LATE]
    if items[Outcome.OPEN]:
        outcomes.append(Outcome.OPEN)
    values = [items[outcome] for outcome in outcomes]
    y_label = _("Action items")

    def draw(axes):
        from matplotlib.ticker import MaxNLocator

        bars = axes.bar(
            [labels[outcome] for outcome in outcomes],
            values,
            color=[OUTCOME_COLOURS[outcome] for outcome in outcomes],
            width=0.55,
        )
        axes.bar_label(bars, padding=2)
        axes.set_ylabel(y_label)
        axes.set_ylim(0, max(values) * 1.2 + 0.5)
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))

    return _svg_chart(draw, size=(6.3, 1.7))


def confirmations_chart(confirmations: dict) -> str | None:
    """Horizontal bars: working days each department took to answer, against the limit."""
    rows = [row for row in confirmations["rows"] if row["working_days"] is not None]
    if not rows:
        return None
    limit = confirmations["limit_working_days"]
    names = [str(row["department"]) for row in rows]
    days = [row["working_days"] for row in rows]
    x_label = _("Working days")
    limit_label = _("limit")

    def draw(axes):
        from matplotlib.ticker import MaxNLocator

        bars = axes.barh(
            names,
            days,
            color=["#1e3a8a" if value <= limit else "#b91c1c" for value in days],
            height=0.5,
        )
        axes.invert_yaxis()
        axes.bar_label(bars, padding=3)
        axes.axvline(limit, color="#b45309", linestyle="--", linewidth=1, label=limit_label)
        axes.legend(loc="lower right", frameon=False)
        axes.set_xlabel(x_label)
        axes.set_xlim(0, max([*days, limit]) + 1)
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))

    return _svg_chart(draw, size=(6.3, 0.7 + 0.35 * len(rows)))


def retrospective_report_pdf(card: Card, *, language: str = DOCUMENT_LANGUAGE) -> bytes:
    """The retrospective report: planned against actual, how items, delay notices, risks and
    confirmations went (with charts), and the lead's retrospective. In the company's
    document language, with the title in the other language beneath."""
    with translation.override(language), timezone.override(settings.TIME_ZONE):
        with_people(card)
        figures = retrospective_figures(card)
        labels = outcome_labels()
        acceptance = (
            card.acceptances.filter(decision=AcceptanceSubmission.Decision.ACCEPTED)
            .select_related("decided_by")
            .order_by("-decided_at", "-pk")
            .first()
        )
        separator = "、" if language.startswith("zh") else ", "
        context = {
            "card": card,
            "figures": figures,
            "acceptance": acceptance,
            "participating_departments": separator.join(
                str(row["department"]) for row in figures["confirmations"]["rows"]
            ),
            "schedule_rows": _schedule_rows(figures["schedule"]),
            "item_figures": _item_figures(figures["items"], labels),
            "item_rows": [
                {**row, "label": labels[row["outcome"]]} for row in figures["items"]["rows"]
            ],
            "confirmation_rows": [
                {**row, "label": CardDepartment.Confirmation(row["confirmation"]).label}
                for row in figures["confirmations"]["rows"]
            ],
            "items_chart": items_chart(figures["items"], labels),
            "confirmations_chart": confirmations_chart(figures["confirmations"]),
        }
        return render_unsigned_pdf(
            template="tasks/documents/retrospective_report.html",
            context=context,
            title=RETROSPECTIVE_TITLE,
            code=card.code,
            language=language,
        )
