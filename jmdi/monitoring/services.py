"""Every write of the monitoring framework: one function per action, in a transaction,
checking who acts, recording who did it (and, through simple-history, when).

Bad input raises ValidationError with a field dict and changes nothing. `at`/`on`
arguments let the demo and the generator write a plausible past; the pages never pass
them (a record is dated when it is written).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jmdi.core.periods import quarters
from jmdi.core.roles import Role
from jmdi.core.site import absolute_url, current_site
from jmdi.directory.models import Country
from jmdi.monitoring import permissions
from jmdi.monitoring.models import (
    REMINDER_DAYS,
    Issue,
    Lesson,
    QualityAssessment,
    ReminderSent,
    RiskReview,
    ScheduledEvent,
    WorkPlanStatus,
)
from jmdi.programmes.models import (
    MonitoringItem,
    Output,
    Programme,
    ProgrammeCountry,
    Risk,
    Semester,
    SubActivity,
)
from jmdi.programmes.monitoring import item_occurrences

QUALITY_ITEM = "quality_assessment"


def _now(at: dt.datetime | None) -> dt.datetime:
    return at if at is not None else timezone.now()


def _dated(instance: Any, at: dt.datetime) -> None:
    """The history row of the next save carries this date (the demo writes a past)."""
    instance._history_date = at


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _check_country(programme: Programme, country: Country | None) -> None:
    if country is None:
        return
    if not ProgrammeCountry.objects.filter(programme=programme, country=country).exists():
        raise ValidationError(
            {"country": _("%(country)s is not a country of this programme.") % {"country": country}}
        )


# --- Work plan ----------------------------------------------------------------------------


def set_work_plan_status(
    *,
    actor: Any,
    sub_activity: SubActivity,
    semester: Semester,
    status: str,
    comment: str = "",
    country: Country | None = None,
    at: dt.datetime | None = None,
) -> WorkPlanStatus:
    """How a sub-activity stands in a semester, for a country (None: the whole programme).

    A focal point sets their country's rows; the PMU any row and the programme-wide one.
    "Delayed" needs the reason, in the comment.
    """
    _require(permissions.can_set_work_plan_status(actor, str(country.code) if country else None))
    programme = semester.programme
    if sub_activity.activity.output.programme_id != programme.pk:
        raise ValidationError({"semester": _("This semester belongs to another programme.")})
    if status not in WorkPlanStatus.Status.values:
        raise ValidationError(
            {"status": _("Choose planned, on track, delayed or done.")}, code="invalid"
        )
    comment = comment.strip()
    if status == WorkPlanStatus.Status.DELAYED and not comment:
        raise ValidationError(
            {"comment": _("Say why the sub-activity is delayed: a delay needs its reason.")}
        )
    _check_country(programme, country)
    when = _now(at)
    with transaction.atomic():
        row = (
            WorkPlanStatus.objects.select_for_update()
            .filter(sub_activity=sub_activity, semester=semester, country=country)
            .first()
        )
        if row is None:
            row = WorkPlanStatus(
                programme=programme, sub_activity=sub_activity, semester=semester, country=country
            )
        row.status, row.comment, row.set_by, row.set_at = status, comment, actor, when
        row.full_clean(validate_constraints=False)
        _dated(row, when)
        row.save()
    return row


# --- Risks -----------------------------------------------------------------------------


def record_risk_review(
    *,
    actor: Any,
    risk: Risk,
    status: str,
    probability: int,
    impact: int,
    reviewed_on: dt.date | None = None,
    countermeasures: str = "",
    owner: str = "",
    comment: str = "",
    at: dt.datetime | None = None,
) -> RiskReview:
    """A dated review: the document's status (dead, reducing, increasing, no change) and the
    probability and impact re-assessed. The risk's current status is its latest review."""
    _require(permissions.can_review_risk(actor))
    when = _now(at)
    day = reviewed_on or timezone.localdate(when)
    errors: dict[str, str] = {}
    if day < risk.date_identified:
        errors["reviewed_on"] = _(
            "A review cannot be dated before the risk was identified (%(date)s)."
        ) % {"date": risk.date_identified.isoformat()}
    if day > timezone.localdate() and at is None:
        errors["reviewed_on"] = _("A review cannot be dated in the future.")
    if errors:
        raise ValidationError(errors)
    review = RiskReview(
        risk=risk,
        reviewed_on=day,
        status=status,
        probability=probability,
        impact=impact,
        countermeasures=countermeasures.strip(),
        owner=owner.strip(),
        comment=comment.strip(),
        recorded_by=actor,
        recorded_at=when,
    )
    review.full_clean()
    with transaction.atomic():
        review.save()
    return review


