"""Who reads and acts on the events. One rule per action, used by the views and the
services alike.

- Everyone, visitors included, reads the published events and downloads the calendar.
- A member of the M4D Net (a member profile, or the member role) who may post registers
  interest in a coming event, withdraws it, and proposes events; a banned member does
  neither.
- The PMU creates and edits events, confirms proposals, records the programme's
  participation and the outcomes, and is the only one to see who registered (personal
  data: the others see a count).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q

from jmdi.community.selectors import can_post, member_of
from jmdi.core.roles import Role
from jmdi.core.scopes import scopes_of
from jmdi.events.models import PUBLISHED, Status


def is_pmu(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and scopes_of(user).is_pmu)


def is_member(user: Any) -> bool:
    """A signed-in person who belongs to the M4D Net and may post."""
    if not can_post(user):
        return False
    return member_of(user) is not None or scopes_of(user).has(Role.MEMBER, Role.PMU_OFFICER)


# --- Reading -------------------------------------------------------------------------------


def events_visible_q(user: Any) -> Q:
    """The events `user` reads: the published ones; the PMU also the proposals, and a
    member their own."""
    if is_pmu(user):
        return Q()
    condition = Q(status__in=PUBLISHED)
    if user is not None and user.is_authenticated:
        condition |= Q(status=Status.PROPOSED, created_by_id=user.pk)
    return condition


def can_view_event(user: Any, event: Any) -> bool:
    if event.status in PUBLISHED or is_pmu(user):
        return True
    return bool(user is not None and user.is_authenticated and event.created_by_id == user.pk)


def can_download_feed(user: Any) -> bool:
    return True


def can_see_registrants(user: Any, event: Any) -> bool:
    return is_pmu(user)


# --- Members -------------------------------------------------------------------------------


def can_register_interest(user: Any, event: Any, today: dt.date) -> bool:
    """A member, for a published event that is neither over nor cancelled."""
    return (
        is_member(user)
        and event.status in (Status.PLANNED, Status.CONFIRMED)
        and not event.is_over(today)
    )


def can_withdraw_interest(user: Any, event: Any) -> bool:
    """Anyone signed in may take back their own registration, banned or not."""
    return bool(user is not None and user.is_authenticated)


def can_propose_event(user: Any) -> bool:
    return is_member(user)


# --- The PMU -------------------------------------------------------------------------------


def can_create_event(user: Any) -> bool:
    return is_pmu(user)


def can_edit_event(user: Any, event: Any) -> bool:
    return is_pmu(user)


def can_confirm_event(user: Any, event: Any) -> bool:
    return is_pmu(user) and event.status == Status.PROPOSED


def can_record_participation(user: Any, event: Any) -> bool:
    return is_pmu(user) and event.status != Status.PROPOSED


def can_record_outcome(user: Any, event: Any, today: dt.date) -> bool:
    """Once the event has started (the PMU may record it on its last day)."""
    return (
        is_pmu(user)
        and event.status not in (Status.PROPOSED, Status.CANCELLED)
        and event.start_date <= today
    )
