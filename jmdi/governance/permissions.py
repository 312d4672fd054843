"""Who may read and record the committees' work. One rule per action.

- The PMU, the committees' secretariat, records everything and reads everything.
- A committee's own members (the steering or technical committee role) read all of its
  meetings, draft minutes included.
- The members of the other committee and the focal points read the meetings, and the
  minutes and decisions once approved (never a draft).
- Everyone else (grantee, M4D Net member, trainers, reviewers, no role) is refused.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from jmdi.core.roles import Role
from jmdi.core.scopes import scopes_of

#: The committee a role sits on, by the governance body's code in the programme file.
COMMITTEE_ROLES = {"steering_committee": Role.STEERING, "technical_committee": Role.TECHNICAL}
#: Read approved minutes and decisions of every committee.
READERS = (Role.STEERING, Role.TECHNICAL, Role.FOCAL_POINT)


def can_see_governance(user: Any) -> bool:
    return scopes_of(user).has(Role.PMU_OFFICER, *READERS)


def can_manage_meetings(user: Any) -> bool:
    """Create meetings, record attendance, draft and approve minutes, record decisions."""
    return scopes_of(user).is_pmu


def sits_on(user: Any, body_code: str) -> bool:
    role = COMMITTEE_ROLES.get(body_code)
    return role is not None and scopes_of(user).has(role)


def can_read_drafts(user: Any, body_code: str) -> bool:
    return scopes_of(user).is_pmu or sits_on(user, body_code)


def own_committees(user: Any) -> list[str]:
    scopes = scopes_of(user)
    return [code for code, role in COMMITTEE_ROLES.items() if scopes.has(role)]


def decisions_visible_q(user: Any) -> Q:
    """Drafts to the secretariat and the committee's own members; approved to readers."""
    scopes = scopes_of(user)
    if scopes.is_pmu:
        return Q()
    if not scopes.has(*READERS):
        return Q(pk__in=[])
    return Q(meeting__minutes_status="approved") | Q(body__code__in=own_committees(user))
