"""State changes of the M4D Net's membership, and the activity counter every M4D Net app
calls when a member does something the usage figures count."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from django.conf import settings
from django.utils import timezone

from jmdi.community.models import Activity, ActivityKind
from jmdi.community.selectors import member_of


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
