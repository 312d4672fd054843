"""Who does what in the project database. One rule per action.

- Everyone, signed in or not, searches and reads the published projects.
- A member who may post (signed in, not banned, not gone) suggests a project and writes
  to a project's team through the platform (their address is never shown to others).
- The PMU moderates the suggestions.
"""

from __future__ import annotations

from typing import Any

from jmdi.community.selectors import can_post
from jmdi.core.roles import Role
from jmdi.core.scopes import scopes_of


def can_suggest(user: Any) -> bool:
    return can_post(user)


def can_contact(user: Any) -> bool:
    return can_post(user)


def can_moderate(user: Any) -> bool:
    return bool(user.is_authenticated and scopes_of(user).has(Role.PMU_OFFICER))
