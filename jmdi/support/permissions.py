"""Who may do what with the support facility. One rule per action, used by the views
and by the services; each list filter (`*_q`) sits beside the object check built on the
same scope.

- A visitor reads the public FAQ only (the "ask for support" page asks them to sign in).
- A member (a signed-in person with an M4D Net profile, not banned) submits requests and
  follows their own: reads them, adds messages, withdraws them. Another person's request
  does not exist for them.
- A focal point reads and acts on the requests the PMU referred to them, in their own
  country only: answers and resolves them.
- The PMU reads everything and does everything: triage, answer, assign to a colleague,
  refer, resolve, close without answer, turn a resolved request into an FAQ entry.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from jmdi.community.selectors import can_post, member_of
from jmdi.core.roles import Role
from jmdi.core.scopes import scopes_of

_OPEN = ("submitted", "triaged", "answered", "assigned", "referred")
_RESOLVABLE = ("answered", "assigned", "referred")


def is_pmu(user: Any) -> bool:
    return scopes_of(user).is_pmu


def _focal_countries(user: Any) -> frozenset[str]:
    return scopes_of(user).countries_for(Role.FOCAL_POINT)


def _signed_in(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def _owns(user: Any, request: Any) -> bool:
    return _signed_in(user) and request.requester_id == user.pk


def is_referred_focal_point(user: Any, request: Any) -> bool:
    """The focal point the request was referred to, while it is in their country."""
    return (
        _signed_in(user)
        and request.referred_to_focal_point_id == user.pk
        and str(request.country) in _focal_countries(user)
    )


# --- The FAQ -------------------------------------------------------------------------------


def can_view_faq(user: Any) -> bool:
    return True


def can_manage_faq(user: Any) -> bool:
    """Edit, publish and withdraw FAQ entries; see the unpublished ones."""
    return is_pmu(user)


# --- Requests ------------------------------------------------------------------------------


def can_submit(user: Any) -> bool:
    """A member of the M4D Net who may post (not banned, not left)."""
    return _signed_in(user) and member_of(user) is not None and can_post(user)


def can_view_own_requests(user: Any) -> bool:
    """The "My requests" page: anyone signed in (it may be empty)."""
    return _signed_in(user)


def requests_visible_q(user: Any) -> Q:
    if not _signed_in(user):
        return Q(pk__in=[])
    if is_pmu(user):
        return Q()
    return Q(requester_id=user.pk) | referred_q(user)


def referred_q(user: Any) -> Q:
    """The requests referred to `user` as a focal point, in their own countries only."""
    countries = _focal_countries(user)
    if not _signed_in(user) or not countries:
        return Q(pk__in=[])
    return Q(referred_to_focal_point_id=user.pk, country__in=sorted(countries))


def can_view_request(user: Any, request: Any) -> bool:
    return is_pmu(user) or _owns(user, request) or is_referred_focal_point(user, request)


def can_view_internal(user: Any, request: Any) -> bool:
    """The triage notes, the assignment and referral details and the full event log."""
    return is_pmu(user) or is_referred_focal_point(user, request)


def can_view_attachment(user: Any, attachment: Any) -> bool:
    return can_view_request(user, attachment.request)


def can_view_queue(user: Any) -> bool:
    return is_pmu(user)


def can_view_referrals(user: Any) -> bool:
    """The focal point's list of requests referred to them."""
    return _signed_in(user) and bool(_focal_countries(user))


def can_view_report(user: Any) -> bool:
    return is_pmu(user)


def can_triage(user: Any, request: Any) -> bool:
    return is_pmu(user) and request.status in ("submitted", "triaged")


def can_answer(user: Any, request: Any) -> bool:
    if request.status not in _OPEN:
        return False
    return is_pmu(user) or is_referred_focal_point(user, request)


def can_assign(user: Any, request: Any) -> bool:
    return is_pmu(user) and request.status in _OPEN


def can_refer(user: Any, request: Any) -> bool:
    return is_pmu(user) and request.status in _OPEN


def can_resolve(user: Any, request: Any) -> bool:
    if request.status not in _RESOLVABLE:
        return False
    return is_pmu(user) or is_referred_focal_point(user, request)


def can_close(user: Any, request: Any) -> bool:
    """Close without an answer (a duplicate, out of scope, no reply from the requester)."""
    return is_pmu(user) and request.status in _OPEN


def can_withdraw(user: Any, request: Any) -> bool:
    return _owns(user, request) and request.status in _OPEN


def can_add_message(user: Any, request: Any) -> bool:
    return _owns(user, request) and request.status in _OPEN and can_post(user)


def can_make_faq(user: Any, request: Any) -> bool:
    return is_pmu(user) and request.status == "resolved"
