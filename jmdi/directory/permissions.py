"""Who may see which country's directory and contacts.

Each rule is written once, as a *scope* (all countries, some countries, or none), and
both the list filter (`*_q`) and the object check (`can_*`) are derived from it, so they
cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from jmdi.core.roles import Role
from jmdi.core.scopes import scopes_of

User = AbstractBaseUser


@dataclass(frozen=True)
class CountryScope:
    all: bool = False
    countries: frozenset[str] = frozenset()

    def q(self, field: str) -> Q:
        if self.all:
            return Q()
        if not self.countries:
            return Q(pk__in=[])
        return Q(**{f"{field}__in": sorted(self.countries)})

    def allows(self, country_code: str) -> bool:
        return self.all or country_code in self.countries


def directory_scope(user: User | AnonymousUser) -> CountryScope:
    """Countries whose organisations a person may browse: the PMU, the committees and the
    focal points (who work across borders) see them all; a country reviewer scores the
    candidates of their own country, and sees that country only."""
    scopes = scopes_of(user)
    if scopes.has(Role.PMU_OFFICER, Role.STEERING, Role.TECHNICAL, Role.FOCAL_POINT):
        return CountryScope(all=True)
    return CountryScope(countries=scopes.countries_for(Role.REVIEWER))


def contact_scope(user: User | AnonymousUser) -> CountryScope:
    """Contacts are personal data: the PMU sees all; a focal point only their country's."""
    scopes = scopes_of(user)
    if scopes.is_pmu:
        return CountryScope(all=True)
    return CountryScope(countries=scopes.countries_for(Role.FOCAL_POINT))


def can_browse_directory(user: User | AnonymousUser) -> bool:
    scope = directory_scope(user)
    return scope.all or bool(scope.countries)


def countries_q(user: User | AnonymousUser) -> Q:
    return directory_scope(user).q("code")


def can_view_country(user: User | AnonymousUser, country_code: str) -> bool:
    return directory_scope(user).allows(country_code)


def contacts_q(user: User | AnonymousUser) -> Q:
    return contact_scope(user).q("organisation__country__code")


def can_view_contacts(user: User | AnonymousUser, country_code: str) -> bool:
    return contact_scope(user).allows(country_code)


def edit_scope(user: User | AnonymousUser) -> CountryScope:
    """Who records organisations and contacts: the PMU anywhere, a focal point in their
    country (they map its local authorities and partners)."""
    scopes = scopes_of(user)
    if scopes.is_pmu:
        return CountryScope(all=True)
    return CountryScope(countries=scopes.countries_for(Role.FOCAL_POINT))


def can_edit_directory(user: User | AnonymousUser, country_code: str | None) -> bool:
    """`country_code=None`: an organisation that works in no single country (PMU only)."""
    scope = edit_scope(user)
    return scope.all if country_code is None else scope.allows(country_code)


def organisations_q(user: User | AnonymousUser) -> Q:
    """The organisations a person may browse: those of the countries they may browse, and
    (for those who browse every country) the ones that work in no single country."""
    return directory_scope(user).q("country__code")


def can_view_organisation(user: User | AnonymousUser, country_code: str | None) -> bool:
    scope = directory_scope(user)
    return scope.all if country_code is None else scope.allows(country_code)


def can_create_organisation(user: User | AnonymousUser) -> bool:
    """Whether the person may record an organisation in at least one country."""
    scope = edit_scope(user)
    return scope.all or bool(scope.countries)


def can_edit_organisation(user: User | AnonymousUser, country_code: str | None) -> bool:
    return can_edit_directory(user, country_code)


def can_merge(user: User | AnonymousUser) -> bool:
    """Merging two records moves what every app recorded against one of them: the PMU only."""
    return scopes_of(user).is_pmu
