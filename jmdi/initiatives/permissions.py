"""Who may read and change the mapping of initiatives. One rule per action.

- The PMU reads and changes every initiative, imports and exports.
- A focal point reads and changes the initiatives of their country, and exports them.
- The steering and technical committees read every initiative.
- A grantee reads its own initiatives (led by its organisation) and nothing else.
- A reviewer reads the candidates of the rounds they review: that rule lives with the
  selection rounds, which know the assignments; here a reviewer reads nothing.
- Everyone else is refused (the public project database shows published records later).

`visible_initiatives` is the one queryset every list, detail and export starts from.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from jmdi.core.roles import Role
from jmdi.core.scopes import scopes_of
from jmdi.initiatives.models import Initiative


def _scope_filter(user: Any) -> Q | None:
    """None: everything; an empty Q-match otherwise limits to the person's scope."""
    scopes = scopes_of(user)
    if scopes.has(Role.PMU_OFFICER, Role.STEERING, Role.TECHNICAL):
        return None
    condition = Q(pk__in=[])
    countries = scopes.countries_for(Role.FOCAL_POINT)
    if countries:
        condition |= Q(country__code__in=sorted(countries))
    organisations = scopes.organisations_for(Role.GRANTEE)
    if organisations:
        condition |= Q(lead_authority_id__in=sorted(organisations))
    return condition


def visible_q(user: Any) -> Q:
    """The rule of `visible_initiatives` as a Q (for the measures' drill-down)."""
    condition = _scope_filter(user)
    return Q() if condition is None else condition


def visible_initiatives(
    user: Any, queryset: QuerySet[Initiative] | None = None
) -> QuerySet[Initiative]:
    queryset = Initiative.objects.all() if queryset is None else queryset
    condition = _scope_filter(user)
    return queryset if condition is None else queryset.filter(condition)


def can_view_registry(user: Any) -> bool:
    scopes = scopes_of(user)
    return scopes.has(Role.PMU_OFFICER, Role.STEERING, Role.TECHNICAL) or bool(
        scopes.countries_for(Role.FOCAL_POINT) or scopes.organisations_for(Role.GRANTEE)
    )


def can_view(user: Any, initiative: Initiative) -> bool:
    scopes = scopes_of(user)
    if scopes.has(Role.PMU_OFFICER, Role.STEERING, Role.TECHNICAL):
        return True
    if initiative.country.code in scopes.countries_for(Role.FOCAL_POINT):
        return True
    return initiative.lead_authority_id in scopes.organisations_for(Role.GRANTEE)


def can_create(user: Any) -> bool:
    scopes = scopes_of(user)
    return scopes.is_pmu or bool(scopes.countries_for(Role.FOCAL_POINT))


def can_change(user: Any, initiative: Initiative) -> bool:
    scopes = scopes_of(user)
    return scopes.is_pmu or initiative.country.code in scopes.countries_for(Role.FOCAL_POINT)


def can_create_in(user: Any, country_code: str) -> bool:
    scopes = scopes_of(user)
    return scopes.is_pmu or country_code in scopes.countries_for(Role.FOCAL_POINT)


def can_import(user: Any) -> bool:
    return scopes_of(user).is_pmu


def can_export(user: Any) -> bool:
    scopes = scopes_of(user)
    return scopes.has(Role.PMU_OFFICER, Role.STEERING, Role.TECHNICAL) or bool(
        scopes.countries_for(Role.FOCAL_POINT)
    )


def can_set_status(user: Any, initiative: Initiative) -> bool:
    """Moving an initiative along its lifecycle by hand is the PMU's (the rounds and the
    contracts move it too, through the same service)."""
    return scopes_of(user).is_pmu


def can_publish(user: Any, initiative: Initiative) -> bool:
    """Whoever curates the initiative's record decides whether the public sees it."""
    return can_change(user, initiative)


def countries_writable(user: Any) -> frozenset[str] | None:
    """The countries whose initiatives the person may record; None: every country."""
    scopes = scopes_of(user)
    if scopes.is_pmu:
        return None
    return scopes.countries_for(Role.FOCAL_POINT)
