"""What grants leave waiting for someone: deliverable reports to write (the grantee), to
review (the country's focal point), approved milestones to pay (the PMU)
(jmdi.core.inbox)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jmdi.core.plugins import InboxItem, InboxSource
from jmdi.core.roles import Role
from jmdi.core.scopes import scopes_of
from jmdi.grants import permissions, selectors


def _milestone_url(name: str, milestone: Any) -> str:
    contract = milestone.contract
    return reverse(f"grants:{name}", args=[contract.programme.code, contract.pk, milestone.pk])


def _title(milestone: Any) -> str:
    return f"{milestone.contract.reference} · {milestone.order}. {milestone.title}"


# Deliverable reports to write: a grantee's milestones due by today with no report or a
# returned one.
def _writes_reports(user: Any) -> bool:
    return bool(scopes_of(user).organisations_for(Role.GRANTEE))


def _to_submit_count(user: Any) -> int:
    return selectors.reports_to_submit_by(user, timezone.localdate()).count()


def _to_submit(user: Any, limit: int) -> list[InboxItem]:
    today = timezone.localdate()
    milestones = selectors.reports_to_submit_by(user, today).select_related("contract__programme")
    return [
        InboxItem(
            title=_title(m),
            url=_milestone_url("report", m),
            due=m.due_date,
            overdue=m.due_date < today,
        )
        for m in milestones[:limit]
    ]


# Deliverable reports to review: the focal point's countries.
def _reviews_reports(user: Any) -> bool:
    return bool(scopes_of(user).countries_for(Role.FOCAL_POINT))


def _to_review_count(user: Any) -> int:
    return selectors.reports_waiting_for(user).count()


def _to_review(user: Any, limit: int) -> list[InboxItem]:
    reports = selectors.reports_waiting_for(user).select_related("milestone__contract__programme")
    return [
        InboxItem(
            title=_title(r.milestone),
            url=_milestone_url("review", r.milestone),
            detail=str(r.milestone.contract.initiative.country),
        )
        for r in reports[:limit]
    ]


# Approved milestones with something left to pay: the PMU.
def _to_pay_count(user: Any) -> int:
    return selectors.milestones_payable_by(user).count()


def _to_pay(user: Any, limit: int) -> list[InboxItem]:
    milestones = selectors.milestones_payable_by(user).select_related("contract__programme")
    return [
        InboxItem(title=_title(m), url=_milestone_url("disburse", m), due=m.due_date)
        for m in milestones[:limit]
    ]


SOURCES = [
    InboxSource(
        kind="grants.reports_to_submit",
        label=_("Deliverable reports to submit"),
        concerns=_writes_reports,
        count=_to_submit_count,
        items=_to_submit,
        order=30,
    ),
    InboxSource(
        kind="grants.reports_to_review",
        label=_("Deliverable reports to review"),
        concerns=_reviews_reports,
        count=_to_review_count,
        items=_to_review,
        order=31,
    ),
    InboxSource(
        kind="grants.milestones_to_pay",
        label=_("Approved milestones to pay"),
        concerns=permissions.can_record_disbursement,
        count=_to_pay_count,
        items=_to_pay,
        order=32,
    ),
]
