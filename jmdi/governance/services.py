"""Every change to the committees' records: meetings, agenda, attendance, minutes, decisions.

The PMU is the committees' secretariat (the document: it "will assist in the preparation
and coordination of the Steering Committee and Technical Committee meetings (for which it
will act as a secretariat)"): it records meetings and decisions and approves the minutes
on the committee's behalf; who approved them is recorded.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jmdi.directory.models import Organisation
from jmdi.governance import permissions
from jmdi.governance.models import (
    AgendaItem,
    Attendance,
    Decision,
    DecisionCounter,
    Meeting,
    MinutesStatus,
    locked_error,
)
from jmdi.programmes.models import GovernanceBody


def _require_secretariat(actor: Any) -> None:
    if actor is not None and not permissions.can_manage_meetings(actor):
        raise PermissionDenied


def _require_draft(meeting: Meeting) -> None:
    if Meeting.objects.filter(pk=meeting.pk, minutes_status=MinutesStatus.APPROVED).exists():
        raise ValidationError(
            {
                "minutes": _(
                    "The minutes of this meeting are approved: the meeting's record is closed."
                )
            }
        )


def body_prefix(body: GovernanceBody) -> str:
    """ "steering_committee" -> "SC", "technical_committee" -> "TC"."""
    parts = [p for p in str(body.code).replace("-", "_").split("_") if p]
    return "".join(p[0] for p in parts).upper() if len(parts) > 1 else str(body.code).upper()


def decision_number(body: GovernanceBody, year: int, sequence: int) -> str:
    return f"{body_prefix(body)}-{year}-{sequence:02d}"


@transaction.atomic
def create_meeting(
    *,
    actor: Any,
    body: GovernanceBody,
    date: dt.date | None,
    place: str = "",
    online: bool = False,
    agenda: list[tuple[str, str]] | None = None,
) -> Meeting:
    """A meeting of `body`, with its agenda items in order ((title, notes) pairs)."""
    _require_secretariat(actor)
    errors: dict[str, str] = {}
    programme = body.programme
    if date is None:
        errors["date"] = _("Enter the date of the meeting.")
    elif not (programme.start_date <= date <= programme.end_date):
        errors["date"] = _("Enter a date within the programme, between %(start)s and %(end)s.") % {
            "start": programme.start_date.isoformat(),
            "end": programme.end_date.isoformat(),
        }
    if not online and not place.strip():
        errors["place"] = _("Enter where the meeting is held, or tick “held online”.")
    if errors or date is None:
        raise ValidationError(errors)
    meeting = Meeting(
        body=body,
        date=date,
        place=place.strip(),
        online=online,
        created_by=actor,
    )
    meeting.full_clean()
    meeting.save()
    for title, notes in agenda or []:
        add_agenda_item(actor=actor, meeting=meeting, title=title, notes=notes)
    return meeting


@transaction.atomic
def add_agenda_item(*, actor: Any, meeting: Meeting, title: str, notes: str = "") -> AgendaItem:
    _require_secretariat(actor)
    _require_draft(meeting)
    if not title.strip():
        raise ValidationError({"title": _("Enter the title of the agenda item.")})
    last = meeting.agenda_items.aggregate(last=models.Max("order"))["last"] or 0
    item = AgendaItem(meeting=meeting, order=last + 1, title=title.strip(), notes=notes.strip())
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def record_attendance(
    *,
    actor: Any,
    meeting: Meeting,
    status: str,
    organisation: Organisation | None = None,
    person: str = "",
    observer_affiliation: str = "",
) -> Attendance:
    """A member organisation's attendance (present, absent, represented by `person`), or
    an invited observer (`status="observer"`, `person` and their affiliation). Recording a
    member organisation again replaces its line."""
    _require_secretariat(actor)
    _require_draft(meeting)
    errors: dict[str, str] = {}
    if status not in Attendance.Status.values:
        errors["status"] = _("Choose present, absent, represented or invited observer.")
    elif status == Attendance.Status.OBSERVER:
        if not person.strip():
            errors["person"] = _("Enter the observer's name.")
        organisation = None
    else:
        if organisation is None:
            errors["organisation"] = _("Choose the member organisation.")
        elif not meeting.body.members.filter(pk=organisation.pk).exists():
            errors["organisation"] = _(
                "%(organisation)s is not a member of this committee; record it as an invited observer."
            ) % {"organisation": organisation}
        if status == Attendance.Status.REPRESENTED and not person.strip():
            errors["person"] = _("Enter who represented the organisation.")
    if errors:
        raise ValidationError(errors)
    line = (
        Attendance.objects.filter(meeting=meeting, organisation=organisation).first()
        if organisation is not None
        else None
    ) or Attendance(meeting=meeting, organisation=organisation)
    line.status = status
    line.person = person.strip()
    line.observer_affiliation = observer_affiliation.strip() if organisation is None else ""
    line.full_clean(validate_constraints=False)
    line.save()
    return line


@transaction.atomic
def draft_minutes(*, actor: Any, meeting: Meeting, text: str) -> Meeting:
    _require_secretariat(actor)
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _require_draft(locked)
    locked.minutes = text.strip()
    locked._change_reason = "minutes drafted"  # type: ignore[attr-defined]
    locked.save(update_fields=["minutes"])
    return locked


@transaction.atomic
def approve_minutes(*, actor: Any, meeting: Meeting) -> Meeting:
    """Approve the minutes on the committee's behalf; from now on the meeting's decisions
    are fixed (superseded by later decisions, never edited)."""
    _require_secretariat(actor)
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _require_draft(locked)
    if not locked.minutes.strip():
        raise ValidationError({"minutes": _("Write the minutes before approving them.")})
    locked.minutes_status = MinutesStatus.APPROVED
    locked.minutes_approved_by = actor
    locked.minutes_approved_at = timezone.now()
    locked._change_reason = "minutes approved"  # type: ignore[attr-defined]
    locked.save(update_fields=["minutes_status", "minutes_approved_by", "minutes_approved_at"])
    return locked


def _allocate(body: GovernanceBody, year: int) -> int:
    """The next number of `body` in `year`, inside the caller's transaction: the counter
    row is locked until it commits, so two allocations never get the same number, and a
    rolled-back one gives its number back."""
    DecisionCounter.objects.get_or_create(body=body, year=year)
    counter = DecisionCounter.objects.select_for_update().get(body=body, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


@transaction.atomic
def record_decision(
    *,
    actor: Any,
    meeting: Meeting,
    text: str,
    target: models.Model | None = None,
    supersedes: Decision | None = None,
) -> Decision:
    """A numbered decision of the meeting's committee ("SC-2014-03"), while its minutes
    are a draft. `supersedes`: an earlier decision of the programme it replaces."""
    _require_secretariat(actor)
    _require_draft(meeting)
    errors: dict[str, str] = {}
    if not text.strip():
        errors["text"] = _("Enter the text of the decision.")
    if supersedes is not None:
        if supersedes.body.programme_id != meeting.body.programme_id:
            errors["supersedes"] = _("Choose a decision of this programme.")
        elif supersedes.meeting.date > meeting.date:
            errors["supersedes"] = _("A decision can only supersede an earlier decision.")
        elif Decision.objects.filter(supersedes=supersedes).exists():
            errors["supersedes"] = _("%(number)s is already superseded by another decision.") % {
                "number": supersedes.number
            }
    if errors:
        raise ValidationError(errors)
    year = meeting.date.year
    sequence = _allocate(meeting.body, year)
    decision = Decision(
        body=meeting.body,
        meeting=meeting,
        year=year,
        sequence=sequence,
        number=decision_number(meeting.body, year, sequence),
        text=text.strip(),
        supersedes=supersedes,
        recorded_by=actor,
    )
    if target is not None:
        decision.target_type = ContentType.objects.get_for_model(target)
        decision.target_id = target.pk
    decision.full_clean(validate_unique=False)
    decision.save()
    return decision


@transaction.atomic
def edit_decision(*, actor: Any, decision: Decision, text: str) -> Decision:
    """Correct a decision's text while its meeting's minutes are a draft."""
    _require_secretariat(actor)
    locked = Decision.objects.select_for_update().get(pk=decision.pk)
    if locked.is_locked():
        raise ValidationError({"text": locked_error().messages[0]})
    if not text.strip():
        raise ValidationError({"text": _("Enter the text of the decision.")})
    locked.text = text.strip()
    locked.save(update_fields=["text"])
    return locked
