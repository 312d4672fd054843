"""Reads of the committees' work, filtered by who reads them; a fixed number of queries each."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from jmdi.directory.models import Organisation
from jmdi.governance import permissions
from jmdi.governance.models import Attendance, Decision, Meeting, MinutesStatus
from jmdi.programmes.models import GovernanceBody, Programme


def committees(programme: Programme) -> list[GovernanceBody]:
    """The programme's committees with their members and how many meetings each held."""
    return list(
        GovernanceBody.objects.filter(
            programme=programme, code__in=list(permissions.COMMITTEE_ROLES)
        )
        .prefetch_related(Prefetch("members", queryset=Organisation.objects.order_by("name")))
        .annotate(meeting_count=Count("meetings", distinct=True))
        .order_by("order")
    )


def get_committee(programme: Programme, code: str) -> GovernanceBody:
    body = (
        GovernanceBody.objects.filter(
            programme=programme, code=code, code__in=list(permissions.COMMITTEE_ROLES)
        )
        .prefetch_related(Prefetch("members", queryset=Organisation.objects.order_by("name")))
        .first()
    )
    if body is None:
        raise Http404("No such committee")
    return body


def meetings_of(body: GovernanceBody) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(body=body)
        .annotate(
            decision_count=Count("decisions", distinct=True),
            agenda_count=Count("agenda_items", distinct=True),
        )
        .order_by("-date", "-pk")
    )


@dataclass(frozen=True)
class MeetingPage:
    meeting: Meeting
    show_minutes: bool
    decisions: list[Decision]
    present: list[Attendance]
    absent: list[Attendance]
    observers: list[Attendance]
    not_recorded: list[Organisation]


def get_meeting_for(user: Any, programme: Programme, pk: int) -> MeetingPage:
    """The meeting with its agenda, attendance and decisions; 404 when it is not one of
    this programme's committees' meetings. Draft minutes and their decisions only for
    those who read drafts."""
    meeting = (
        Meeting.objects.filter(
            pk=pk,
            body__programme=programme,
            body__code__in=list(permissions.COMMITTEE_ROLES),
        )
        .select_related("body", "minutes_approved_by")
        .prefetch_related(
            "agenda_items",
            Prefetch("attendance", queryset=Attendance.objects.select_related("organisation")),
            Prefetch("body__members", queryset=Organisation.objects.order_by("name")),
        )
        .first()
    )
    if meeting is None:
        raise Http404("No such meeting")
    show = meeting.approved or permissions.can_read_drafts(user, str(meeting.body.code))
    decisions = (
        list(
            Decision.objects.filter(meeting=meeting)
            .select_related("supersedes", "superseded_by", "target_type")
            .order_by("sequence")
        )
        if show
        else []
    )
    lines = list(meeting.attendance.all())
    recorded = {line.organisation_id for line in lines}
    return MeetingPage(
        meeting=meeting,
        show_minutes=show,
        decisions=decisions,
        present=[
            line
            for line in lines
            if line.status in (Attendance.Status.PRESENT, Attendance.Status.REPRESENTED)
        ],
        absent=[line for line in lines if line.status == Attendance.Status.ABSENT],
        observers=[line for line in lines if line.status == Attendance.Status.OBSERVER],
        not_recorded=[m for m in meeting.body.members.all() if m.pk not in recorded],
    )


def decisions_visible_to(
    user: Any,
    programme: Programme,
    *,
    body: str = "",
    year: int | None = None,
    search: str = "",
) -> QuerySet[Decision]:
    """The decisions register: newest first, filtered by committee, year and number."""
    queryset = Decision.objects.filter(
        permissions.decisions_visible_q(user), body__programme=programme
    )
    if body:
        queryset = queryset.filter(body__code=body)
    if year:
        queryset = queryset.filter(year=year)
    if search.strip():
        queryset = queryset.filter(
            Q(number__icontains=search.strip()) | Q(text__icontains=search.strip())
        )
    return queryset.select_related("body", "meeting", "supersedes", "superseded_by").order_by(
        "-year", "-meeting__date", "body__order", "-sequence"
    )


def decision_years(user: Any, programme: Programme) -> list[int]:
    return list(
        Decision.objects.filter(permissions.decisions_visible_q(user), body__programme=programme)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


def decisions_in(programme_code: str, start: Any, end: Any, as_of: Any) -> list[Decision]:
    """Decisions taken at meetings between `start` and `end` whose minutes were approved
    by `as_of` (for the reports)."""
    return list(
        Decision.objects.filter(
            body__programme__code=programme_code,
            meeting__date__range=(start, end),
            meeting__date__lte=as_of,
            meeting__minutes_status=MinutesStatus.APPROVED,
            meeting__minutes_approved_at__date__lte=as_of,
        )
        .select_related("body", "meeting", "supersedes")
        .order_by("meeting__date", "body__order", "sequence")
    )
