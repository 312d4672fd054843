"""Every change to people and roles."""

from __future__ import annotations

from django.conf import settings
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


def role_conflicts(
    *,
    user: User,
    role: str,
    country: Country | None = None,
    organisation: Organisation | None = None,
) -> list[str]:
    """Why giving `user` this role would put them on both sides of a decision.

    A grantee must not score, monitor or decide on their own country's initiatives:
    grantee and country reviewer, grantee and focal point of the same country, grantee
    and steering committee member. Empty when there is no conflict.
    """
    held = list(
        RoleAssignment.objects.filter(user=user, revoked_at__isnull=True).select_related(
            "country", "organisation__country"
        )
    )
    new_country = country.code if country else None
    new_org_country = organisation.country.code if organisation and organisation.country else None
    messages: list[str] = []
    for other in held:
        other_country = other.country.code if other.country else None
        other_org_country = (
            other.organisation.country.code
            if other.organisation and other.organisation.country
            else None
        )
        pairs = {role, other.role}
        if pairs == {Role.GRANTEE, Role.REVIEWER}:
            grantee_country = new_org_country if role == Role.GRANTEE else other_org_country
            reviewer_country = new_country if role == Role.REVIEWER else other_country
            if grantee_country and grantee_country == reviewer_country:
                messages.append(
                    _(
                        "%(person)s would review candidates of the country where their own "
                        "organisation is a grantee (%(role)s)."
                    )
                    % {"person": user, "role": other}
                )
        elif pairs == {Role.GRANTEE, Role.FOCAL_POINT}:
            grantee_country = new_org_country if role == Role.GRANTEE else other_org_country
            focal_country = new_country if role == Role.FOCAL_POINT else other_country
            if grantee_country and grantee_country == focal_country:
                messages.append(
                    _(
                        "%(person)s would monitor and coach their own organisation's grant as "
                        "focal point (%(role)s)."
                    )
                    % {"person": user, "role": other}
                )
        elif pairs == {Role.GRANTEE, Role.STEERING}:
            messages.append(
                _(
                    "%(person)s would sit on the steering committee that validates the "
                    "selection of grantees, while being one (%(role)s)."
                )
                % {"person": user, "role": other}
            )
    return messages


@transaction.atomic
def assign_role(
    *,
    actor: User | None,
    user: User,
    role: str,
    country: Country | None = None,
    organisation: Organisation | None = None,
    acknowledge_conflicts: bool = False,
    note: str = "",
) -> RoleAssignment:
    """Give `user` a role. `actor=None` only for system set-up (demo data, commands).

    A role that conflicts with one the person holds (see `role_conflicts`) is refused
    unless `acknowledge_conflicts` is set; the warning is then kept in the note.
    """
    if actor is not None and not can_manage_roles(actor):
        raise PermissionDenied(_("Only PMU officers can assign roles."))
    if role not in Role.values:
        raise ValidationError({"role": _("Choose one of the listed roles.")})
    _check_scope(role, country, organisation)
    conflicts = role_conflicts(user=user, role=role, country=country, organisation=organisation)
    if conflicts and not acknowledge_conflicts:
        raise ValidationError({"acknowledge_conflicts": conflicts}, code="conflict")
    if conflicts:
        note = " ".join([*conflicts, note]).strip()
    existing = RoleAssignment.objects.select_for_update().filter(
        user=user, role=role, country=country, organisation=organisation, revoked_at__isnull=True
    )
    if existing.exists():
        raise ValidationError({"role": _("%(person)s already has this role.") % {"person": user}})
    assignment = RoleAssignment(
        user=user,
        role=role,
        country=country,
        organisation=organisation,
        granted_by=actor,
        note=note[:500],
    )
    assignment._change_reason = "assigned"  # type: ignore[attr-defined]
    assignment.full_clean()
    assignment.save()
    _forget_cached_scopes(user)
    return assignment


