"""Every write of the events: one function per action, keyword arguments, the acting
person as `actor`, inside a transaction. A refused action raises PermissionDenied and
changes nothing; bad input raises ValidationError({field: message}).

`today` lets the demo and the tests place an action in time; the pages never pass it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from jmdi.community.models import ActivityKind
from jmdi.community.services import record_activity
from jmdi.events import permissions
from jmdi.events.models import Event, EventParticipation, Interest, Outcome, Status

#: What the event forms may set.
EVENT_FIELDS = (
    "title",
    "summary",
    "language",
    "translations",
    "kind",
    "scope",
    "organiser",
    "organisation",
    "start_date",
    "end_date",
    "start_time",
    "end_time",
    "timezone",
    "city",
    "country",
    "online",
    "online_url",
    "description",
    "website",
    "languages",
    "targets_local_authorities",
    "local_dimension",
    "status",
)
OUTCOME_FIELDS = ("summary", "participants", "local_authorities", "follow_up", "documents_url")


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _today(today: dt.date | None) -> dt.date:
    return today if today is not None else timezone.localdate()


def _apply(instance: Any, data: Mapping[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise ValidationError({name: _("Not a field of this form.") for name in sorted(unknown)})
    for name, value in data.items():
        setattr(instance, name, value)


def _save(event: Event) -> Event:
    event.full_clean(exclude=["created_by", "interest_count"])
    event.save()
    return event


# --- Events --------------------------------------------------------------------------------


@transaction.atomic
def create_event(*, actor: Any, data: Mapping[str, Any]) -> Event:
    """The PMU adds an event to the calendar."""
    _require(permissions.can_create_event(actor))
    event = Event(created_by=actor)
    _apply(event, data, EVENT_FIELDS)
    return _save(event)


@transaction.atomic
def propose_event(*, actor: Any, data: Mapping[str, Any]) -> Event:
    """A member proposes an event: it waits, "proposed", for the PMU to confirm it."""
    _require(permissions.can_propose_event(actor))
    event = Event(created_by=actor)
    _apply(event, {k: v for k, v in data.items() if k != "status"}, EVENT_FIELDS)
    event.status = Status.PROPOSED
    return _save(event)


@transaction.atomic
def update_event(*, actor: Any, event: Event, data: Mapping[str, Any]) -> Event:
    _require(permissions.can_edit_event(actor, event))
    _apply(event, data, EVENT_FIELDS)
    return _save(event)


@transaction.atomic
def confirm_event(*, actor: Any, event: Event) -> Event:
    """The PMU publishes a member's proposal, as planned."""
    _require(permissions.can_confirm_event(actor, event))
    event.status = Status.PLANNED
    event.save(update_fields=["status", "updated_at"])
    return event


# --- Interest ------------------------------------------------------------------------------


@transaction.atomic
def register_interest(*, actor: Any, event: Event, today: dt.date | None = None) -> Interest:
    """One registration per member and event; a second one changes nothing."""
    _require(permissions.can_register_interest(actor, event, _today(today)))
    existing = Interest.objects.filter(event=event, user=actor).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            interest = Interest.objects.create(event=event, user=actor)
    except IntegrityError:  # registered at the same moment in another request
        return Interest.objects.get(event=event, user=actor)
    Event.objects.filter(pk=event.pk).update(interest_count=F("interest_count") + 1)
    event.refresh_from_db(fields=["interest_count"])
    record_activity(user=actor, kind=ActivityKind.EVENT_INTEREST, day=today)
    return interest


@transaction.atomic
def withdraw_interest(*, actor: Any, event: Event) -> bool:
    """Deletes the member's registration; False when there was none."""
    _require(permissions.can_withdraw_interest(actor, event))
    deleted, _details = Interest.objects.filter(event=event, user=actor).delete()
    if deleted:
        Event.objects.filter(pk=event.pk, interest_count__gt=0).update(
            interest_count=F("interest_count") - 1
        )
        event.refresh_from_db(fields=["interest_count"])
    return bool(deleted)


# --- Participation and outcome -------------------------------------------------------------


@transaction.atomic
def add_participation(
    *,
    actor: Any,
    event: Event,
    role: str,
    person: Any = None,
    name: str = "",
    notes: str = "",
) -> EventParticipation:
    _require(permissions.can_record_participation(actor, event))
    if person is None and not name.strip():
        raise ValidationError(
            {"name": _("Choose a PMU officer or give the name of the JMDI representative.")}
        )
    if person is not None and not permissions.is_pmu(person):
        raise ValidationError({"person": _("Only PMU officers are listed here.")})
    participation = EventParticipation(
        event=event, person=person, name=name.strip(), role=role, notes=notes
    )
    participation.full_clean()
    participation.save()
    return participation


@transaction.atomic
def remove_participation(*, actor: Any, participation: EventParticipation) -> None:
    _require(permissions.can_record_participation(actor, participation.event))
    participation.delete()


@transaction.atomic
def record_outcome(
    *, actor: Any, event: Event, data: Mapping[str, Any], today: dt.date | None = None
) -> Outcome:
    """Records (or corrects) what the event gave; the event is then "held"."""
    _require(permissions.can_record_outcome(actor, event, _today(today)))
    outcome = Outcome.objects.filter(event=event).first() or Outcome(event=event)
    _apply(outcome, data, OUTCOME_FIELDS)
    outcome.recorded_by = actor
    outcome.full_clean(exclude=["recorded_by"])
    outcome.save()
    if event.status != Status.HELD:
        event.status = Status.HELD
        event.save(update_fields=["status", "updated_at"])
    return outcome
