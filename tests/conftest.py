import pytest

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
