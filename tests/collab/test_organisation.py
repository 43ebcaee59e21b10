"""Roles resolvable as "head of X", "contact of X", "executive over X", "member of X"."""

import pytest

from collab.selectors import Role, departments_of_user, user_holds_role, users_in_role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def usernames(people):
    return [person.username for person in people]


def test_roles_resolve_to_the_people_holding_them(department):
    assert usernames(users_in_role(role=Role.HEAD, department=department)) == ["fin.head"]
    assert usernames(users_in_role(role=Role.CONTACT, department=department)) == ["fin.contact"]
    assert usernames(users_in_role(role=Role.EXECUTIVE, department=department)) == ["exec"]
    assert usernames(users_in_role(role=Role.MEMBER, department=department)) == ["fin.member"]


def test_people_who_left_hold_no_role(department):
    department.head.is_active = False
    department.head.save()
    assert users_in_role(role=Role.HEAD, department=department) == []
    assert not user_holds_role(user=department.head, role=Role.HEAD, department=department)


def test_an_unfilled_role_is_empty_and_an_unknown_role_is_an_error(department):
    department.executive = None
    department.save()
    assert users_in_role(role=Role.EXECUTIVE, department=department) == []
    with pytest.raises(ValueError, match="Unknown role"):
        users_in_role(role="janitor", department=department)


def test_departments_of_a_person_cover_every_role(department):
    contact = department.contacts.get()
    outsider = UserFactory()
    assert list(departments_of_user(department.head)) == [department]
    assert list(departments_of_user(department.executive)) == [department]
    assert list(departments_of_user(contact)) == [department]
    assert list(departments_of_user(outsider)) == []
