"""Events for tests, valid by default."""

from __future__ import annotations

import datetime as dt
from typing import Any

from jmdi.events.models import Event, Kind, Scope, Status


def event(**overrides: Any) -> Event:
    today = dt.date.today()
    values: dict[str, Any] = {
        "title": "Regional forum on migration",
        "kind": Kind.FORUM,
        "scope": Scope.REGIONAL,
        "organiser": "UCLG Africa",
        "start_date": today + dt.timedelta(days=30),
        "end_date": today + dt.timedelta(days=31),
        "city": "Dakar",
        "country": "SN",
        "language": "en",
        "status": Status.CONFIRMED,
        "local_dimension": True,
        "targets_local_authorities": True,
    }
    values.update(overrides)
    if "end_date" not in overrides and values["end_date"] < values["start_date"]:
        values["end_date"] = values["start_date"]
    return Event.objects.create(**values)


def past(**overrides: Any) -> Event:
    today = dt.date.today()
    defaults: dict[str, Any] = {
        "start_date": today - dt.timedelta(days=20),
        "end_date": today - dt.timedelta(days=19),
    }
    defaults.update(overrides)
    return event(**defaults)
