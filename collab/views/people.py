"""The people search behind every person picker (Tom Select loads its options from here)."""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.views.decorators.http import require_GET

from .. import selectors


def _person(user) -> dict:
    department = user.department
    return {
        "id": user.pk,
        "name": user.name,
        "username": user.username,
        "department": str(department) if department else "",
    }


def _department_id(value: str) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@login_required
@require_GET
def people_search(request):
    """`?q=` part of a name, username or department name; `department=<id>` only that
    department's people; `default=1` with `department`: its default contact alone (what a
    card's department row proposes). JSON: {"results": [{id, name, username, department}]}."""
    department_id = _department_id(request.GET.get("department", ""))
    if request.GET.get("default") and department_id is not None:
        contact = selectors.department_default_contact_by_id(department_id)
        return JsonResponse({"results": [_person(contact)] if contact else []})
    people = selectors.people_search(query=request.GET.get("q", ""), department_id=department_id)
    return JsonResponse({"results": [_person(user) for user in people]})