# --- Issues --------------------------------------------------------------------------------


def _issue_country_allowed(actor: Any, country: Country | None) -> None:
    writable = permissions.issue_countries_writable(actor)
    if writable is None:
        return
    if country is None or str(country.code) not in writable:
        raise ValidationError(
            {"country": _("Choose your own country: you record issues and lessons for it.")}
        )


def _check_issue(issue: Issue) -> None:
    if issue.status in Issue.SETTLED and not issue.resolution.strip():
        raise ValidationError(
            {"resolution": _("Say how the issue was resolved before resolving or closing it.")}
        )
    if issue.output is not None and issue.output.programme_id != issue.programme_id:
        raise ValidationError({"output": _("This output belongs to another programme.")})
    issue.full_clean(exclude=["number"], validate_constraints=False)


def record_issue(
    *,
    actor: Any,
    programme: Programme,
    title: str,
    type: str,
    priority: str,
    description: str = "",
    owner: Any = None,
    owner_role: str = "",
    country: Country | None = None,
    output: Output | None = None,
    status: str = Issue.Status.OPEN,
    resolution: str = "",
    raised_on: dt.date | None = None,
    at: dt.datetime | None = None,
) -> Issue:
    _require(permissions.can_record_issue(actor))
    _issue_country_allowed(actor, country)
    _check_country(programme, country)
    when = _now(at)
    issue = Issue(
        programme=programme,
        number=0,
        title=title.strip(),
        description=description.strip(),
        type=type,
        priority=priority,
        owner=owner,
        owner_role=owner_role.strip(),
        country=country,
        output=output,
        status=status,
        resolution=resolution.strip(),
        raised_by=actor,
        raised_on=raised_on or timezone.localdate(when),
        updated_at=when,
    )
    if issue.status in Issue.SETTLED:
        issue.settled_on = issue.raised_on
    _check_issue(issue)
    for _attempt in range(3):
        try:
            with transaction.atomic():
                last = Issue.objects.filter(programme=programme).aggregate(n=Max("number"))["n"]
                issue.number = (last or 0) + 1
                _dated(issue, when)
                issue.save()
            return issue
        except IntegrityError:  # two issues raised at once took the same number
            issue.pk = None
    raise ValidationError({"title": _("The issue could not be numbered; try again.")})


ISSUE_FIELDS = (
    "title",
    "description",
    "type",
    "priority",
    "owner",
    "owner_role",
    "status",
    "resolution",
    "country",
    "output",
)


def update_issue(
    *,
    actor: Any,
    issue: Issue,
    on: dt.date | None = None,
    at: dt.datetime | None = None,
    **changes: Any,
) -> Issue:
    """Change an issue's fields; resolving or closing needs a resolution."""
    _require(permissions.can_change_issue(actor, issue))
    unknown = set(changes) - set(ISSUE_FIELDS)
    if unknown:
        raise TypeError(f"unknown issue fields: {sorted(unknown)}")
    if "country" in changes and changes["country"] != issue.country:
        _issue_country_allowed(actor, changes["country"])
        _check_country(issue.programme, changes["country"])
    when = _now(at)
    with transaction.atomic():
        locked = Issue.objects.select_for_update().get(pk=issue.pk)
        was_settled = locked.status in Issue.SETTLED
        for name, value in changes.items():
            setattr(locked, name, value.strip() if isinstance(value, str) else value)
        if locked.status in Issue.SETTLED and not was_settled:
            locked.settled_on = on or timezone.localdate(when)
        elif locked.status not in Issue.SETTLED:
            locked.settled_on = None
        _check_issue(locked)
        locked.updated_at = when
        _dated(locked, when)
        locked.save()
    return locked


def resolve_issue(
    *,
    actor: Any,
    issue: Issue,
    resolution: str,
    status: str = Issue.Status.RESOLVED,
    on: dt.date | None = None,
    at: dt.datetime | None = None,
) -> Issue:
    if status not in Issue.SETTLED:
        raise ValidationError({"status": _("Choose resolved or closed.")})
    return update_issue(
        actor=actor, issue=issue, status=status, resolution=resolution, on=on, at=at
    )


