"""The weekly digest's meeting section (see collab.digests): the meetings of the week the
person hosts, records, is invited to or deputises at (`filters.meetings_mine_q`, in its
batch form), cancelled ones and drafts left out. Two queries per batch."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from collab.digests import DigestGroup, DigestLine, DigestWeek

from .filters import meetings_mine_any_q
from .models import Invitation, Meeting


def _bounds(week: DigestWeek) -> tuple[dt.datetime, dt.datetime]:
    zone = timezone.get_default_timezone()
    start = timezone.make_aware(dt.datetime.combine(week.start, dt.time.min), zone)
    return start, start + dt.timedelta(days=7)


def meeting_groups(users, week: DigestWeek) -> dict[int, list[DigestGroup]]:
    ids = [user.pk for user in users]
    wanted = set(ids)
    start, end = _bounds(week)
    meetings = (
        Meeting.objects.filter(
            meetings_mine_any_q(ids),
            status=Meeting.Status.NOTIFIED,
            starts_at__gte=start,
            starts_at__lt=end,
        )
        .prefetch_related(
            Prefetch(
                "invitations",
                queryset=Invitation.objects.filter(
                    Q(person_id__in=ids) | Q(deputy_id__in=ids)
                ).only("pk", "meeting_id", "person_id", "deputy_id"),
                to_attr="batch_invitations",
            )
        )
        .order_by("starts_at", "pk")
    )
    result: dict[int, list[DigestGroup]] = {}
    for meeting in meetings:
        people = {meeting.host_id, meeting.recorder_id}
        for invitation in meeting.batch_invitations:
            people |= {invitation.person_id, invitation.deputy_id}
        line = DigestLine(
            title=str(meeting),
            url=reverse("meetings:meeting-detail", args=[meeting.code]),
            when=meeting.starts_at,
        )
        for user_id in people & wanted:
            groups = result.setdefault(user_id, [DigestGroup(_("Your meetings this week"))])
            groups[0].lines.append(line)
    return result
