"""A department's overview, for its head, its overseeing executive and administrators."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from .. import overviews


@login_required
@require_GET
def department_overview(request, code):
    department = overviews.department_get_for_overview(code=code, user=request.user)
    return render(
        request,
        "tasks/overview_department.html",
        {
            "overview": overviews.department_overview(request.user, department),
            "today": timezone.localdate(),
        },
    )
