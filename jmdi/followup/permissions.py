"""Who reads and acts on the follow-up of funded initiatives. One rule per action; each
list filter (`*_q`) sits beside the object check built on the same scope.

- The PMU reads everything, edits reporting schedules and monitoring plans, and gives the
  second (final) review of every report. The steering and technical committees read the
  reports and plans.
- A focal point reads the initiatives of their country, gives the first review of their
  reports, keeps their monitoring plans, and records visits and assessments.
- A grantee (the lead local authority's people) reads its own initiatives' reports and
  plans, and writes and submits its reports; it does not read visits and assessments.
- Everyone else is refused.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from jmdi.core.roles import Role
from jmdi.core.scopes import scopes_of

READ_ALL = (Role.PMU_OFFICER, Role.STEERING, Role.TECHNICAL)


def _focal_countries(user: Any) -> frozenset[str]:
    return scopes_of(user).countries_for(Role.FOCAL_POINT)


def _grantee_orgs(user: Any) -> frozenset[int]:
    return scopes_of(user).organisations_for(Role.GRANTEE)


def _country(initiative: Any) -> str:
    return str(initiative.country.code)


def initiatives_q(user: Any, prefix: str = "", *, grantee: bool = True) -> Q:
    """The initiatives (through `prefix`, e.g. "initiative__") whose follow-up `user`
    reads; `grantee=False` leaves out the grantee's own (visits, assessments)."""
    if scopes_of(user).has(*READ_ALL):
        return Q()
    condition = Q(pk__in=[])
    countries = _focal_countries(user)
    if countries:
        condition |= Q(**{f"{prefix}country__code__in": sorted(countries)})
    organisations = _grantee_orgs(user)
    if grantee and organisations:
        condition |= Q(**{f"{prefix}lead_authority_id__in": sorted(organisations)})
    return condition


def can_view_followup(user: Any) -> bool:
    """Whether the follow-up pages are open to `user` at all (the navigation entry)."""
    scopes = scopes_of(user)
    return scopes.has(*READ_ALL) or bool(_focal_countries(user) or _grantee_orgs(user))


def can_view_initiative(user: Any, initiative: Any) -> bool:
    """Its reports, monitoring plan and reporting schedule."""
    if scopes_of(user).has(*READ_ALL):
        return True
    if _country(initiative) in _focal_countries(user):
        return True
    return initiative.lead_authority_id in _grantee_orgs(user)


def is_focal_point_of(user: Any, initiative: Any) -> bool:
    return _country(initiative) in _focal_countries(user)


def is_grantee_of(user: Any, initiative: Any) -> bool:
    return initiative.lead_authority_id in _grantee_orgs(user)


# --- Reports ------------------------------------------------------------------------------


def reports_visible_q(user: Any) -> Q:
    return initiatives_q(user, "initiative__")


def can_view_report(user: Any, report: Any) -> bool:
    return can_view_initiative(user, report.initiative)


def can_edit_report(user: Any, report: Any) -> bool:
    """The grantee, while the report is with it (a draft, or returned)."""
    return is_grantee_of(user, report.initiative) and report.status in ("draft", "returned")


def can_submit_report(user: Any, report: Any) -> bool:
    return can_edit_report(user, report)


def can_focal_review(user: Any, report: Any) -> bool:
    return report.status == "submitted" and is_focal_point_of(user, report.initiative)


def can_pmu_review(user: Any, report: Any) -> bool:
    return report.status == "focal_approved" and scopes_of(user).is_pmu


def can_review_report(user: Any, report: Any) -> bool:
    return can_focal_review(user, report) or can_pmu_review(user, report)


def can_view_evidence(user: Any, evidence: Any) -> bool:
    return can_view_report(user, evidence.report)


def can_view_overdue(user: Any) -> bool:
    return scopes_of(user).is_pmu or bool(_focal_countries(user))


def waiting_for_q(user: Any) -> Q:
    """The reports waiting for `user`'s review (the focal point's first, the PMU's
    second) or, for a grantee, its drafts and returned reports."""
    condition = Q(pk__in=[])
    countries = _focal_countries(user)
    if countries:
        condition |= Q(status="submitted", initiative__country__code__in=sorted(countries))
    if scopes_of(user).is_pmu:
        condition |= Q(status="focal_approved")
    organisations = _grantee_orgs(user)
    if organisations:
        condition |= Q(
            status__in=["draft", "returned"],
            initiative__lead_authority_id__in=sorted(organisations),
        )
    return condition


# --- Schedule, plan, visits, assessments, lessons ---------------------------------------


def can_manage_schedule(user: Any, initiative: Any) -> bool:
    return scopes_of(user).is_pmu


def can_edit_plan(user: Any, initiative: Any) -> bool:
    return scopes_of(user).is_pmu or is_focal_point_of(user, initiative)


def visits_visible_q(user: Any) -> Q:
    return initiatives_q(user, "initiative__", grantee=False)


def can_view_visits(user: Any, initiative: Any) -> bool:
    """Visits and assessments: the PMU and committees, and the country's focal point."""
    return scopes_of(user).has(*READ_ALL) or is_focal_point_of(user, initiative)


def can_record_visit(user: Any, initiative: Any) -> bool:
    return is_focal_point_of(user, initiative)


def can_record_assessment(user: Any, initiative: Any) -> bool:
    return is_focal_point_of(user, initiative)


def can_capture_lesson(user: Any, initiative: Any) -> bool:
    """The lessons-learned log's own writers, for this initiative's country."""
    return scopes_of(user).is_pmu or is_focal_point_of(user, initiative)
