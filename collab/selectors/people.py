"""People pickers: the search behind every person field, and a department's default contact."""

from django.db.models import Q, QuerySet

from ..models import Department, User

SEARCH_LIMIT = 20
# Longer queries only make the LIKE scans longer; nobody types a 50-character name.
MAX_QUERY_LENGTH = 50


def department_people(department_id: int) -> Q:
    """Who may speak for a department: its members, its head and its named contacts."""
    return (
        Q(department_id=department_id)
        | Q(headed_departments=department_id)
        | Q(contact_for_departments=department_id)
    )


def people_search(*, query: str = "", department_id: int | None = None) -> QuerySet[User]:
    """Active people whose display name, username or department name (either language)
    contains `query`, case-insensitive; with `department_id`, only that department's people.
    At most SEARCH_LIMIT, by name, their department loaded: one query.

    A substring match cannot use a B-tree index; the search stays cheap because a
    company's people table is small and the answer is bounded (limit, query length)."""
    people = User.objects.filter(is_active=True)
    query = query.strip()[:MAX_QUERY_LENGTH]
    if query:
        people = people.filter(
            Q(display_name__icontains=query)
            | Q(username__icontains=query)
            | Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(department__name_en__icontains=query)
            | Q(department__name_zh__icontains=query)
        )
    if department_id is not None:
        # The OR over the contacts and headed relations can repeat a person: keep one.
        people = people.filter(
            pk__in=User.objects.filter(department_people(department_id)).values("pk")
        )
    return people.select_related("department").order_by("display_name", "username", "pk")[
        :SEARCH_LIMIT
    ]


def department_default_contact(department: Department) -> User | None:
    """Who a card names as a department's contact unless told otherwise: its first named
    contact (by name), else its head. None when it has neither (or they left)."""
    contact = (
        department.contacts.filter(is_active=True).order_by("display_name", "username").first()
    )
    if contact is not None:
        return contact
    head = department.head
    return head if head is not None and head.is_active else None


def department_default_contact_by_id(department_id: int) -> User | None:
    """department_default_contact() of an active department given by id (None if none)."""
    department = (
        Department.objects.filter(pk=department_id, is_active=True).select_related("head").first()
    )
    return department_default_contact(department) if department is not None else None
