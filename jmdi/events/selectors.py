"""What the events' pages read: the calendar in its order, one event, the tasks left for
the PMU, and what the platform holds about one person."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Case, DateField, F, IntegerField, Q, QuerySet, Value, When
from django.http import Http404

from jmdi.core.roles import Role
from jmdi.events import permissions
from jmdi.events.models import PUBLISHED, Event, Interest, Status

#: The feed carries the coming events and those of the last this many days.
FEED_PAST_DAYS = 180
FEED_LIMIT = 1_000

#: What the calendar list does not show.
LIST_DEFERRED = ("description", "translations", "online_url", "website")


def visible_events(user: Any) -> QuerySet[Event]:
    return Event.objects.filter(permissions.events_visible_q(user))


def calendar(user: Any, today: dt.date) -> QuerySet[Event]:
    """Coming events first, soonest first; then past ones, latest first."""
    coming = Q(end_date__gte=today)
    return (
        visible_events(user)
        .defer(*LIST_DEFERRED)
        .annotate(
            is_past=Case(
                When(coming, then=Value(0)), default=Value(1), output_field=IntegerField()
            ),
            coming_on=Case(When(coming, then=F("start_date")), output_field=DateField()),
            past_on=Case(When(~coming, then=F("start_date")), output_field=DateField()),
        )
        .order_by(
            "is_past",
            F("coming_on").asc(nulls_last=True),
            F("past_on").desc(nulls_last=True),
            "pk",
        )
    )


def get_event_for(user: Any, pk: int) -> Event:
    """The event, or 404 for one the person may not read (a proposal of someone else)."""
    event = Event.objects.select_related("organisation", "created_by").filter(pk=pk).first()
    if event is None or not permissions.can_view_event(user, event):
        raise Http404
    return event


def feed_events(today: dt.date) -> QuerySet[Event]:
    """The published events still to come and those of the last months."""
    since = today - dt.timedelta(days=FEED_PAST_DAYS)
    return Event.objects.filter(status__in=PUBLISHED, end_date__gte=since).order_by(
        "start_date", "pk"
    )[:FEED_LIMIT]


def years() -> list[int]:
    """The years of the calendar, for its filter (two queries, whatever the data)."""
    first = Event.objects.order_by("start_date").values_list("start_date", flat=True).first()
    last = Event.objects.order_by("-start_date").values_list("start_date", flat=True).first()
    if first is None or last is None:
        return []
    return list(range(last.year, first.year - 1, -1))


def is_registered(user: Any, event: Event) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return Interest.objects.filter(event=event, user=user).exists()


def registrants(event: Event) -> QuerySet[Interest]:
    return event.interests.select_related("user", "user__member").order_by("created_at", "pk")


# --- The PMU's tasks -----------------------------------------------------------------------


def outcome_missing(today: dt.date) -> QuerySet[Event]:
    """Events that are over, were not cancelled, and have no outcome yet; oldest first."""
    return Event.objects.filter(
        end_date__lt=today,
        status__in=(Status.PLANNED, Status.CONFIRMED, Status.HELD),
        outcome__isnull=True,
    ).order_by("end_date", "pk")


def proposals() -> QuerySet[Event]:
    return Event.objects.filter(status=Status.PROPOSED).order_by("created_at", "pk")


# --- A member's data -----------------------------------------------------------------------


def member_data(user: Any) -> dict[str, Any]:
    interests = Interest.objects.filter(user=user).select_related("event").order_by("pk")
    proposed = Event.objects.filter(created_by=user).order_by("pk")
    return {
        "registrations_of_interest": [
            {
                "event": interest.event.title,
                "start_date": interest.event.start_date.isoformat(),
                "registered_at": interest.created_at.isoformat(),
            }
            for interest in interests
        ],
        "events_proposed_or_created": [
            {
                "title": event.title,
                "start_date": event.start_date.isoformat(),
                "status": event.status,
                "created_at": event.created_at.isoformat(),
            }
            for event in proposed
        ],
    }


def pmu_officers() -> QuerySet[Any]:
    """The people who may be recorded as taking part for the PMU."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            role_assignments__role=Role.PMU_OFFICER,
            role_assignments__revoked_at__isnull=True,
        )
        .distinct()
        .order_by("full_name", "pk")
    )


def month(user: Any, first: dt.date) -> QuerySet[Event]:
    """The events running during the month that starts on `first`, by start date."""
    following = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return (
        visible_events(user)
        .defer(*LIST_DEFERRED)
        .filter(start_date__lt=following, end_date__gte=first)
        .order_by("start_date", "pk")
    )
