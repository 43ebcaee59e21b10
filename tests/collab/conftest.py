import pytest
from rest_framework.test import APIClient

from collab import services
from tests.factories import DepartmentFactory, UserFactory
from tests.signoff_app.models import Memo


@pytest.fixture
def finance_head(db):
    return UserFactory(username="fin.head", display_name="吴婷")


@pytest.fixture
def tech_head(db):
    return UserFactory(username="tec.head", display_name="赵强", language="zh-hans")


@pytest.fixture
def finance(finance_head):
    return DepartmentFactory(code="FIN", name_en="Finance", name_zh="财务部", head=finance_head)


@pytest.fixture
def technology(tech_head):
    return DepartmentFactory(code="TEC", name_en="Technology", name_zh="技术部", head=tech_head)


@pytest.fixture
def author(finance):
    return UserFactory(username="author", display_name="Author", department=finance)


@pytest.fixture
def memo(finance, technology, author):
    return Memo.objects.create(
        title="年度预算协同",
        body="各部门确认 2027 年度预算。",
        department=finance,
        second_department=technology,
        author=author,
    )


@pytest.fixture
def signature_request(memo, author):
    return services.signature_request_open(
        document=memo, document_type="test_memo", requested_by=author
    )


def sign(request, user, decision="approve", comment="", password=None):
    from tests.factories import PASSWORD

    return services.signature_sign(
        request=request,
        user=user,
        decision=decision,
        comment=comment,
        password=PASSWORD if password is None else password,
        ip_address="10.0.0.8",
        user_agent="pytest",
    )


@pytest.fixture
def personal_token(user):
    """A personal API token of `user`: (token, secret)."""
    return services.api_token_create(by=user, name="Build server")


@pytest.fixture
def token_api(personal_token):
    """An API client that sends `user`'s personal token."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {personal_token[1]}")
    return client


@pytest.fixture
def throttle_history_cleared():
    """The token exchange is throttled per address, and every test comes from the same one."""
    from django.core.cache import cache

    cache.clear()
