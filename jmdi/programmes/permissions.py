"""Who may see which part of a programme. One rule per page."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser

from jmdi.core.roles import Role
from jmdi.core.scopes import scopes_of

User = AbstractBaseUser

#: Roles that work on the programme's management side and may read its risk register.
RISK_READERS = (Role.PMU_OFFICER, Role.FOCAL_POINT, Role.REVIEWER, Role.STEERING, Role.TECHNICAL)


def can_view_programme(user: User | AnonymousUser) -> bool:
    """The definition (results, work plan, budget) is public, as donors and the public expect."""
    return True


def can_view_risks(user: User | AnonymousUser) -> bool:
    return scopes_of(user).has(*RISK_READERS)


def can_view_history(user: User | AnonymousUser) -> bool:
    """Who changed what and when: PMU officers only."""
    return scopes_of(user).is_pmu
