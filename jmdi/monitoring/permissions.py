"""Who reads and writes the monitoring logs. One rule per action, each list filter beside
the object check built on the same scope, so they cannot drift.

- Readers: the PMU, the steering and technical committees, and the focal points (their
  country's issues and work-plan rows, and everything programme-wide). Risks are
  programme-wide: whoever may read the programme's risk register reads the risk log.
- Writers: the PMU writes everything; a focal point writes their country's work-plan
  status, and issues and lessons of their country.
- Grantees, members, training staff and people without a role: refused.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from jmdi.core.roles import Role
from jmdi.core.scopes import scopes_of
from jmdi.programmes.permissions import can_view_risks

#: Who reads the management logs (besides the PMU).
LOG_READERS = (Role.STEERING, Role.TECHNICAL, Role.FOCAL_POINT)


def _focal_countries(user: Any) -> frozenset[str]:
    return scopes_of(user).countries_for(Role.FOCAL_POINT)


def can_view_logs(user: Any) -> bool:
    """The work-plan tracking, issue log, lessons log, schedule and quality assessments."""
    return scopes_of(user).has(Role.PMU_OFFICER, *LOG_READERS)


def can_view_risk_log(user: Any) -> bool:
    return can_view_risks(user)


def can_review_risk(user: Any) -> bool:
    return scopes_of(user).is_pmu


# --- Work plan ----------------------------------------------------------------------------


def work_plan_countries_writable(user: Any) -> frozenset[str] | None:
    """The countries whose rows `user` may set; None means every row (the PMU)."""
    if scopes_of(user).is_pmu:
        return None
    return _focal_countries(user)


def can_set_work_plan_status(user: Any, country_code: str | None) -> bool:
    """The PMU any row and the programme-wide status; a focal point their country's rows."""
    scopes = scopes_of(user)
    if scopes.is_pmu:
        return True
    return country_code is not None and country_code in _focal_countries(user)


def can_edit_work_plan(user: Any) -> bool:
    """Whether the page offers any editing at all."""
    return scopes_of(user).is_pmu or bool(_focal_countries(user))


def work_plan_visible_q(user: Any) -> Q:
    """Committees and the PMU read every row; a focal point the programme-wide rows and
    their country's."""
    scopes = scopes_of(user)
    if scopes.is_pmu or scopes.has(Role.STEERING, Role.TECHNICAL):
        return Q()
    countries = _focal_countries(user)
    if countries:
        return Q(country__isnull=True) | Q(country__code__in=sorted(countries))
    return Q(pk__in=[])


def work_plan_countries_visible(user: Any, all_codes: list[str]) -> list[str]:
    scopes = scopes_of(user)
    if scopes.is_pmu or scopes.has(Role.STEERING, Role.TECHNICAL):
        return all_codes
    mine = _focal_countries(user)
    return [code for code in all_codes if code in mine]


# --- Issues and lessons ---------------------------------------------------------------


def issues_visible_q(user: Any) -> Q:
    """A focal point reads the programme-wide issues and their country's."""
    return work_plan_visible_q(user)


def can_view_issue(user: Any, issue: Any) -> bool:
    if not can_view_logs(user):
        return False
    scopes = scopes_of(user)
    if scopes.is_pmu or scopes.has(Role.STEERING, Role.TECHNICAL):
        return True
    code = issue.country.code if issue.country_id else None
    return code is None or code in _focal_countries(user)


def can_record_issue(user: Any) -> bool:
    return scopes_of(user).is_pmu or bool(_focal_countries(user))


def can_change_issue(user: Any, issue: Any) -> bool:
    """The PMU any issue; a focal point the issues of their country."""
    if scopes_of(user).is_pmu:
        return True
    return bool(issue.country_id) and str(issue.country.code) in _focal_countries(user)


def issue_countries_writable(user: Any) -> frozenset[str] | None:
    """Countries `user` may raise an issue or record a lesson for; None: any, or none."""
    return work_plan_countries_writable(user)


def can_record_lesson(user: Any) -> bool:
    return can_record_issue(user)


def can_change_lesson(user: Any, lesson: Any, country_codes: list[str]) -> bool:
    """The PMU any lesson; a focal point a lesson all of whose countries are theirs."""
    if scopes_of(user).is_pmu:
        return True
    mine = _focal_countries(user)
    return bool(mine) and bool(country_codes) and set(country_codes) <= mine


# --- Schedule and quality ---------------------------------------------------------------


def can_manage_schedule(user: Any) -> bool:
    """Mark events done and enter quality assessments: the PMU."""
    return scopes_of(user).is_pmu


def can_assess_quality(user: Any) -> bool:
    return scopes_of(user).is_pmu
