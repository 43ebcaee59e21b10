"""A task card's documents: the card as a printable form, the retrospective report
(协同复盘报告) and the card's archive (ZIP).

Pure renderers: a card in, bytes out. The one exception is card_archive(), which asks
collab's generated-document service for the signed goal-letter PDFs (the service stores
what it renders). The goal confirmation letter itself is a signable document
(tasks.signables) and renders through collab.documents.
"""

from __future__ import annotations

import base64
import hashlib
import io
import threading
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.db.models import prefetch_related_objects
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from collab import services as collab_services
from collab.documents import formatted_code, render_unsigned_pdf
from collab.models import SignatureRequest

from . import selectors
from .models import AcceptanceSubmission, Card, CardDepartment
from .reports import Outcome, retrospective_figures

# The language of the documents the company files (the retrospective report, the archive).
DOCUMENT_LANGUAGE = "zh-hans"
CARD_TITLE = gettext_lazy("Task card")
RETROSPECTIVE_TITLE = gettext_lazy("Retrospective report")
# Chart text stays text in the SVG; WeasyPrint draws it with the same CJK font as the page.
CHART_FONTS = ["Noto Sans CJK SC", "DejaVu Sans"]
OUTCOME_COLOURS = {
    Outcome.ON_TIME: "#166534",
    Outcome.WITH_NOTICE: "#b45309",
    Outcome.LATE: "#b91c1c",
    Outcome.OPEN: "#6b7280",
}
ARCHIVED_LETTER_STATUSES = (
    SignatureRequest.Status.APPROVED,
    SignatureRequest.Status.REJECTED,
    SignatureRequest.Status.PENDING,
)


# --- reads shared by the documents ----------------------------------------------------


def _with_people(card: Card) -> None:
    """Load the card's people and departments in one go (skipped where already loaded)."""
    prefetch_related_objects(
        [card],
        "initiating_department",
        "initiator",
        "lead",
        "tracker",
        "acceptance_user",
        "acceptance_department",
    )


# --- the task card ---------------------------------------------------------------------


def card_pdf(card: Card, *, language: str) -> bytes:
    """The card as a printable form, as it stands now: what was agreed, the action items,
    risks, each department's latest progress and the goal letter's signing state."""
    with translation.override(language), timezone.override(settings.TIME_ZONE):
        _with_people(card)
        participations = selectors.card_participations(card)
        letters = selectors.goal_letter_requests(card)
        context = {
            "card": card,
            "participations": participations,
            "milestones": list(card.milestones.order_by("due_date", "pk")),
            "items": selectors.card_action_items(card),
            "risks": selectors.card_risks(card),
            "latest_progress": selectors.latest_progress(card, participations),
            "goal_letters": [
                {
                    "request": letter,
                    "signed": letter.signed_count,
                    "places": letter.place_count,
                    "code": formatted_code(letter.verification_code),
                }
                for letter in letters
            ],
        }
        return render_unsigned_pdf(
            template="documents/card.html",
            context=context,
            title=CARD_TITLE,
            code=card.code,
            # The card's content version is the latest goal letter's.
            version=letters[-1].version if letters else "",
            language=language,
        )


# --- the retrospective report ------------------------------------------------------------


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

    return _svg_chart(draw, size=(6.3, 2.0))


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

    return _svg_chart(draw, size=(6.3, 0.9 + 0.4 * len(rows)))


def retrospective_report_pdf(card: Card, *, language: str = DOCUMENT_LANGUAGE) -> bytes:
    """The retrospective report: planned against actual, how items, delay notices, risks and
    confirmations went (with charts), and the lead's retrospective. In the company's
    document language, with the title in the other language beneath."""
    with translation.override(language), timezone.override(settings.TIME_ZONE):
        _with_people(card)
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
            template="documents/retrospective_report.html",
            context=context,
            title=RETROSPECTIVE_TITLE,
            code=card.code,
            language=language,
        )


# --- the archive -------------------------------------------------------------------------


@dataclass(frozen=True)
class ArchiveEntry:
    """One file of a card's archive. `name` is its path in the ZIP ("folder/file.pdf");
    `content` None means the file is on record but missing from storage."""

    name: str
    description: str
    content: bytes | None


ArchiveProvider = Callable[[Card], Iterable[ArchiveEntry]]

# What other apps keep about a card (a meeting's minutes, a feedback form) joins the
# archive through a provider they register here, from their AppConfig.ready():
# tasks never imports them.
ARCHIVE_PROVIDERS: list[ArchiveProvider] = []


