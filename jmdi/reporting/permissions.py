"""Who may ask for, read and submit the programme's reports. One rule per action."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from jmdi.core.roles import Role
from jmdi.core.scopes import scopes_of

#: Who reads submitted reports: the steering and technical committees they are written
#: for, and the focal points, whose countries they report on.
READERS = (Role.STEERING, Role.TECHNICAL, Role.FOCAL_POINT)


def can_request_report(user: Any) -> bool:
    """The PMU writes the reports (the document: "drafting the workplans, budgets and
    reports related to the project")."""
    return scopes_of(user).is_pmu


def can_see_reports(user: Any) -> bool:
    return scopes_of(user).has(Role.PMU_OFFICER, *READERS)


def reports_visible_q(user: Any) -> Q:
    """Drafts to the PMU only; submitted reports to their readers too."""
    scopes = scopes_of(user)
    if scopes.is_pmu:
        return Q()
    if scopes.has(*READERS):
        return Q(status="submitted")
    return Q(pk__in=[])


def can_view_report(user: Any, report: Any) -> bool:
    scopes = scopes_of(user)
    return scopes.is_pmu or (report.status == "submitted" and scopes.has(*READERS))


def can_change_report(user: Any, report: Any) -> bool:
    """Regenerate or submit: the PMU, and only while the report is a draft."""
    return scopes_of(user).is_pmu and report.status == "draft"
