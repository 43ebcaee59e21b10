from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

from .factories import PASSWORD, DepartmentFactory, UserFactory

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# The suite runs on every core at once (pytest-xdist), so a page may take a few seconds
# longer to answer than alone: assertions wait up to 15 s instead of Playwright's 5 s.
expect.set_options(timeout=15_000)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium: Playwright must never download a browser of its own."""
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def user(db):
    return UserFactory(username="alice", display_name="Alice")


@pytest.fixture
def zh_user(db):
    return UserFactory(username="lina", display_name="李娜", language="zh-hans")


@pytest.fixture
def department(db):
    head = UserFactory(username="fin.head", display_name="Sophia Hughes")
    executive = UserFactory(username="exec", display_name="Morgan Taylor")
    department = DepartmentFactory(
        code="FIN", name_en="Finance", name_zh="财务部", head=head, executive=executive
    )
    department.contacts.add(UserFactory(username="fin.contact", display_name="吴婷"))
    UserFactory(username="fin.member", department=department)
    return department


@pytest.fixture
def logged_in_client(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def celery_eager():
    """Run queued jobs in-process, for unit tests of jobs that queue other jobs."""
    from collab.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SENDFILE_ROOT = str(settings.MEDIA_ROOT)  # downloads are served from there


@pytest.fixture
def org(db):
    """The demo company every test shares.

    Marketing (head 李娜, executive Morgan Taylor) initiates cards with Finance (head Sophia
    Hughes, contact 吴婷) and Technology (head 赵强, contact Liam Foster); Marketing's
    王芳 initiates, Emma Clark leads, 刘洋 tracks. Ada Acceptor (Finance) accepts
    deliverables, Tom Tech is a Technology member who owns items, Drew Drifter belongs
    to no department, James Ward (Legal) sees none of it, and root administers.
    """

    def person(username, name, department=None, language="en", **extra):
        return UserFactory(
            username=username,
            display_name=name,
            department=department,
            language=language,
            **extra,
        )

    executive = person("exec", "Morgan Taylor")
    marketing = DepartmentFactory(
        code="MKT", name_en="Marketing", name_zh="市场部", executive=executive
    )
    finance = DepartmentFactory(code="FIN", name_en="Finance", name_zh="财务部")
    technology = DepartmentFactory(code="TEC", name_en="Technology", name_zh="技术部")
    legal = DepartmentFactory(code="LEG", name_en="Legal", name_zh="法务部")
    people = SimpleNamespace(
        executive=executive,
        marketing=marketing,
        finance=finance,
        technology=technology,
        legal=legal,
        mkt_head=person("mkt.head", "李娜", marketing, "zh-hans"),
        initiator=person("mkt.contact", "王芳", marketing),
        lead=person("mkt.lead", "Emma Clark", marketing),
        tracker=person("mkt.tracker", "刘洋", marketing),
        fin_head=person("fin.head", "Sophia Hughes", finance),
        fin_contact=person("fin.contact", "吴婷", finance),
        acceptor=person("fin.acceptor", "Ada Acceptor", finance),
        tec_head=person("tec.head", "赵强", technology, "zh-hans"),
        tec_contact=person("tec.contact", "Liam Foster", technology),
        tec_member=person("tec.member", "Tom Tech", technology),
        drifter=person("drifter", "Drew Drifter"),
        outsider=person("leg.member", "James Ward", legal),
        admin=person("root", "Root", is_staff=True, is_superuser=True),
    )
    marketing.head, finance.head = people.mkt_head, people.fin_head
    technology.head = people.tec_head
    for department in (marketing, finance, technology):
        department.save()
    finance.contacts.add(people.fin_contact)
    technology.contacts.add(people.tec_contact)
    return people
