"""The events as iCalendar (RFC 5545): the feed of the calendar and one event's file.

Each event keeps one UID for good (its key and the site's domain), so a calendar that
subscribed to the feed updates the event rather than doubling it. Whole-day events are
dates (VALUE=DATE, the end the day after the last, as the standard counts it); timed
events carry their time zone (TZID), with its VTIMEZONE definition.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import icalendar
from django.urls import reverse
from django.utils import timezone

from jmdi.core.site import absolute_url, current_site
from jmdi.events.models import Event, Status, country_name

PRODID = "-//JMDI//M4D Net events//EN"


def uid(event: Event) -> str:
    domain = current_site().domain.split(":")[0]
    return f"event-{event.pk}@{domain or 'jmdi'}"


def _location(event: Event) -> str:
    parts = [event.city, country_name(str(event.country))]
    place = ", ".join(p for p in parts if p)
    if event.online:
        return f"{place} · {event.online_url}" if place else event.online_url
    return place


def _component(event: Event) -> icalendar.Event:
    component = icalendar.Event()
    component.add("uid", uid(event))
    component.add("dtstamp", event.updated_at or timezone.now())
    if event.all_day:
        component.add("dtstart", event.start_date)
        component.add("dtend", event.end_date + dt.timedelta(days=1))
    else:
        component.add("dtstart", event.starts_at)
        component.add("dtend", event.ends_at)
    component.add("summary", event.title)
    location = _location(event)
    if location:
        component.add("location", location)
    component.add("url", absolute_url(reverse("events:detail", args=[event.pk])))
    text = "\n\n".join(t for t in (event.summary, event.description) if t)
    if text:
        component.add("description", text)
    if event.status == Status.CANCELLED:
        component.add("status", "CANCELLED")
    elif event.status in (Status.CONFIRMED, Status.HELD):
        component.add("status", "CONFIRMED")
    else:
        component.add("status", "TENTATIVE")
    return component


def calendar(events: Iterable[Event], name: str = "") -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if name:
        cal.add("x-wr-calname", name)
    events = list(events)
    for event in events:
        cal.add_component(_component(event))
    if events:
        # The time zones' rules over the years the events span, not over seventy years.
        first = min(e.start_date for e in events)
        last = max(e.end_date for e in events)
        cal.add_missing_timezones(
            first_date=dt.date(first.year - 1, 1, 1), last_date=dt.date(last.year + 2, 1, 1)
        )
    return cal.to_ical()
