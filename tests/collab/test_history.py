"""History entries: who changed which field from what to what, in the reader's language."""

import datetime as dt

import pytest
import time_machine
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import override

from collab import services
from collab.history import FieldChange, history_entries, history_user
from collab.models import CalendarOverride, Department
from tests.factories import DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(db):
    return UserFactory(username="editor", display_name="Editor")


@pytest.fixture
def sophia(db):
    return UserFactory(username="sophia", display_name="Sophia Hughes")


@pytest.fixture
def morgan(db):
    return UserFactory(username="morgan", display_name="Morgan Taylor")


@pytest.fixture
def finance(editor, sophia):
    with history_user(editor):
        return DepartmentFactory(code="FIN", name_en="Finance", name_zh="财务部", head=sophia)


def page_text(html: str) -> str:
    return " ".join(strip_tags(html).split())


def test_a_change_names_the_actor_the_fields_and_both_values(finance, editor, morgan):
    with history_user(editor):
        finance.head = morgan
        finance.name_en = "Finance and Accounts"
        finance.save()

    latest = history_entries(finance)[0]

    assert latest.who == "Editor"
    assert (latest.kind, latest.kind_label) == ("changed", "Changed")
    assert latest.changes == (
        FieldChange("name_en", "Name (English)", "Finance", "Finance and Accounts"),
        FieldChange("head", "Head", "Sophia Hughes", "Morgan Taylor"),
    )


def test_creation_lists_the_non_empty_initial_values(finance):
    [created] = history_entries(finance)

    assert (created.kind, created.kind_label, created.who) == ("created", "Created", "Editor")
    assert created.changes == (
        FieldChange("code", "Code", "", "FIN"),
        FieldChange("name_en", "Name (English)", "", "Finance"),
        FieldChange("name_zh", "Name (Chinese)", "", "财务部"),
        FieldChange("head", "Head", "", "Sophia Hughes"),
        FieldChange("is_active", "Active", "", "Yes"),
    )


def test_entries_come_newest_first_and_stop_at_the_limit(finance, editor):
    with history_user(editor):
        for number in range(1, 6):
            finance.name_en = f"Finance {number}"
            finance.save()

    entries = history_entries(finance, limit=3)

    assert [(entry.changes[0].old, entry.changes[0].new) for entry in entries] == [
        ("Finance 4", "Finance 5"),
        ("Finance 3", "Finance 4"),
        # The record past the limit is read only as the baseline of the oldest shown.
        ("Finance 2", "Finance 3"),
    ]
    assert [entry.kind for entry in history_entries(finance)] == ["changed"] * 5 + ["created"]


def test_a_choice_shows_its_label_and_a_foreign_key_its_name(finance, editor):
    lina = UserFactory(username="lina", display_name="Li Na")
    with history_user(editor):
        services.user_set_language(user=lina, language="zh-hans")
        lina.department = finance
        lina.save(update_fields=["department"])

    department_change, language_change, created = history_entries(lina)

    assert department_change.changes == (FieldChange("department", "Department", "—", "Finance"),)
    assert language_change.changes == (
        FieldChange("language", "Preferred language", "English", "Simplified Chinese"),
    )
    assert (created.kind, created.who) == ("created", "")


def test_password_and_last_login_changes_are_left_out(editor):
    lina = UserFactory(username="lina", display_name="Li Na")
    with history_user(editor):
        lina.set_password("another-horse-battery")
        lina.last_login = timezone.now()
        lina.save()

    entries = history_entries(lina)

    # The factory's own password save is left out too.
    assert [entry.kind for entry in entries] == ["created"]
    assert not {"password", "last_login"} & {change.field for change in entries[0].changes}


def test_excluded_fields_are_not_shown_and_entries_of_only_those_are_left_out(finance, editor):
    with history_user(editor):
        finance.name_zh = "财务与会计部"
        finance.save()
        finance.name_en = "Finance and Accounts"
        finance.is_active = False
        finance.save()

    latest, created = history_entries(finance, exclude=["name_zh"])

    assert latest.changes == (
        FieldChange("name_en", "Name (English)", "Finance", "Finance and Accounts"),
        FieldChange("is_active", "Active", "Yes", "No"),
    )
    assert "name_zh" not in {change.field for change in created.changes}


def test_contacts_show_the_people_before_and_after(finance, editor, morgan):
    wu = UserFactory(username="wu", display_name="吴婷")
    with history_user(editor):
        finance.contacts.add(morgan, wu)
        finance.contacts.remove(morgan)

    removed, added, _created = history_entries(finance)

    assert added.changes == (FieldChange("contacts", "Contacts", "—", "Morgan Taylor, 吴婷"),)
    assert removed.changes == (FieldChange("contacts", "Contacts", "Morgan Taylor, 吴婷", "吴婷"),)


def test_a_related_object_deleted_since_is_named_as_deleted(finance, editor, sophia):
    interim = UserFactory(username="interim", display_name="Interim")
    with history_user(editor):
        finance.head = interim
        finance.save()
        finance.head = sophia
        finance.save()
    interim_pk = interim.pk
    interim.delete()

    latest = history_entries(finance)[0]

    assert latest.changes == (
        FieldChange("head", "Head", f"Deleted user (pk={interim_pk})", "Sophia Hughes"),
    )


