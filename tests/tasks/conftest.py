"""A small company for card tests: Marketing runs a card with Finance and Technology."""

import datetime as dt
from types import SimpleNamespace

import pytest

from collab import services as collab_services
from collab.models import SignatureRequest
from tasks import services
from tasks.services import CardInput, DepartmentRow, MilestoneRow
from tests.factories import PASSWORD, DepartmentFactory, UserFactory


@pytest.fixture
def org(db):
    def person(username, name, department=None, language="en"):
        return UserFactory(
            username=username, display_name=name, department=department, language=language
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
        tec_head=person("tec.head", "赵强", technology, "zh-hans"),
        tec_contact=person("tec.contact", "Liam Foster", technology),
        outsider=person("leg.member", "James Ward", legal),
        admin=UserFactory(username="root", is_staff=True, is_superuser=True),
    )
    marketing.head, finance.head = people.mkt_head, people.fin_head
    technology.head = people.tec_head
    for department in (marketing, finance, technology):
        department.save()
    finance.contacts.add(people.fin_contact)
    technology.contacts.add(people.tec_contact)
    return people


def card_input(org, **fields) -> CardInput:
    values = {
        "title": "新品上市协同",
        "kind": "project",
        "priority": "high",
        "initiating_department": org.marketing,
        "lead": org.lead,
        "tracker": org.tracker,
        "goal": "Launch the product in 3 cities with 95% on-time delivery.",
        "key_results": ["3 cities live", "Returns under 2%"],
        "in_scope": "Pricing, stock, launch events",
        "out_of_scope": "Overseas markets",
        "planned_start": dt.date(2026, 11, 2),
        "planned_end": dt.date(2026, 12, 31),
        "budget_amount": 120000,
        "budget_currency": "CNY",
        "acceptance_department": org.finance,
    }
    values.update(fields)
    return CardInput(
        fields=values,
        departments=[
            DepartmentRow(
                department=org.finance,
                role="resources",
                responsibilities="Finance analyst approves the budget in 3 days",
                contact=org.fin_contact,
            ),
            DepartmentRow(
                department=org.technology,
                role="executor",
                responsibilities="Engineers ship the order page by 15 Dec",
                contact=org.tec_contact,
            ),
        ],
        milestones=[
            MilestoneRow(name="Pricing agreed", due_date=dt.date(2026, 11, 20), buffer_days=2)
        ],
    )


def sign_letter(card, *heads):
    request = SignatureRequest.objects.get(
        object_id=card.pk, status="pending", document_type="goal_confirmation_letter"
    )
    for head in heads:
        collab_services.signature_sign(
            request=request, user=head, decision="approve", password=PASSWORD
        )
    card.refresh_from_db()
    return request


@pytest.fixture
def draft(org):
    return services.card_create(by=org.initiator, data=card_input(org))


@pytest.fixture
def active_card(org, draft):
    services.card_submit(card=draft, by=org.initiator)
    services.department_confirm(card=draft, department_code="FIN", by=org.fin_contact)
    services.department_confirm(card=draft, department_code="TEC", by=org.tec_head)
    sign_letter(draft, org.fin_head, org.tec_head)
    assert draft.status == "active"
    return draft