def register_archive_provider(provider: ArchiveProvider) -> ArchiveProvider:
    if provider not in ARCHIVE_PROVIDERS:
        ARCHIVE_PROVIDERS.append(provider)
    return provider


def _read(field_file) -> bytes | None:
    try:
        with field_file.open("rb") as stored:
            return stored.read()
    except OSError:  # FileNotFoundError, or storage that cannot be reached
        return None


def _goal_letter_entries(card: Card) -> Iterable[ArchiveEntry]:
    """Every decided or pending version of the goal letter, as the stored signed PDF."""
    for request in selectors.goal_letter_requests(card, statuses=ARCHIVED_LETTER_STATUSES):
        generated = collab_services.generated_document_get_or_render(
            request=request, language=DOCUMENT_LANGUAGE
        )
        yield ArchiveEntry(
            name=f"goal-letter/{card.code}-goal-letter-v{request.version}-{request.status}.pdf",
            description=_("Goal confirmation letter, version %(version)s: %(status)s")
            % {"version": request.version, "status": request.get_status_display()},
            content=_read(generated.file),
        )


def _retrospective_entry(card: Card) -> Iterable[ArchiveEntry]:
    stored = _read(card.retrospective_pdf) if card.retrospective_pdf else None
    if card.status == Card.Status.CLOSED:
        description = _("Retrospective report")
    else:
        description = _("Retrospective report, interim: the card is not closed")
    yield ArchiveEntry(
        name=f"{card.code}-retrospective-report.pdf",
        description=description,
        content=stored if stored is not None else retrospective_report_pdf(card),
    )


def _card_entry(card: Card) -> Iterable[ArchiveEntry]:
    yield ArchiveEntry(
        name=f"{card.code}-card.pdf",
        description=_("Task card as of %(date)s") % {"date": timezone.localdate().isoformat()},
        content=card_pdf(card, language=DOCUMENT_LANGUAGE),
    )


def _item_output_entries(card: Card) -> Iterable[ArchiveEntry]:
    for item in selectors.card_action_items(card):
        if not item.output_file:
            continue
        yield ArchiveEntry(
            name=f"action-items/{item.pk}-{PurePosixPath(item.output_file.name).name}",
            description=_("Output of action item “%(title)s” (%(owner)s, %(department)s)")
            % {"title": item.title, "owner": item.owner.name, "department": item.department},
            content=_read(item.output_file),
        )


BUILT_IN_PROVIDERS: list[ArchiveProvider] = [
    _goal_letter_entries,
    _retrospective_entry,
    _card_entry,
    _item_output_entries,
]


def _safe_name(name: str, taken: set[str]) -> str:
    """A relative path without "..", unique within the archive."""
    parts = [part for part in name.replace("\\", "/").split("/") if part not in ("", ".", "..")]
    clean = "/".join(parts) or "file"
    candidate, number = clean, 1
    while candidate in taken:
        number += 1
        path = PurePosixPath(clean)
        candidate = str(path.with_name(f"{path.stem}-{number}{path.suffix}"))
    taken.add(candidate)
    return candidate


def card_archive(card: Card) -> bytes:
    """A ZIP of everything on file for the card: each version of the goal letter, the
    retrospective report, the card itself, the action items' output files, what other
    apps register, and an index.html that says what each file is."""
    with translation.override(DOCUMENT_LANGUAGE), timezone.override(settings.TIME_ZONE):
        _with_people(card)
        taken = {"index.html"}
        present, missing = [], []
        for provider in [*BUILT_IN_PROVIDERS, *ARCHIVE_PROVIDERS]:
            for entry in provider(card):
                if entry.content is None:
                    missing.append(f"{entry.name}: {entry.description}")
                    continue
                present.append(
                    {
                        "name": _safe_name(entry.name, taken),
                        "description": entry.description,
                        "content": entry.content,
                        "size": len(entry.content),
                        "sha256": hashlib.sha256(entry.content).hexdigest(),
                    }
                )
        now = timezone.localtime()
        index = render_to_string(
            "documents/archive_index.html",
            {
                "card": card,
                "company_name": settings.COMPANY_NAME,
                "generated_at": now,
                "entries": present,
                "missing": missing,
            },
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in [
            ("index.html", index.encode()),
            *((entry["name"], entry["content"]) for entry in present),
        ]:
            # ZIP keeps local wall-clock times: the company's.
            info = zipfile.ZipInfo(name, date_time=now.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    return buffer.getvalue()
