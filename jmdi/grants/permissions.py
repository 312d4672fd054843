"""Who reads and acts on the grants. One rule per action; the list filter
(`visible_contracts_q`) and the object check (`can_view_contract`) share one scope.

- The PMU reads every contract and does everything with the money: drafts, signs, amends,
  closes contracts and records disbursements.
- The steering and technical committees read every contract.
- A focal point reads the contracts of their country and reviews (approves or returns)
  the deliverable reports of their country's initiatives, and no other country's.
- A grantee reads its own contracts (its organisation is the grantee) and submits the
  deliverable reports of its own milestones.
- Everyone else reads nothing.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from jmdi.core.roles import Role
from jmdi.core.scopes import scopes_of

READERS = (Role.PMU_OFFICER, Role.STEERING, Role.TECHNICAL)


def visible_contracts_q(user: Any) -> Q:
    scopes = scopes_of(user)
    if scopes.has(*READERS):
        return Q()
    condition = Q(pk__in=[])
    countries = scopes.countries_for(Role.FOCAL_POINT)
    if countries:
        condition |= Q(initiative__country__code__in=sorted(countries))
    organisations = scopes.organisations_for(Role.GRANTEE)
    if organisations:
        condition |= Q(grantee_id__in=sorted(organisations))
    return condition


def can_view_contracts(user: Any) -> bool:
    scopes = scopes_of(user)
    return scopes.has(*READERS) or bool(
        scopes.countries_for(Role.FOCAL_POINT) or scopes.organisations_for(Role.GRANTEE)
    )


def _country_of(contract: Any) -> str:
    return str(contract.initiative.country.code)


def can_view_contract(user: Any, contract: Any) -> bool:
    scopes = scopes_of(user)
    if scopes.has(*READERS):
        return True
    if _country_of(contract) in scopes.countries_for(Role.FOCAL_POINT):
        return True
    return contract.grantee_id in scopes.organisations_for(Role.GRANTEE)


def can_manage_contracts(user: Any) -> bool:
    """Draft, edit, sign, amend, close and terminate contracts."""
    return scopes_of(user).is_pmu


def can_record_disbursement(user: Any) -> bool:
    return scopes_of(user).is_pmu


def can_submit_report(user: Any, contract: Any) -> bool:
    """The grantee of the contract, for its own milestones."""
    return contract.grantee_id in scopes_of(user).organisations_for(Role.GRANTEE)


def can_review_report(user: Any, contract: Any) -> bool:
    """The focal point of the initiative's country, and no other."""
    return _country_of(contract) in scopes_of(user).countries_for(Role.FOCAL_POINT)
