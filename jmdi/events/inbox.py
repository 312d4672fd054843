"""What the events leave waiting for the PMU: outcomes to record for events that are
over, and members' proposals to check (jmdi.core.inbox)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jmdi.core.plugins import InboxItem, InboxSource
from jmdi.events import permissions, selectors


def _outcomes_count(user: Any) -> int:
    return selectors.outcome_missing(timezone.localdate()).count()


def _outcomes(user: Any, limit: int) -> list[InboxItem]:
    return [
        InboxItem(
            title=event.title,
            url=reverse("events:outcome", args=[event.pk]),
            detail=str(_("Outcome to record")),
            due=event.end_date,
            overdue=True,
        )
        for event in selectors.outcome_missing(timezone.localdate()).only(
            "pk", "title", "end_date"
        )[:limit]
    ]


def _proposals_count(user: Any) -> int:
    return selectors.proposals().count()


def _proposals(user: Any, limit: int) -> list[InboxItem]:
    return [
        InboxItem(
            title=event.title,
            url=reverse("events:detail", args=[event.pk]),
            detail=str(_("Proposed by a member")),
            due=event.start_date,
        )
        for event in selectors.proposals().only("pk", "title", "start_date")[:limit]
    ]


SOURCES = [
    InboxSource(
        kind="events.outcomes",
        label=_("Events whose outcome is to record"),
        concerns=permissions.is_pmu,
        count=_outcomes_count,
        items=_outcomes,
        order=70,
    ),
    InboxSource(
        kind="events.proposals",
        label=_("Events proposed by members"),
        concerns=permissions.is_pmu,
        count=_proposals_count,
        items=_proposals,
        order=71,
    ),
]