def test_dates_and_choices_read_in_the_active_language(editor):
    with history_user(editor):
        day = CalendarOverride.objects.create(date=dt.date(2027, 5, 1), kind="off")
        day.date = dt.date(2027, 5, 2)
        day.kind = CalendarOverride.Kind.WORKING_DAY
        day.save()

    assert history_entries(day)[0].changes == (
        FieldChange("date", "Date", "1 May 2027", "2 May 2027"),
        FieldChange("kind", "Kind", "day off", "working day"),
    )
    with override("zh-hans"):
        assert history_entries(day)[0].changes == (
            FieldChange("date", "日期", "2027年5月1日", "2027年5月2日"),
            FieldChange("kind", "类型", "休息日", "工作日"),
        )


@time_machine.travel(dt.datetime(2027, 3, 5, 2, 30, tzinfo=dt.UTC), tick=False)
def test_a_moment_reads_in_the_active_time_zone(finance, sophia, morgan):
    delegation = services.delegation_create(
        delegator=sophia,
        deputy=morgan,
        starts_on=dt.date(2027, 3, 5),
        ends_on=dt.date(2027, 3, 9),
    )
    services.delegation_revoke(delegation=delegation, by=sophia)

    revoked = history_entries(delegation)[0]

    assert revoked.who == "Sophia Hughes"
    # Asia/Shanghai, the default time zone, is eight hours ahead of UTC.
    assert revoked.changes == (FieldChange("revoked_at", "Revoked at", "—", "5 Mar 2027, 10:30"),)
    with timezone.override("Europe/London"):
        assert history_entries(delegation)[0].changes[0].new == "5 Mar 2027, 02:30"


def test_long_text_is_cut_with_an_ellipsis(editor):
    with history_user(editor):
        day = CalendarOverride.objects.create(date=dt.date(2027, 5, 1), kind="off")
        day.note = "Make-up working day\nfor the May holiday. " * 4
        day.save()

    [note] = history_entries(day)[0].changes

    assert note.old == "—"
    assert len(note.new) == 120
    assert note.new.startswith("Make-up working day for the May holiday. Make-up")
    assert note.new.endswith("…")


def test_a_deleted_object_reads_its_history_from_a_stand_in(finance, editor):
    pk = finance.pk
    with history_user(editor):
        finance.delete()

    deleted, _created = history_entries(Department(pk=pk))

    assert (deleted.kind, deleted.kind_label, deleted.who) == ("deleted", "Deleted", "Editor")
    assert deleted.changes == ()


def test_labels_and_values_in_chinese(finance, editor, morgan):
    lina = UserFactory(username="lina", display_name="Li Na")
    with history_user(editor):
        finance.head = morgan
        finance.save()
        lina.department = finance
        lina.save(update_fields=["department"])

    with override("zh-hans"):
        head_change, created = history_entries(finance)
        department_change = history_entries(lina)[0]

    assert head_change.changes == (
        FieldChange("head", "部门负责人", "Sophia Hughes", "Morgan Taylor"),
    )
    assert created.kind_label == "已创建"
    assert [(change.label, change.new) for change in created.changes] == [
        ("编码", "FIN"),
        ("名称（英文）", "Finance"),
        ("名称（中文）", "财务部"),
        ("部门负责人", "Sophia Hughes"),
        ("启用", "是"),
    ]
    # The department is named as a Chinese reader knows it.
    assert department_change.changes == (FieldChange("department", "部门", "—", "财务部"),)


@pytest.mark.parametrize("rounds", [5, 60])
def test_reading_history_takes_the_same_queries_however_long_it_is(
    rounds, finance, editor, sophia, morgan, django_assert_max_num_queries
):
    audit = DepartmentFactory(code="AUD", name_en="Audit", name_zh="审计部")
    with history_user(editor):
        for number in range(rounds):
            finance.head = morgan if number % 2 == 0 else sophia
            finance.parent = audit if number % 2 == 0 else None
            finance.save()
            if number % 2 == 0:
                finance.contacts.add(morgan)
            else:
                finance.contacts.remove(morgan)

    # The records with their users, the contacts rows, the users named, the departments.
    with django_assert_max_num_queries(4):
        entries = history_entries(finance)

    assert len(entries) == min(100, 2 * rounds + 1)
    shown = {
        value for entry in entries for change in entry.changes for value in (change.old, change.new)
    }
    assert {"Morgan Taylor", "Sophia Hughes", "Audit"} <= shown
    assert shown <= {
        "",
        "—",
        "Morgan Taylor",
        "Sophia Hughes",
        "Audit",
        "FIN",
        "Finance",
        "财务部",
        "Yes",
    }


def test_partial_renders_each_change_with_an_arrow_for_the_eye_and_words_for_the_ear(
    finance, editor, morgan
):
    with history_user(editor):
        finance.head = morgan
        finance.save()

    html = render_to_string("collab/_history.html", {"entries": history_entries(finance)})
    text = page_text(html)

    assert '<caption class="visually-hidden">History</caption>' in html
    assert '<th scope="col">What changed</th>' in html
    assert "Editor Head: Sophia Hughes → changed to Morgan Taylor" in text
    assert '<span aria-hidden="true">→</span>' in html
    assert "Created Code: FIN Name (English): Finance" in text
    assert "No changes recorded yet." not in text


def test_partial_says_so_when_there_is_no_history():
    text = page_text(render_to_string("collab/_history.html", {"entries": []}))

    assert "No changes recorded yet." in text
