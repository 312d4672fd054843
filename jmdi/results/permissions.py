"""Who may see and do what with the programme's results. One rule per page or action.

The dashboard's aggregate figures are public, like the programme's results framework
they measure (donors and the public expect to see progress against targets). The records
behind a figure (people who took part, with their sex) and the evidence of a manual value
are not: the PMU and the committees see every country's, a focal point or a reviewer
their own country's (`facts_visible`), nobody else.
"""

from __future__ import annotations

from typing import Any

from jmdi.core.roles import Role
from jmdi.core.scopes import scopes_of

#: Who reads the records behind the figures.
RECORD_READERS = (Role.PMU_OFFICER, Role.STEERING, Role.TECHNICAL, Role.FOCAL_POINT, Role.REVIEWER)


def can_view_dashboard(user: Any) -> bool:
    return True


def can_drill_down(user: Any, country: str | None) -> bool:
    """The records behind one cell: the whole-programme cell to those who see every
    country, a country's to them and to that country's focal point or reviewer."""
    scopes = scopes_of(user)
    if scopes.has(Role.PMU_OFFICER, Role.STEERING, Role.TECHNICAL):
        return True
    if country is None:
        return False
    return country in (scopes.countries_for(Role.FOCAL_POINT) | scopes.countries_for(Role.REVIEWER))


def can_see_any_records(user: Any) -> bool:
    return scopes_of(user).has(*RECORD_READERS)


def countries_to_enter(user: Any) -> frozenset[str] | None:
    """The countries whose manual values the user enters: None for the PMU (every
    country and the whole programme), a focal point's own, else none."""
    scopes = scopes_of(user)
    if scopes.is_pmu:
        return None
    return scopes.countries_for(Role.FOCAL_POINT)


def can_enter_values(user: Any) -> bool:
    allowed = countries_to_enter(user)
    return allowed is None or bool(allowed)


def can_enter_value_for(user: Any, country: str) -> bool:
    """A focal point for their own country; the PMU for any country and for the whole
    programme (`country` empty)."""
    allowed = countries_to_enter(user)
    if allowed is None:
        return True
    return bool(country) and country in allowed


def can_review_values(user: Any) -> bool:
    """Approving or returning a value: the PMU only."""
    return scopes_of(user).is_pmu
