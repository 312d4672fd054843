"""Who a member is, for the M4D Net's other apps (discussions, support, events,
resources): whether they may post, and the name their contributions carry."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from jmdi.community.models import Member


def member_of(user: Any) -> Member | None:
    """The person's member profile, or None (anonymous, or never joined)."""
    if user is None or not user.is_authenticated:
        return None
    try:
        member: Member = user.member
    except Member.DoesNotExist:
        return None
    return member


def can_post(user: Any) -> bool:
    """A signed-in, active person who has not been banned and has not left."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    member = member_of(user)
    if member is None:
        return True  # staff of the programme post without a member profile
    return member.banned_at is None and member.left_at is None


def public_name(user: Any) -> str:
    """The name shown on what the person wrote: "former member" once they have left."""
    if user is None:
        return _("former member")
    member = getattr(user, "member", None)
    if member is not None and member.left_at is not None:
        return _("former member")
    if not user.is_active and not user.full_name:
        return _("former member")
    return str(user.full_name or _("member"))
