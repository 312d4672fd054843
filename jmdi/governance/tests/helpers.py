"""Meetings and decisions for the tests, written through the services."""

from __future__ import annotations

import datetime as dt

from jmdi.governance import services
from jmdi.programmes.models import GovernanceBody


def body(code: str = "steering_committee") -> GovernanceBody:
    return GovernanceBody.objects.get(programme__code="jmdi-2", code=code)


def meeting(pmu, *, code: str = "steering_committee", date=dt.date(2014, 3, 27), approved=False):
    found = services.create_meeting(
        actor=pmu,
        body=body(code),
        date=date,
        place="Brussels",
        agenda=[("Opening", ""), ("Selection of initiatives", "Country shortlists")],
    )
    return found


def approve(pmu, found, minutes="The committee met and agreed."):
    services.draft_minutes(actor=pmu, meeting=found, text=minutes)
    return services.approve_minutes(actor=pmu, meeting=found)
