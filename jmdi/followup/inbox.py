"""What project follow-up leaves waiting for someone: progress reports to write (the
grantee, once the period has ended, or when a report came back), to review (the country's
focal point first, then the PMU) (jmdi.core.inbox)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jmdi.core.plugins import InboxItem, InboxSource
from jmdi.core.roles import Role
from jmdi.core.scopes import scopes_of
from jmdi.followup import selectors
from jmdi.followup.models import ProgressReport


def _concerned(user: Any) -> bool:
    scopes = scopes_of(user)
    return (
        scopes.is_pmu
        or bool(scopes.countries_for(Role.FOCAL_POINT))
        or bool(scopes.organisations_for(Role.GRANTEE))
    )


def _waiting(user: Any) -> QuerySet[ProgressReport]:
    # A draft waits for its grantee only once its period has ended: the schedule creates
    # the drafts of every period in advance.
    today = timezone.localdate()
    return selectors.reports_waiting_for(user).filter(
        ~Q(status="draft") | Q(period__end__lte=today)
    )


def _count(user: Any) -> int:
    return _waiting(user).count()


def _items(user: Any, limit: int) -> list[InboxItem]:
    today = timezone.localdate()
    reports = _waiting(user).select_related("initiative__programme")
    return [
        InboxItem(
            title=report.initiative.localized_title,
            url=reverse("followup:report", args=[report.initiative.programme.code, report.pk]),
            detail=str(report.get_status_display()),
            due=report.period.due,
            overdue=report.status in ProgressReport.WITH_GRANTEE and report.period.due < today,
        )
        for report in reports[:limit]
    ]


SOURCES = [
    InboxSource(
        kind="followup.reports",
        label=_("Progress reports waiting for you"),
        concerns=_concerned,
        count=_count,
        items=_items,
        order=40,
    )
]