# --- Lessons -------------------------------------------------------------------------------


def _check_lesson(
    actor: Any,
    programme: Programme,
    title: str,
    text: str,
    outputs: list[Output],
    countries: list[Country],
) -> None:
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("Give the lesson a title.")
    if not text.strip():
        errors["text"] = _("Write what was learnt.")
    if any(o.programme_id != programme.pk for o in outputs):
        errors["outputs"] = _("Choose outputs of this programme.")
    codes = {str(c.code) for c in countries}
    allowed = set(
        ProgrammeCountry.objects.filter(programme=programme).values_list("country__code", flat=True)
    )
    if codes - {str(c) for c in allowed}:
        errors["countries"] = _("Choose countries of this programme.")
    writable = permissions.issue_countries_writable(actor)
    if writable is not None and (not codes or not codes <= writable):
        errors["countries"] = _("Choose your own country: you record lessons for it.")
    if errors:
        raise ValidationError(errors)


def record_lesson(
    *,
    actor: Any,
    programme: Programme,
    title: str,
    text: str,
    outputs: Iterable[Output] = (),
    countries: Iterable[Country] = (),
    subject: str = "",
    recorded_on: dt.date | None = None,
    at: dt.datetime | None = None,
) -> Lesson:
    _require(permissions.can_record_lesson(actor))
    outputs, countries = list(outputs), list(countries)
    _check_lesson(actor, programme, title, text, outputs, countries)
    when = _now(at)
    lesson = Lesson(
        programme=programme,
        title=title.strip(),
        text=text.strip(),
        subject=subject.strip(),
        recorded_by=actor,
        recorded_on=recorded_on or timezone.localdate(when),
        updated_at=when,
    )
    lesson.full_clean()
    with transaction.atomic():
        _dated(lesson, when)
        lesson.save()
        lesson.outputs.set(outputs)
        lesson.countries.set(countries)
    return lesson


def update_lesson(
    *,
    actor: Any,
    lesson: Lesson,
    title: str,
    text: str,
    outputs: Iterable[Output],
    countries: Iterable[Country],
    subject: str = "",
    at: dt.datetime | None = None,
) -> Lesson:
    current = [str(c) for c in lesson.countries.values_list("code", flat=True)]
    _require(permissions.can_change_lesson(actor, lesson, current))
    outputs, countries = list(outputs), list(countries)
    _check_lesson(actor, lesson.programme, title, text, outputs, countries)
    when = _now(at)
    with transaction.atomic():
        lesson.title, lesson.text, lesson.subject = title.strip(), text.strip(), subject.strip()
        lesson.updated_at = when
        lesson.full_clean()
        _dated(lesson, when)
        lesson.save()
        lesson.outputs.set(outputs)
        lesson.countries.set(countries)
    return lesson


# --- Schedule ------------------------------------------------------------------------------


def sync_schedule(*, programme: Programme) -> int:
    """One event per due date of each monitoring item (the rule in the programme file);
    idempotent: events already there are kept, with what was recorded on them."""
    existing = set(ScheduledEvent.objects.filter(programme=programme).values_list("item_id", "due"))
    new = []
    for item in MonitoringItem.objects.filter(programme=programme).order_by("order"):
        for occurrence in item_occurrences(item, programme.start_date, programme.end_date):
            if (item.pk, occurrence.due) not in existing:
                new.append(
                    ScheduledEvent(
                        programme=programme,
                        item=item,
                        due=occurrence.due,
                        period_start=occurrence.period_start,
                        period_end=occurrence.period_end,
                    )
                )
    with transaction.atomic():
        ScheduledEvent.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def mark_event_done(
    *, actor: Any, event: ScheduledEvent, note: str = "", at: dt.datetime | None = None
) -> ScheduledEvent:
    _require(permissions.can_manage_schedule(actor))
    when = _now(at)
    with transaction.atomic():
        locked = ScheduledEvent.objects.select_for_update().get(pk=event.pk)
        if locked.done_at is not None:
            raise ValidationError({"done_at": _("This event is already marked done.")})
        locked.done_at, locked.done_by = when, actor
        if note.strip():
            locked.note = note.strip()
        _dated(locked, when)
        locked.save()
    return locked


