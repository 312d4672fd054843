"""Every change to people and roles."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jmdi.accounts.models import (
    COUNTRY_SCOPED_ROLES,
    ORGANISATION_SCOPED_ROLES,
    Role,
    RoleAssignment,
    User,
)
from jmdi.accounts.permissions import can_manage_roles
from jmdi.core.scopes import forget_scopes
from jmdi.directory.models import Country, Organisation


def _check_scope(role: str, country: Country | None, organisation: Organisation | None) -> None:
    errors: dict[str, str] = {}
    if role in COUNTRY_SCOPED_ROLES and country is None:
        errors["country"] = _(
            "Choose the country this role covers: a %(role)s works in one country."
        ) % {"role": Role(role).label}
    if role not in COUNTRY_SCOPED_ROLES and country is not None:
        errors["country"] = _("Leave the country empty: this role is not limited to a country.")
    if role in ORGANISATION_SCOPED_ROLES and organisation is None:
        errors["organisation"] = _("Choose the organisation this grantee belongs to.")
    if role not in ORGANISATION_SCOPED_ROLES and organisation is not None:
        errors["organisation"] = _(
            "Leave the organisation empty: this role is not limited to an organisation."
        )
    if errors:
        raise ValidationError(errors)


def _forget_cached_scopes(user: User) -> None:
    """`scopes_of` caches roles on the user object; a role change must not leave them stale."""
    forget_scopes(user)


@transaction.atomic
def assign_role(
    *,
    actor: User | None,
    user: User,
    role: str,
    country: Country | None = None,
    organisation: Organisation | None = None,
) -> RoleAssignment:
    """Give `user` a role. `actor=None` only for system set-up (demo data, commands)."""
    if actor is not None and not can_manage_roles(actor):
        raise PermissionDenied(_("Only PMU officers can assign roles."))
    if role not in Role.values:
        raise ValidationError({"role": _("Choose one of the listed roles.")})
    _check_scope(role, country, organisation)
    existing = RoleAssignment.objects.select_for_update().filter(
        user=user, role=role, country=country, organisation=organisation, revoked_at__isnull=True
    )
    if existing.exists():
        raise ValidationError({"role": _("%(person)s already has this role.") % {"person": user}})
    assignment = RoleAssignment(
        user=user, role=role, country=country, organisation=organisation, granted_by=actor
    )
    assignment._change_reason = "assigned"  # type: ignore[attr-defined]
    assignment.full_clean()
    assignment.save()
    _forget_cached_scopes(user)
    return assignment


@transaction.atomic
def revoke_role(*, actor: User | None, assignment: RoleAssignment) -> RoleAssignment:
    if actor is not None and not can_manage_roles(actor):
        raise PermissionDenied(_("Only PMU officers can revoke roles."))
    locked = RoleAssignment.objects.select_for_update().get(pk=assignment.pk)
    if locked.revoked_at is not None:
        raise ValidationError(_("This role was already revoked."))
    if actor is not None and locked.user_id == actor.pk and locked.role == Role.PMU_OFFICER:
        raise ValidationError(_("You cannot revoke your own PMU role; ask another PMU officer."))
    locked.revoked_at = timezone.now()
    locked._change_reason = "revoked"  # type: ignore[attr-defined]
    locked.save(update_fields=["revoked_at"])
    _forget_cached_scopes(assignment.user)
    return locked


@transaction.atomic
def create_person(
    *,
    actor: User | None,
    email: str,
    full_name: str,
    password: str | None = None,
    verified: bool = False,
) -> User:
    """Create a person who signs in with `email`; `verified` marks the address confirmed."""
    from allauth.account.models import EmailAddress

    if actor is not None and not can_manage_roles(actor):
        raise PermissionDenied(_("Only PMU officers can add people."))
    email = User.objects.normalize_email(email).lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("Someone already signs in with this address.")})
    user = User(email=email, full_name=full_name)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=verified)
    return user


@transaction.atomic
def confirm_address_by_password_reset(*, user: User) -> bool:
    """A person invited by the PMU proves their address by using the emailed link.

    Only the invitation case is confirmed: a single, unverified address, which is the
    one the link was sent to. Returns whether an address was confirmed.
    """
    from allauth.account.models import EmailAddress

    addresses = list(EmailAddress.objects.select_for_update().filter(user=user))
    if len(addresses) != 1 or addresses[0].verified:
        return False
    address = addresses[0]
    address.verified = True
    address.save(update_fields=["verified"])
    return True


def request_two_factor_enrolment(*, user: User) -> bool:
    """E-mail `user` a link to set up two-factor sign-in; at most 3 in 10 minutes.

    Returns whether a link was sent. Counted in the shared cache, per account.
    """
    from django.core.cache import cache

    from jmdi.accounts import two_factor

    key = f"jmdi:two-factor-enrolment:{user.pk}"
    cache.add(key, 0, timeout=600)
    if cache.incr(key) > 3:
        return False
    two_factor.send_enrolment_link(user=user)
    return True
