"""What one person may act on: the roles they hold and where each applies.

`scopes_of(user)` is what every `permissions.py` asks. The roles themselves are stored by
the `accounts` app, which provides the loader through its plug-in (`scopes_loader`), so
no permission module imports `accounts`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from jmdi.core.roles import Role


@dataclass(frozen=True)
class Scopes:
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
_CACHE_ATTRIBUTE = "_jmdi_scopes"


def scopes_of(user: Any) -> Scopes:
    """The scopes of `user`, read once per request and kept on the user object."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    cached: Scopes | None = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    from jmdi.core.plugins import scopes_loader

    scopes = scopes_loader()(user)
    setattr(user, _CACHE_ATTRIBUTE, scopes)
    return scopes


def forget_scopes(user: Any) -> None:
    """After a role change: the next `scopes_of(user)` reads the roles again."""
    user.__dict__.pop(_CACHE_ATTRIBUTE, None)