def _reminder_recipients(event: ScheduledEvent) -> list[Any]:
    from jmdi.accounts.models import RoleAssignment

    people = {
        a.user.pk: a.user
        for a in RoleAssignment.objects.filter(
            role=Role.PMU_OFFICER, revoked_at__isnull=True, user__is_active=True
        ).select_related("user")
    }
    if event.responsible is not None and event.responsible.is_active:
        people[event.responsible.pk] = event.responsible
    return [people[k] for k in sorted(people)]


def _send_reminder(event: ScheduledEvent, recipient: Any, kind: str, today: dt.date) -> None:
    language = getattr(recipient, "preferred_language", "") or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "user": recipient,
            "event": event,
            "item_name": str(event.item.name),
            "overdue": kind == ReminderSent.Kind.OVERDUE,
            "days": (event.due - today).days,
            "late": (today - event.due).days,
            "site": current_site(),
            "link": absolute_url(f"/programmes/{event.programme.code}/monitoring-schedule/"),
        }
        subject = render_to_string("monitoring/email/reminder_subject.txt", context)
        body = render_to_string("monitoring/email/reminder_message.txt", context)
    EmailMultiAlternatives(
        " ".join(subject.split()), body.strip(), settings.DEFAULT_FROM_EMAIL, [recipient.email]
    ).send()


def send_reminders(*, today: dt.date | None = None) -> int:
    """E-mail the PMU and the responsible person about events due within REMINDER_DAYS
    and events overdue; each (event, person, kind) once, recorded before sending."""
    day = today or timezone.localdate()
    events = ScheduledEvent.objects.filter(
        done_at__isnull=True, due__lte=day + dt.timedelta(days=REMINDER_DAYS)
    ).select_related("item", "programme", "responsible")
    sent = 0
    for event in events:
        kind = ReminderSent.Kind.OVERDUE if event.due < day else ReminderSent.Kind.DUE_SOON
        for recipient in _reminder_recipients(event):
            with transaction.atomic():
                _, created = ReminderSent.objects.get_or_create(
                    event=event,
                    recipient=recipient,
                    kind=kind,
                    defaults={"sent_at": timezone.now()},
                )
                if created:
                    _send_reminder(event, recipient, kind, day)
                    sent += 1
    return sent


# --- Quality assessment ------------------------------------------------------------------


def record_quality_assessment(
    *,
    actor: Any,
    output: Output,
    quarter: str,
    rating: str,
    findings: str,
    recommended_actions: str = "",
    assessed_on: dt.date | None = None,
    at: dt.datetime | None = None,
) -> QualityAssessment:
    """One assessment per output per quarter, by the PMU. Once every output of the
    programme is assessed for the quarter, the quarter's quality-assessment event is done."""
    _require(permissions.can_assess_quality(actor))
    programme = output.programme
    known = {p.code: p for p in quarters(programme.start_date, programme.end_date)}
    if quarter not in known:
        raise ValidationError(
            {
                "quarter": _(
                    "Give a quarter of the programme as YEAR-QN, from %(first)s to %(last)s."
                )
                % {"first": next(iter(known)), "last": list(known)[-1]}
            }
        )
    if QualityAssessment.objects.filter(output=output, quarter=quarter).exists():
        raise ValidationError(
            {
                "quarter": _("This output is already assessed for %(quarter)s.")
                % {"quarter": quarter}
            }
        )
    when = _now(at)
    assessment = QualityAssessment(
        output=output,
        quarter=quarter,
        rating=rating,
        findings=findings.strip(),
        recommended_actions=recommended_actions.strip(),
        assessed_by=actor,
        assessed_on=assessed_on or timezone.localdate(when),
    )
    assessment.full_clean(validate_constraints=False)
    period = known[quarter]
    with transaction.atomic():
        _dated(assessment, when)
        assessment.save()
        assessed = QualityAssessment.objects.filter(
            output__programme=programme, quarter=quarter
        ).count()
        if assessed == Output.objects.filter(programme=programme).count():
            event = ScheduledEvent.objects.filter(
                programme=programme,
                item__code=QUALITY_ITEM,
                due=period.end,
                done_at__isnull=True,
            ).first()
            if event is not None:
                event.done_at, event.done_by = when, actor
                _dated(event, when)
                event.save()
    return assessment
