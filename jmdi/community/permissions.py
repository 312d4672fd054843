"""Who does what with the M4D Net's membership. One rule per action.

- A visitor reads the public pages and the profiles made public.
- A signed-in person whose address is verified joins (a profile and their consent).
- A member edits their own profile, downloads their data and leaves; reads the profiles
  open to members and the member directory.
- The PMU verifies local authorities, links proposed organisations to the registry and
  sees every profile. Bans are the discussions' moderation (jmdi.discussions), logged there.
"""

from __future__ import annotations

from typing import Any

from jmdi.community.models import Member, Visibility
from jmdi.core.roles import Role
from jmdi.core.scopes import scopes_of


def has_verified_address(user: Any) -> bool:
    if user is None or not user.is_authenticated:
        return False
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(user=user, verified=True).exists()


def is_pmu(user: Any) -> bool:
    return bool(
        user is not None and user.is_authenticated and scopes_of(user).has(Role.PMU_OFFICER)
    )


def can_join(user: Any) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if Member.objects.filter(user=user).exists():
        return False
    return has_verified_address(user)


def can_edit_profile(user: Any, member: Member) -> bool:
    return bool(user.is_authenticated and member.user_id == user.pk and member.left_at is None)


def can_view_profile(viewer: Any, member: Member) -> bool:
    if member.left_at is not None:
        return False
    if (
        viewer is not None
        and viewer.is_authenticated
        and (viewer.pk == member.user_id or is_pmu(viewer))
    ):
        return True
    if member.profile_visibility == Visibility.PUBLIC:
        return True
    if member.profile_visibility == Visibility.MEMBERS:
        return is_member(viewer)
    return False


def is_member(user: Any) -> bool:
    """A signed-in person with a member profile who has not left."""
    if user is None or not user.is_authenticated:
        return False
    return Member.objects.filter(user=user, left_at__isnull=True).exists()


def can_see_email(viewer: Any, member: Member) -> bool:
    return bool(member.show_email and can_view_profile(viewer, member)) or is_pmu(viewer)


def can_verify(user: Any) -> bool:
    return is_pmu(user)
