"""The iCalendar feed and one event's file, read back with icalendar."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import icalendar
import pytest
from django.urls import reverse

from jmdi.events.models import Status
from jmdi.events.tests.factories import event, past

pytestmark = [pytest.mark.django_db]


def _read(response) -> icalendar.Calendar:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def _events(calendar: icalendar.Calendar) -> dict[str, icalendar.Event]:
    return {str(c["summary"]): c for c in calendar.walk("VEVENT")}


def test_the_feed_is_valid_icalendar_with_every_published_coming_and_recent_event(client):
    today = dt.date.today()
    whole_days = event(title="Dakar forum", description="Peer exchange.")
    timed = event(
        title="JMDI webinar",
        start_date=today + dt.timedelta(days=3),
        end_date=today + dt.timedelta(days=3),
        start_time=dt.time(14),
        end_time=dt.time(15, 30),
        timezone="Europe/Brussels",
        online=True,
        online_url="https://meet.example.org/jmdi",
        city="",
        country="",
    )
    past(title="Recent forum", status=Status.HELD)
    past(
        title="Old forum",
        start_date=today - dt.timedelta(days=400),
        end_date=today - dt.timedelta(days=399),
    )
    event(title="Proposal", status=Status.PROPOSED)
    event(title="Called off", status=Status.CANCELLED)
    calendar = _read(client.get(reverse("events:feed")))
    assert calendar["version"] == "2.0"
    assert "JMDI" in str(calendar["prodid"])
    found = _events(calendar)
    assert set(found) == {"Dakar forum", "JMDI webinar", "Recent forum", "Called off"}
    assert str(found["Called off"]["status"]) == "CANCELLED"

    day = found["Dakar forum"]
    assert day["dtstart"].params.get("VALUE") == "DATE"
    assert day["dtstart"].dt == whole_days.start_date
    assert day["dtend"].dt == whole_days.end_date + dt.timedelta(days=1)  # exclusive
    assert str(day["location"]) == "Dakar, Senegal"
    assert "Peer exchange." in str(day["description"])
    assert str(day["url"]).endswith(reverse("events:detail", args=[whole_days.pk]))
    assert day["dtstamp"].dt.tzinfo is not None

    webinar = found["JMDI webinar"]
    assert webinar["dtstart"].params["TZID"] == "Europe/Brussels"
    assert webinar["dtstart"].dt == dt.datetime.combine(
        timed.start_date, dt.time(14), tzinfo=zoneinfo.ZoneInfo("Europe/Brussels")
    )
    assert webinar["dtend"].dt.hour == 15
    assert "meet.example.org" in str(webinar["location"])
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Brussels"]


def test_an_event_keeps_its_uid(client):
    found = event(title="Forum")
    first = _events(_read(client.get(reverse("events:ics", args=[found.pk]))))["Forum"]["uid"]
    found.title = "Forum (renamed)"
    found.save()
    again = _read(client.get(reverse("events:feed")))
    assert _events(again)["Forum (renamed)"]["uid"] == first
    assert str(first).startswith(f"event-{found.pk}@")


def test_one_event_file_holds_that_event_only(client):
    one = event(title="One")
    event(title="Other")
    assert set(_events(_read(client.get(reverse("events:ics", args=[one.pk]))))) == {"One"}
