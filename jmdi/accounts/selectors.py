"""Reads about people and their roles."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, QuerySet

from jmdi.accounts.models import Role, RoleAssignment, User


@dataclass(frozen=True)
class Scopes:
    """What one person may act on: roles held, and the countries/organisations per role."""

    roles: frozenset[str] = frozenset()
    countries: dict[str, frozenset[str]] = field(default_factory=dict)
    organisations: dict[str, frozenset[int]] = field(default_factory=dict)
    is_superuser: bool = False

    def has(self, *roles: str) -> bool:
        return self.is_superuser or any(role in self.roles for role in roles)

    def countries_for(self, role: str) -> frozenset[str]:
        return self.countries.get(role, frozenset())

    def organisations_for(self, role: str) -> frozenset[int]:
        return self.organisations.get(role, frozenset())

    @property
    def is_pmu(self) -> bool:
        return self.has(Role.PMU_OFFICER)


ANONYMOUS = Scopes()


def scopes_of(user: User | AnonymousUser | None) -> Scopes:
    """The roles of `user`, read once per request and kept on the user object."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    cached: Scopes | None = getattr(user, "_jmdi_scopes", None)
    if cached is not None:
        return cached
    roles: set[str] = set()
    countries: dict[str, set[str]] = {}
    organisations: dict[str, set[int]] = {}
    rows = RoleAssignment.objects.filter(user=user, revoked_at__isnull=True).values_list(
        "role", "country__code", "organisation_id"
    )
    for role, country_code, organisation_id in rows:
        roles.add(role)
        if country_code:
            countries.setdefault(role, set()).add(str(country_code))
        if organisation_id:
            organisations.setdefault(role, set()).add(organisation_id)
    scopes = Scopes(
        roles=frozenset(roles),
        countries={k: frozenset(v) for k, v in countries.items()},
        organisations={k: frozenset(v) for k, v in organisations.items()},
        is_superuser=user.is_superuser,
    )
    setattr(user, "_jmdi_scopes", scopes)  # noqa: B010 (a per-request cache on the user object)
    return scopes


def people_for_role_management() -> QuerySet[User]:
    """Everyone, with their active roles, for the PMU's people page."""
    active = RoleAssignment.objects.filter(revoked_at__isnull=True).select_related(
        "country", "organisation"
    )
    return User.objects.order_by("full_name", "email").prefetch_related(
        Prefetch("role_assignments", queryset=active, to_attr="active_roles")
    )


def get_person(user_id: int) -> User:
    return people_for_role_management().get(pk=user_id)


def active_roles_of(user: User) -> QuerySet[RoleAssignment]:
    return RoleAssignment.objects.filter(user=user, revoked_at__isnull=True).select_related(
        "country", "organisation"
    )
