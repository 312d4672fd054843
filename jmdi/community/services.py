"""State changes of the M4D Net's membership, and the activity counter every M4D Net app
calls when a member does something the usage figures count.

Joining records the consent with the text's version; the PMU verifies local authorities
and links a proposed organisation to the registry; a member downloads what the platform
holds about them and may leave, which anonymises the account and the profile (their
posts stay, shown as "former member") and removes the profile's history.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import zipfile
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jmdi.community import permissions
from jmdi.community.models import Activity, ActivityKind, Consent, Member
from jmdi.community.selectors import member_of
from jmdi.community.terms import MEMBERSHIP, current_text

#: The fields of a profile a member writes (the join and profile forms).
PROFILE_FIELDS = (
    "stakeholder_type",
    "country",
    "position",
    "bio",
    "languages",
    "profile_visibility",
    "show_email",
    "in_directory",
    "digest",
)


def actor_key(user: Any) -> str:
    """A keyed hash of the account: the same person gives the same key, and the key does
    not lead back to them without the site's secret."""
    if user is None or not user.is_authenticated:
        return ""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"m4dnet-activity:{user.pk}".encode(), hashlib.sha256
    )
    return digest.hexdigest()[:32]


def record_activity(*, user: Any, kind: ActivityKind | str, day: Any = None) -> Activity:
    """Count one use of the M4D Net by `user` (None or anonymous for a visitor)."""
    member = member_of(user)
    return Activity.objects.create(
        kind=ActivityKind(kind),
        day=day or timezone.localdate(),
        country=member.country if member else "",
        stakeholder_type=member.stakeholder_type if member else "",
        verified_authority=bool(member and member.is_verified_authority),
        actor=actor_key(user),
    )


def _match_organisation(member: Member, name: str) -> None:
    """Link the member to the registry's organisation of that name in their country, or
    keep the name for the PMU to confirm."""
    from jmdi.directory.models import Organisation
    from jmdi.directory.names import name_key

    name = name.strip()
    if not name:
        member.organisation = None
        member.proposed_organisation = ""
        return
    found = (
        Organisation.objects.filter(
            country__code=str(member.country), name_key=name_key(name), merged_at__isnull=True
        )
        .order_by("pk")
        .first()
    )
    if found is not None:
        member.organisation = found
        member.proposed_organisation = ""
    elif member.organisation is None or member.organisation.name != name:
        member.organisation = None
        member.proposed_organisation = name


