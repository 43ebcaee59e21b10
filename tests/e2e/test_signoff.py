"""A department head signs in the browser, with password confirmation, and downloads the PDF."""

import subprocess

import pytest
from playwright.sync_api import Page, expect

from collab import services
from collab.models import Signature
from tests.factories import PASSWORD, DepartmentFactory, UserFactory
from tests.signoff_app.models import Memo

from .test_shell import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "bypass_csp": True, "accept_downloads": True}


@pytest.fixture
def request_to_sign(db):
    head = UserFactory(username="fin.head", display_name="吴婷", language="zh-hans")
    finance = DepartmentFactory(code="FIN", name_en="Finance", name_zh="财务部", head=head)
    author = UserFactory(username="author", display_name="Author", department=finance)
    memo = Memo.objects.create(
        title="年度预算协同", body="各部门确认 2027 年度预算。", department=finance, author=author
    )
    return services.signature_request_open(
        document=memo, document_type="test_memo", requested_by=author
    )


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main button[type=submit]").click()


def test_head_signs_with_password_and_downloads_the_pdf(
    page: Page, live_server, request_to_sign, tmp_path
):
    log_in(page, live_server, "fin.head")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="签批").click()
    expect(page.get_by_role("heading", name="等待您签批")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="协同备忘录").click()

    # The document reads as the PDF will: title, body, the open place for the head.
    expect(page.get_by_role("heading", name="年度预算协同")).to_be_visible()
    expect(page.get_by_text("财务部负责人")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("批准").check()
    page.get_by_label("您的密码").fill("not my password")
    page.get_by_role("button", name="签署").click()
    # Shown twice, GOV.UK style: in the error summary at the top and at the field.
    expect(page.locator("[data-error-summary]")).to_contain_text("密码不正确")
    expect(page.get_by_text("密码不正确").last).to_be_visible()
    assert not Signature.objects.exists()

    page.get_by_label("批准").check()
    page.get_by_label("您的密码").fill(PASSWORD)
    page.get_by_role("button", name="签署").click()
    expect(page.get_by_role("status").first).to_contain_text("您的决定已记录")
    expect(page.get_by_text("已批准").first).to_be_visible()
    assert Signature.objects.get().signer.username == "fin.head"

    with page.expect_download() as download_info:
        page.get_by_role("link", name="下载 PDF").click()
    path = tmp_path / "letter.pdf"
    download_info.value.save_as(path)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "协同备忘录" in text and "吴婷" in text and "已批准" in text

    # Anyone can check the printed code, without logging in.
    code = request_to_sign.verification_code
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/verify/{code}/")
    expect(page.get_by_test_id("verification-result")).to_contain_text("Valid")
    assert_accessible(page)
