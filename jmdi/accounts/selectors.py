"""Reads about people and their roles."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from jmdi.accounts.models import RoleAssignment, User
from jmdi.core.scopes import Scopes
from jmdi.directory.models import Organisation


def load_scopes(user: User) -> Scopes:
    """The active roles of `user`, for `jmdi.core.scopes.scopes_of` (one query)."""
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
    return Scopes(
        roles=frozenset(roles),
        countries={k: frozenset(v) for k, v in countries.items()},
        organisations={k: frozenset(v) for k, v in organisations.items()},
        is_superuser=user.is_superuser,
    )


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


def people_summary() -> dict[str, int]:
    """For the PMU's home panel (one query)."""
    return {"people": User.objects.filter(is_active=True).count()}


def first_person_id() -> int | None:
    return User.objects.order_by("pk").values_list("pk", flat=True).first()


def get_person_with_roles(user_id: int) -> tuple[User, list[RoleAssignment]]:
    """A person and every role they held or hold, newest first, with who granted and
    revoked each (two queries)."""
    person = User.objects.get(pk=user_id)
    assignments = list(
        RoleAssignment.objects.filter(user=person)
        .select_related("country", "organisation", "granted_by", "revoked_by")
        .order_by("revoked_at", "-granted_at")
    )
    return person, assignments


def organisations_matching(query: str, limit: int = 15) -> list[Organisation]:
    """Organisations whose name or acronym contains `query`, for choosing a grantee's
    organisation (one query; nothing for fewer than two characters)."""
    query = query.strip()
    if len(query) < 2:
        return []
    return list(
        Organisation.objects.filter(Q(name__icontains=query) | Q(acronym__icontains=query))
        .select_related("country")
        .order_by("name")[:limit]
    )


def get_organisation(pk: str) -> Organisation | None:
    if not pk.isdigit():
        return None
    return Organisation.objects.select_related("country").filter(pk=int(pk)).first()
