"""Published and formalised minutes, built through the services as users would."""

import datetime as dt
import io
import subprocess

from django.utils import timezone
from pypdf import PdfReader

from meetings import services
from tests.meetings import builders


def with_action_items(org, meeting):
    """Two items from the minutes: Finance's head books the budget, Technology's member
    builds the landing page."""
    due = timezone.localdate() + dt.timedelta(days=14)
    rows = [
        (org.fin_head, org.finance, "Book the launch budget", "Budget sheet", "high"),
        (org.tec_member, org.technology, "Build the landing page", "Live page", "medium"),
    ]
    items = []
    for owner, department, title, deliverable, priority in rows:
        link, _warnings = services.minutes_item_add(
            meeting=meeting,
            by=meeting.recorder,
            values={
                "title": title,
                "owner": owner,
                "department": department,
                "deliverable": deliverable,
                "due_date": due,
                "priority": priority,
            },
        )
        items.append(link.action_item)
    return items


def with_executives(org):
    """Finance and Technology get an overseeing executive of their own (Marketing's is
    Morgan Taylor)."""
    from tests.factories import UserFactory

    org.fin_exec = UserFactory(username="fin.exec", display_name="Fiona Exec")
    org.tec_exec = UserFactory(username="tec.exec", display_name="陈总")
    org.finance.executive, org.technology.executive = org.fin_exec, org.tec_exec
    org.finance.save(update_fields=["executive"])
    org.technology.save(update_fields=["executive"])
    return org


def minutes_ready(org, **kwargs):
    """A recorded meeting (Marketing, Finance, Technology) with two action items."""
    meeting = builders.recorded_meeting(org, **kwargs)
    with_action_items(org, meeting)
    return meeting


def published_meeting(org, **kwargs):
    meeting = minutes_ready(org, **kwargs)
    services.minutes_publish(meeting=meeting, by=org.tracker)
    return meeting


def pdf_text(pdf: bytes) -> str:
    """The PDF's text (pypdf), white space removed so wrapped cells read whole."""
    text = "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)
    return "".join(text.split())


def has(text: str, phrase: str) -> bool:
    return "".join(phrase.split()) in text


def cjk_fonts_embedded(pdf: bytes, tmp_path) -> bool:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    cjk = [line for line in fonts.stdout.splitlines() if "CJK" in line]
    return bool(cjk) and all(" yes " in line.split("Identity-H", 1)[1] for line in cjk)
