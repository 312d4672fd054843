"""What the support facility leaves waiting for someone (jmdi.core.inbox): requests
waiting for the PMU's triage, and requests referred to a focal point, waiting for their
answer."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jmdi.core.plugins import InboxItem, InboxSource
from jmdi.core.roles import Role
from jmdi.core.scopes import scopes_of
from jmdi.support import selectors
from jmdi.support.models import SupportRequest


def _items(found: QuerySet[SupportRequest], limit: int) -> list[InboxItem]:
    goal = selectors.current_targets()
    now = timezone.now()
    return [
        InboxItem(
            title=item.subject,
            url=reverse("support:request", args=[item.pk]),
            detail=f"{getattr(item.country, 'name', item.country)} · {item.get_topic_display()}"
            + (f" · {item.get_urgency_display()}" if item.is_urgent else ""),
            due=timezone.localdate(item.submitted_at + goal.first_response),
            overdue=selectors.is_overdue(item, goal, now),
        )
        for item in found[:limit]
    ]


def _pmu(user: Any) -> bool:
    return scopes_of(user).is_pmu


def _focal(user: Any) -> bool:
    return bool(scopes_of(user).countries_for(Role.FOCAL_POINT))


SOURCES = [
    InboxSource(
        kind="support.triage",
        label=_("Support requests waiting for triage"),
        concerns=_pmu,
        count=lambda user: selectors.waiting_for_triage().count(),
        items=lambda user, limit: _items(selectors.waiting_for_triage(), limit),
        more=lambda user: reverse("support:queue") + "?status=submitted",
        order=70,
    ),
    InboxSource(
        kind="support.referrals",
        label=_("Support requests referred to you"),
        concerns=_focal,
        count=lambda user: selectors.waiting_for_focal_point(user).count(),
        items=lambda user, limit: _items(selectors.waiting_for_focal_point(user), limit),
        more=lambda user: reverse("support:referrals"),
        order=71,
    ),
]