def _check(data: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    if not str(data.get("full_name", "")).strip():
        errors["full_name"] = _("Enter your name as other members will see it.")
    if not data.get("stakeholder_type"):
        errors["stakeholder_type"] = _("Choose who you are from the list.")
    if not data.get("country"):
        errors["country"] = _("Choose the country you work in.")
    if errors:
        raise ValidationError(errors)


def _apply(member: Member, user: Any, data: dict[str, Any]) -> None:
    was_authority = member.stakeholder_type
    for name in PROFILE_FIELDS:
        if name in data:
            setattr(member, name, data[name])
    if was_authority and was_authority != member.stakeholder_type:
        # A verification holds for the stakeholder type it was given for.
        member.authority_verified_at = None
        member.authority_verified_by = None
    if "organisation_name" in data:
        _match_organisation(member, data["organisation_name"])
    user.full_name = str(data["full_name"]).strip()


def join(*, actor: Any, data: dict[str, Any], topics: Iterable[Any] = (), consent: bool) -> Member:
    """Make a signed-in person with a verified address a member, with their consent."""
    if not permissions.can_join(actor):
        raise PermissionDenied
    if not consent:
        raise ValidationError(
            {
                "consent": _(
                    "Tick the box to accept the terms: the M4D Net cannot hold your profile without it."
                )
            }
        )
    _check(data)
    from jmdi.accounts.services import assign_role
    from jmdi.core.roles import Role

    with transaction.atomic():
        member = Member(user=actor)
        _apply(member, actor, data)
        member.full_clean(exclude=["user", "organisation", "area"])
        actor.save(update_fields=["full_name"])
        member.save()
        member.topics.set(list(topics))
        Consent.objects.create(
            member=member,
            purpose=MEMBERSHIP,
            text_version=current_text().version,
            text=current_text().text,
        )
        if not actor.role_assignments.filter(role=Role.MEMBER, revoked_at__isnull=True).exists():
            assign_role(actor=None, user=actor, role=Role.MEMBER, note="Joined the M4D Net")
    return member


def update_profile(
    *, actor: Any, member: Member, data: dict[str, Any], topics: Iterable[Any] = ()
) -> Member:
    if not permissions.can_edit_profile(actor, member):
        raise PermissionDenied
    _check(data)
    with transaction.atomic():
        _apply(member, actor, data)
        member.full_clean(exclude=["user", "organisation", "area"])
        actor.save(update_fields=["full_name"])
        member.save()
        member.topics.set(list(topics))
    return member


def verify_authority(*, actor: Any, member: Member, organisation: Any = None) -> Member:
    """The PMU confirms that the member works for a local authority (and, when the
    member named an organisation not yet in the registry, which record it is)."""
    if not permissions.can_verify(actor):
        raise PermissionDenied
    if member.stakeholder_type != "local_authority":
        raise ValidationError(
            {"stakeholder_type": _("Only members who work for a local authority are verified.")}
        )
    if member.left_at is not None:
        raise ValidationError({"member": _("This member has left the M4D Net.")})
    with transaction.atomic():
        if organisation is not None:
            member.organisation = organisation
            member.proposed_organisation = ""
        if member.organisation is None:
            raise ValidationError(
                {
                    "organisation": _(
                        "Link the member to their local authority in the registry first."
                    )
                }
            )
        member.authority_verified_at = timezone.now()
        member.authority_verified_by = actor
        member.save()
    return member


def link_organisation(*, actor: Any, member: Member, organisation: Any) -> Member:
    if not permissions.can_verify(actor):
        raise PermissionDenied
    with transaction.atomic():
        member.organisation = organisation
        member.proposed_organisation = ""
        member.save()
    return member


# --- The member's own data ---------------------------------------------------------------


def personal_data(user: Any) -> dict[str, Any]:
    """Everything the platform holds about the person, by app (the apps declare theirs
    with `member_data`)."""
    from jmdi.core.plugins import member_data

    member = member_of(user)
    data: dict[str, Any] = {
        "account": {
            "email": user.email,
            "full_name": user.full_name,
            "preferred_language": getattr(user, "preferred_language", ""),
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        }
    }
    if member is not None:
        data["profile"] = {
            "organisation": member.organisation.name if member.organisation else "",
            "proposed_organisation": member.proposed_organisation,
            "stakeholder_type": member.stakeholder_type,
            "country": str(member.country),
            "position": member.position,
            "bio": member.bio,
            "languages": member.languages,
            "topics": [str(t.code) for t in member.topics.all()],
            "profile_visibility": member.profile_visibility,
            "show_email": member.show_email,
            "in_directory": member.in_directory,
            "digest": member.digest,
            "local_authority_verified_at": member.authority_verified_at,
            "joined_at": member.joined_at,
        }
        data["consents"] = [
            {
                "purpose": c.purpose,
                "version": c.text_version,
                "text": c.text,
                "given_at": c.given_at,
                "withdrawn_at": c.withdrawn_at,
            }
            for c in member.consents.all()
        ]
    for name, collect in member_data():
        data[name] = collect(user)
    return data


def data_archive(*, actor: Any) -> bytes:
    """A ZIP holding `data.json` (machine-readable) and a short README."""
    if not actor.is_authenticated:
        raise PermissionDenied
    payload = json.dumps(personal_data(actor), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", payload)
        archive.writestr(
            "README.txt",
            _(
                "What the M4D Net holds about you, exported on %(date)s. data.json has one section per part of the platform."
            )
            % {"date": timezone.now().date().isoformat()},
        )
    return buffer.getvalue()


def leave(*, actor: Any) -> None:
    """Delete the person's account: their name, address, profile, consents' link and the
    histories that held them are removed; what they wrote stays, as "former member"."""
    if not actor.is_authenticated:
        raise PermissionDenied
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    from jmdi.accounts.models import RoleAssignment, User

    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=actor.pk)
        member = Member.objects.filter(user=user).first()
        if member is not None:
            member.organisation = None
            member.proposed_organisation = ""
            member.position = ""
            member.bio = ""
            member.languages = []
            member.area = None
            member.show_email = False
            member.in_directory = False
            member.profile_visibility = "nobody"
            member.left_at = timezone.now()
            member.save()
            member.topics.clear()
            member.consents.update(withdrawn_at=timezone.now())
            member.history.all().delete()
        RoleAssignment.objects.filter(user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        EmailAddress.objects.filter(user=user).delete()
        Authenticator.objects.filter(user=user).delete()
        user.email = f"former-member-{user.pk}@invalid.example"
        user.full_name = ""
        user.is_active = False
        user.set_unusable_password()
        user.save()
        user.history.all().delete()
        from django.contrib.sessions.models import Session

        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
            if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
                session.delete()
