"""The support facility's service targets, read from the programme.

`programme.service_targets` (a mapping, once the programme file carries it) gives
"first_response_hours" and "resolution_days"; missing keys take the defaults below.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

DEFAULT_FIRST_RESPONSE_HOURS = 72
DEFAULT_RESOLUTION_DAYS = 30


@dataclass(frozen=True)
class Targets:
    first_response_hours: int
    resolution_days: int

    @property
    def first_response(self) -> dt.timedelta:
        return dt.timedelta(hours=self.first_response_hours)

    @property
    def resolution(self) -> dt.timedelta:
        return dt.timedelta(days=self.resolution_days)


def _positive(value: Any, default: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if number > 0 else default


def targets(programme: Any) -> Targets:
    """The first-response hours and resolution days the programme sets, or the defaults."""
    configured = getattr(programme, "service_targets", None) or {}
    return Targets(
        first_response_hours=_positive(
            configured.get("first_response_hours"), DEFAULT_FIRST_RESPONSE_HOURS
        ),
        resolution_days=_positive(configured.get("resolution_days"), DEFAULT_RESOLUTION_DAYS),
    )
