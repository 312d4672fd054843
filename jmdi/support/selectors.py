"""Reads of the support facility, each with a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from jmdi.support import permissions
from jmdi.support.models import (
    OPEN_STATUSES,
    Attachment,
    Event,
    FaqEntry,
    Message,
    SupportRequest,
)
from jmdi.support.targets import Targets, targets

#: What the lists never show.
LIST_DEFERRED = ("description", "triage_note", "referral_contact")


def default_programme() -> Any:
    from jmdi.programmes.models import Programme

    return Programme.objects.filter(code=settings.JMDI_DEFAULT_PROGRAMME).first()


def current_targets() -> Targets:
    return targets(default_programme())


def visible_requests(user: Any) -> QuerySet[SupportRequest]:
    return SupportRequest.objects.filter(permissions.requests_visible_q(user))


def get_request_for(user: Any, pk: int) -> SupportRequest:
    """The request, if `user` may read it; 404 otherwise (nothing says it exists)."""
    found = (
        visible_requests(user)
        .select_related(
            "requester",
            "programme",
            "assigned_to",
            "referred_to_focal_point",
            "referred_to_organisation",
        )
        .filter(pk=pk)
        .first()
    )
    if found is None or not permissions.can_view_request(user, found):
        raise Http404("No such request")
    return found


def get_attachment_for(user: Any, pk: int) -> Attachment:
    found = Attachment.objects.select_related("request").filter(pk=pk).first()
    if found is None or not permissions.can_view_attachment(user, found):
        raise Http404("No such file")
    return found


def messages_of(request: SupportRequest) -> list[Message]:
    return list(
        request.messages.select_related("author").prefetch_related(
            Prefetch("attachments", queryset=Attachment.objects.order_by("uploaded_at", "pk"))
        )
    )


def request_files(request: SupportRequest) -> list[Attachment]:
    """The files sent with the request itself (not with a message)."""
    return list(request.attachments.filter(message__isnull=True))


def events_of(request: SupportRequest) -> list[Event]:
    return list(request.events.select_related("actor"))


def my_requests(user: Any) -> QuerySet[SupportRequest]:
    return (
        SupportRequest.objects.filter(requester_id=user.pk)
        .defer(*LIST_DEFERRED)
        .order_by("-submitted_at", "-pk")
    )


def referred_to(user: Any) -> QuerySet[SupportRequest]:
    """The requests referred to `user` as the focal point of their country."""
    return (
        SupportRequest.objects.filter(permissions.referred_q(user))
        .select_related("requester")
        .defer(*LIST_DEFERRED)
        .order_by("-urgency", "submitted_at", "pk")
    )


def waiting_for_focal_point(user: Any) -> QuerySet[SupportRequest]:
    return referred_to(user).filter(status="referred")


def waiting_for_triage() -> QuerySet[SupportRequest]:
    return (
        SupportRequest.objects.filter(status="submitted")
        .select_related("requester")
        .defer(*LIST_DEFERRED)
        .order_by("-urgency", "submitted_at", "pk")
    )


def overdue_q(goal: Targets, now: dt.datetime) -> Q:
    """Open requests past a target: no first response in time, or not resolved in time."""
    return Q(status__in=list(OPEN_STATUSES)) & (
        Q(first_response_at__isnull=True, submitted_at__lt=now - goal.first_response)
        | Q(submitted_at__lt=now - goal.resolution)
    )


@dataclass
class QueueFilters:
    status: str = ""
    country: str = ""
    topic: str = ""
    urgency: str = ""
    overdue: bool = False


def queue(filters: QueueFilters, goal: Targets, now: dt.datetime) -> QuerySet[SupportRequest]:
    """Open requests (or those of one status), urgent first, then the oldest first."""
    found = SupportRequest.objects.all()
    if filters.status:
        found = found.filter(status=filters.status)
    else:
        found = found.filter(status__in=list(OPEN_STATUSES))
    if filters.country:
        found = found.filter(country=filters.country)
    if filters.topic:
        found = found.filter(topic=filters.topic)
    if filters.urgency:
        found = found.filter(urgency=filters.urgency)
    if filters.overdue:
        found = found.filter(overdue_q(goal, now))
    return (
        found.select_related("requester", "assigned_to", "referred_to_focal_point")
        .defer(*LIST_DEFERRED)
        .order_by("-urgency", "submitted_at", "pk")
    )


def is_overdue(request: SupportRequest, goal: Targets, now: dt.datetime) -> bool:
    if request.status not in OPEN_STATUSES:
        return False
    age = now - request.submitted_at
    return (request.first_response_at is None and age > goal.first_response) or (
        age > goal.resolution
    )


# --- The report -------------------------------------------------------------------------------


@dataclass
class Row:
    """One line of the report: a month or a country."""

    label: str
    received: int = 0
    responses: list[float] = field(default_factory=list)  # hours
    resolutions: list[float] = field(default_factory=list)  # days
    responded_in_time: int = 0
    resolved_in_time: int = 0

    @property
    def median_response_hours(self) -> float | None:
        return round(statistics.median(self.responses), 1) if self.responses else None

    @property
    def median_resolution_days(self) -> float | None:
        return round(statistics.median(self.resolutions), 1) if self.resolutions else None

    @property
    def response_share(self) -> int | None:
        if not self.responses:
            return None
        return round(100 * self.responded_in_time / len(self.responses))

    @property
    def resolution_share(self) -> int | None:
        if not self.resolutions:
            return None
        return round(100 * self.resolved_in_time / len(self.resolutions))


@dataclass
class Report:
    months: list[Row]
    countries: list[Row]
    total: Row
    goal: Targets
    since: dt.date


def _add(row: Row, submitted: dt.datetime, first: Any, resolved: Any, goal: Targets) -> None:
    row.received += 1
    if first is not None:
        hours = (first - submitted).total_seconds() / 3600
        row.responses.append(hours)
        row.responded_in_time += hours <= goal.first_response_hours
    if resolved is not None:
        days = (resolved - submitted).total_seconds() / 86400
        row.resolutions.append(days)
        row.resolved_in_time += days <= goal.resolution_days


def report(goal: Targets, today: dt.date, months: int = 12) -> Report:
    """Median first-response and resolution times, and the share within the targets, per
    month of submission and per country, over the last `months` months: one query."""
    from django_countries import countries

    start = (today.replace(day=1) - dt.timedelta(days=31 * (months - 1))).replace(day=1)
    rows: Iterable[tuple[dt.datetime, Any, Any, str]] = (
        SupportRequest.objects.filter(submitted_on__gte=start)
        .order_by()
        .values_list("submitted_at", "first_response_at", "resolved_at", "country")
    )
    by_month: dict[str, Row] = {}
    by_country: dict[str, Row] = {}
    total = Row("")
    for submitted, first, resolved, country in rows:
        month = timezone.localtime(submitted).strftime("%Y-%m")
        code = str(country)
        _add(by_month.setdefault(month, Row(month)), submitted, first, resolved, goal)
        name = str(dict(countries).get(code, code))
        _add(by_country.setdefault(code, Row(name)), submitted, first, resolved, goal)
        _add(total, submitted, first, resolved, goal)
    return Report(
        months=[by_month[key] for key in sorted(by_month)],
        countries=sorted(by_country.values(), key=lambda row: row.label),
        total=total,
        goal=goal,
        since=start,
    )


# --- The FAQ ----------------------------------------------------------------------------------


def faq_entries(user: Any, search: str = "", topic: str = "") -> QuerySet[FaqEntry]:
    found = FaqEntry.objects.all()
    if not permissions.can_manage_faq(user):
        found = found.filter(published=True)
    if search:
        found = found.filter(Q(question__icontains=search) | Q(answer__icontains=search))
    if topic:
        found = found.filter(topic=topic)
    return found.order_by("topic", "question", "pk")