@transaction.atomic
def revoke_role(
    *, actor: User | None, assignment: RoleAssignment, reason: str = ""
) -> RoleAssignment:
    if actor is not None and not can_manage_roles(actor):
        raise PermissionDenied(_("Only PMU officers can revoke roles."))
    locked = RoleAssignment.objects.select_for_update().get(pk=assignment.pk)
    if locked.revoked_at is not None:
        raise ValidationError(_("This role was already revoked."))
    if actor is not None and locked.user_id == actor.pk and locked.role == Role.PMU_OFFICER:
        raise ValidationError(_("You cannot revoke your own PMU role; ask another PMU officer."))
    locked.revoked_at = timezone.now()
    locked.revoked_by = actor
    if reason.strip():
        locked.note = reason.strip()[:500]
    locked._change_reason = "revoked"  # type: ignore[attr-defined]
    locked.save(update_fields=["revoked_at", "revoked_by", "note"])
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
    language: str = "",
    sex: str = "",
) -> User:
    """Create a person who signs in with `email`; `verified` marks the address confirmed."""
    from allauth.account.models import EmailAddress

    if actor is not None and not can_manage_roles(actor):
        raise PermissionDenied(_("Only PMU officers can add people."))
    email = User.objects.normalize_email(email).lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("Someone already signs in with this address.")})
    if language and language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Choose one of the listed languages.")})
    user = User(email=email, full_name=full_name, preferred_language=language)
    if sex:
        user.sex = sex
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from exc
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


@transaction.atomic
def invite_person(
    *,
    actor: User,
    email: str,
    full_name: str,
    language: str,
    role: str,
    sex: str = "",
    country: Country | None = None,
    organisation: Organisation | None = None,
    acknowledge_conflicts: bool = False,
) -> User:
    """Add a person with their first role and e-mail them an invitation (after commit).

    All or nothing: an address in use, a role without the country or organisation it
    needs, creates no one and sends nothing.
    """
    from jmdi.accounts.invitations import send_invitation_mail

    person = create_person(
        actor=actor, email=email, full_name=full_name, language=language, sex=sex
    )
    assign_role(
        actor=actor,
        user=person,
        role=role,
        country=country,
        organisation=organisation,
        acknowledge_conflicts=acknowledge_conflicts,
    )
    person.invited_by = actor
    person.invited_at = timezone.now()
    person._change_reason = "invited"  # type: ignore[attr-defined]
    person.save(update_fields=["invited_by", "invited_at"])
    transaction.on_commit(lambda: send_invitation_mail(user=person, inviter=actor))
    return person


@transaction.atomic
def resend_invitation(*, actor: User, user: User) -> User:
    """A new invitation link; the previous one stops working (the token covers the date)."""
    from jmdi.accounts.invitations import send_invitation_mail

    if not can_manage_roles(actor):
        raise PermissionDenied(_("Only PMU officers can invite people."))
    if user.invitation_accepted_at is not None or user.has_usable_password():
        raise ValidationError(_("%(person)s has already set a password.") % {"person": user})
    user.invited_by = actor
    user.invited_at = timezone.now()
    user._change_reason = "invitation sent again"  # type: ignore[attr-defined]
    user.save(update_fields=["invited_by", "invited_at"])
    transaction.on_commit(lambda: send_invitation_mail(user=user, inviter=actor))
    return user


@transaction.atomic
def accept_invitation(*, user: User, password: str) -> User:
    """The invited person sets their password; that also proves the address is theirs."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth.password_validation import validate_password

    locked = User.objects.select_for_update().get(pk=user.pk)
    if locked.invitation_accepted_at is not None:
        raise ValidationError(_("This invitation was already used: sign in instead."))
    try:
        validate_password(password, locked)
    except ValidationError as exc:
        raise ValidationError({"password1": exc.messages}) from exc
    locked.set_password(password)
    locked.invitation_accepted_at = timezone.now()
    locked._change_reason = "invitation accepted"  # type: ignore[attr-defined]
    locked.save(update_fields=["password", "invitation_accepted_at"])
    EmailAddress.objects.filter(user=locked, email__iexact=locked.email).update(verified=True)
    return locked


@transaction.atomic
def set_preferred_language(*, user: User, language: str) -> User:
    """Kept on the account, so the platform speaks it wherever the person signs in."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Choose one of the listed languages.")})
    if user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
    return user
