"""Who may manage people and roles. One rule per action."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from jmdi.accounts.models import User
from jmdi.core.scopes import scopes_of


def can_manage_roles(user: User | AnonymousUser) -> bool:
    """Only PMU officers assign and revoke roles."""
    return scopes_of(user).is_pmu
