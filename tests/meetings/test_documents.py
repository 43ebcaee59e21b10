"""The minutes PDF follows the process document's template field for field, in English
and Chinese, from the snapshot frozen when the minutes are published."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from meetings import services
from meetings.documents import minutes_pdf, minutes_snapshot
from tests.meetings.documents_builders import cjk_fonts_embedded, has, minutes_ready, pdf_text

pytestmark = pytest.mark.django_db


def label(message: str, language: str) -> str:
    with translation.override(language):
        return translation.gettext(message)


def test_the_snapshot_holds_every_field_of_the_minutes_as_plain_json(org):
    meeting = minutes_ready(org)
    services.minutes_attachment_add(
        meeting=meeting,
        by=org.tracker,
        upload=SimpleUploadedFile("launch-plan.txt", b"Week 1: budget\n", "text/plain"),
    )
    snapshot = minutes_snapshot(meeting)
    assert snapshot["topic"] == "新品上市协调会" and snapshot["channel"] == "in_person"
    assert [d["en"] for d in snapshot["departments"]] == ["Marketing", "Finance", "Technology"]
    assert {p["name"] for p in snapshot["participants"]} == {
        "李娜",
        "Sophia Hughes",
        "吴婷",
        "赵强",
    }
    assert snapshot["absentees"] == [
        {
            "id": org.tec_contact.pk,
            "name": "Liam Foster",
            "department": {"id": org.technology.pk, "en": "Technology", "zh": "技术部"},
            "reason": "On leave",
            "written_opinion": "",
        }
    ]
    assert snapshot["host"]["name"] == "Emma Clark" and snapshot["recorder"]["name"] == "刘洋"
    assert [c["text"] for c in snapshot["conclusions"]] == [
        "Budget approved: 200,000.",
        "Launch on 1 Dec.",
    ]
    first, second = snapshot["action_items"]
    assert (first["number"], first["title"], first["owner"]["name"]) == (
        1,
        "Book the launch budget",
        "Sophia Hughes",
    )
    assert (second["department"]["zh"], second["deliverable"], second["priority"]) == (
        "技术部",
        "Live page",
        "medium",
    )
    assert snapshot["disagreements"][0]["decision_maker"]["name"] == "李娜"
    assert snapshot["follow_up_plan"] == "Check progress next Monday."
    assert snapshot["attachments"] == ["launch-plan.txt"]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_minutes_pdf_shows_every_field_of_the_template(org, language, tmp_path):
    meeting = minutes_ready(org)
    pdf = minutes_pdf(minutes_snapshot(meeting), language=language)
    text = pdf_text(pdf)
    department = "技术部" if language == "zh-hans" else "Technology"
    for phrase in (
        meeting.code,
        "新品上市协调会",  # topic
        "Emma Clark",  # host
        "刘洋",  # recorder
        "Liam Foster",  # absent …
        "On leave",  # … and why
        "Launch needs budget",  # background
        "Agree who does what",  # goal
        "Budget fits Q4.",  # Finance's viewpoint
        "Budget approved: 200,000.",  # conclusion 1
        "Who pays for ads?",  # disagreement
        "Book the launch budget",  # action item 1: what
        "Budget sheet",  # … its deliverable
        "Tom Tech",  # item 2's owner
        department,  # item 2's department
        "Check progress next Monday.",  # follow-up plan
        label("Meeting minutes", language),
        label("Participating departments", language),
        label("Follow-up plan", language),
        label("in person", language),  # form
    ):
        assert has(text, phrase), phrase
    assert cjk_fonts_embedded(pdf, tmp_path)


def test_the_chinese_pdf_uses_the_catalogues_chinese_for_known_labels(org):
    meeting = minutes_ready(org)
    text = pdf_text(minutes_pdf(minutes_snapshot(meeting), language="zh-hans"))
    # Labels the catalogue already translates (priority, form) show in Chinese.
    assert has(text, label("high", "zh-hans")) and label("high", "zh-hans") != "high"
    assert has(text, "财务部") and not has(text, "Finance")
