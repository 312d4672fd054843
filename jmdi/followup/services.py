"""Every write of the follow-up: one function per action, keyword arguments, the acting
person as `actor`, inside a transaction. A refused action raises PermissionDenied and
changes nothing; bad input raises ValidationError({field: message}) naming the fix.

`at` lets the demo and the generator write a plausible past; the pages never pass it.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jmdi.core.roles import Role
from jmdi.core.site import absolute_url, current_site
from jmdi.core.uploads import check_evidence
from jmdi.followup import permissions
from jmdi.followup.models import (
    FOLLOWED_STATUSES,
    Assessment,
    BudgetHeading,
    Evidence,
    ExpenditureLine,
    IndicatorValue,
    MonitoringPlan,
    PlanIndicator,
    ProgressReport,
    ReminderSent,
    ReportingPeriod,
    ReportReview,
    Visit,
)
from jmdi.initiatives.models import Initiative
from jmdi.monitoring import services as monitoring_services
from jmdi.monitoring.models import Lesson

#: A reporting period lasts this many months by default (a semester).
PERIOD_MONTHS = 6
#: A report is due this many days after its period ends.
DUE_DAYS = 30
#: An overdue report's grantee is reminded again after this many days.
REMINDER_EVERY_DAYS = 7
CENT = Decimal("0.01")


def _now(at: dt.datetime | None) -> dt.datetime:
    return at if at is not None else timezone.now()


def _dated(instance: Any, at: dt.datetime) -> None:
    instance._history_date = at


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# --- Reporting schedule --------------------------------------------------------------------


def schedule_for(
    start: dt.date, end: dt.date, *, months: int = PERIOD_MONTHS, due_days: int = DUE_DAYS
) -> list[tuple[dt.date, dt.date, dt.date]]:
    """(start, end, due) of each period from `start` to `end`, `months` long (the last
    one shorter), each due `due_days` after it ends."""
    periods = []
    first = start
    while first <= end:
        last = min(_add_months(first, months) - dt.timedelta(days=1), end)
        periods.append((first, last, last + dt.timedelta(days=due_days)))
        first = last + dt.timedelta(days=1)
    return periods


@transaction.atomic
def generate_periods(
    *,
    actor: Any,
    initiative: Initiative,
    months: int = PERIOD_MONTHS,
    due_days: int = DUE_DAYS,
    start: dt.date | None = None,
    end: dt.date | None = None,
    at: dt.datetime | None = None,
) -> list[ReportingPeriod]:
    """The initiative's reporting periods from its dates (or `start`/`end` when given),
    each with its draft report. Idempotent: an initiative that has periods keeps them
    (the PMU edits them one by one)."""
    _require(permissions.can_manage_schedule(actor, initiative))
    locked = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if locked.status not in FOLLOWED_STATUSES:
        raise ValidationError(
            {"initiative": _("Only selected or funded initiatives report on their progress.")}
        )
    first, last = start or locked.start_date, end or locked.end_date
    if first is None or last is None:
        raise ValidationError(
            {
                "initiative": _(
                    "Record the initiative's start and end dates first: the reporting "
                    "periods are counted from them."
                )
            }
        )
    if not 1 <= months <= 12:
        raise ValidationError({"months": _("A period lasts from 1 to 12 months.")})
    if ReportingPeriod.objects.filter(initiative=locked).exists():
        return list(ReportingPeriod.objects.filter(initiative=locked))
    when = _now(at)
    made = []
    for number, (start, end, due) in enumerate(
        schedule_for(first, last, months=months, due_days=due_days),
        start=1,
    ):
        period = ReportingPeriod(initiative=locked, number=number, start=start, end=end, due=due)
        _dated(period, when)
        period.save()
        report = ProgressReport(initiative=locked, period=period, updated_at=when)
        _dated(report, when)
        report.save()
        made.append(period)
    return made


@transaction.atomic
def update_period(
    *, actor: Any, period: ReportingPeriod, start: dt.date, end: dt.date, due: dt.date
) -> ReportingPeriod:
    _require(permissions.can_manage_schedule(actor, period.initiative))
    errors = {}
    if end < start:
        errors["end"] = _("The period must end on or after its start.")
    if due < end:
        errors["due"] = _("The report cannot be due before the period ends.")
    if errors:
        raise ValidationError(errors)
    locked = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    locked.start, locked.end, locked.due = start, end, due
    locked._history_user = actor  # type: ignore[attr-defined]
    locked.save(update_fields=["start", "end", "due"])
    return locked


# --- Reports -------------------------------------------------------------------------------


def _lock_report(report: ProgressReport) -> ProgressReport:
    return (
        ProgressReport.objects.select_for_update(of=("self",))
        .select_related("initiative__country", "period")
        .get(pk=report.pk)
    )


@transaction.atomic
def save_report(
    *,
    actor: Any,
    report: ProgressReport,
    achievements: str,
    difficulties: str,
    next_steps: str,
    amounts: Mapping[str, Decimal | None],
    values: Mapping[int, Decimal | None] | None = None,
    at: dt.datetime | None = None,
) -> ProgressReport:
    """The grantee's draft: narrative, what was spent per budget heading in the period,
    and the period's value of each indicator of the plan (None or missing: not reported)."""
    locked = _lock_report(report)
    _require(permissions.can_edit_report(actor, locked))
    errors: dict[str, str] = {}
    clean: dict[str, Decimal] = {}
    for heading, amount in amounts.items():
        if heading not in BudgetHeading.values:
            errors[heading] = _("Unknown budget heading.")
        elif amount is not None:
            if amount < 0:
                errors[heading] = _("Enter what was spent, zero or more.")
            elif amount != amount.quantize(CENT):
                errors[heading] = _("Enter an amount in euros to the cent, e.g. 1250.50.")
            else:
                clean[heading] = amount
    indicators = {
        i.pk: i for i in PlanIndicator.objects.filter(plan__initiative_id=locked.initiative_id)
    }
    for pk in values or {}:
        if pk not in indicators:
            errors[f"indicator_{pk}"] = _("This indicator is not in the project's plan.")
    if errors:
        raise ValidationError(errors)
    when = _now(at)
    locked.achievements = achievements.strip()
    locked.difficulties = difficulties.strip()
    locked.next_steps = next_steps.strip()
    locked.updated_at = when
    locked._history_user = actor  # type: ignore[attr-defined]
    _dated(locked, when)
    locked.save()
    ExpenditureLine.objects.filter(report=locked).exclude(heading__in=list(clean)).delete()
    for heading, amount in clean.items():
        ExpenditureLine.objects.update_or_create(
            report=locked, heading=heading, defaults={"amount": amount}
        )
    for pk, value in (values or {}).items():
        if value is None:
            IndicatorValue.objects.filter(indicator_id=pk, report=locked).delete()
        else:
            IndicatorValue.objects.update_or_create(
                indicator_id=pk,
                report=locked,
                defaults={"value": value, "on": locked.period.end, "recorded_by": actor},
            )
    return locked


@transaction.atomic
def submit_report(
    *, actor: Any, report: ProgressReport, at: dt.datetime | None = None
) -> ProgressReport:
    locked = _lock_report(report)
    _require(permissions.can_submit_report(actor, locked))
    if not locked.achievements:
        raise ValidationError(
            {"achievements": _("Describe the period's achievements before submitting.")}
        )
    when = _now(at)
    locked.status = ProgressReport.Status.SUBMITTED
    locked.submitted_at, locked.submitted_by, locked.updated_at = when, actor, when
    locked._history_user = actor  # type: ignore[attr-defined]
    _dated(locked, when)
    locked.save()
    return locked


@transaction.atomic
def review_report(
    *,
    actor: Any,
    report: ProgressReport,
    decision: str,
    comment: str = "",
    at: dt.datetime | None = None,
) -> ProgressReport:
    """The focal point's review of a submitted report (approve: on to the PMU), then the
    PMU's (approve: done). Returning needs a comment saying what to change."""
    locked = _lock_report(report)
    if permissions.can_focal_review(actor, locked):
        level = ReportReview.Level.FOCAL_POINT
    elif permissions.can_pmu_review(actor, locked):
        level = ReportReview.Level.PMU
    else:
        raise PermissionDenied
    if decision not in ReportReview.Decision.values:
        raise ValidationError({"decision": _("Choose to approve or to return the report.")})
    comment = comment.strip()
    if decision == ReportReview.Decision.RETURN and not comment:
        raise ValidationError(
            {"comment": _("Say what the grantee should change before it submits again.")}
        )
    when = _now(at)
    ReportReview.objects.create(
        report=locked,
        level=level,
        decision=decision,
        comment=comment,
        reviewer=actor,
        reviewed_at=when,
    )
    if decision == ReportReview.Decision.RETURN:
        locked.status = ProgressReport.Status.RETURNED
    elif level == ReportReview.Level.FOCAL_POINT:
        locked.status = ProgressReport.Status.FOCAL_APPROVED
    else:
        locked.status = ProgressReport.Status.APPROVED
        locked.approved_on = timezone.localdate(when)
    locked.updated_at = when
    locked._history_user = actor  # type: ignore[attr-defined]
    _dated(locked, when)
    locked.save()
    return locked


@transaction.atomic
def add_evidence(
    *, actor: Any, report: ProgressReport, upload: Any, at: dt.datetime | None = None
) -> Evidence:
    locked = _lock_report(report)
    _require(permissions.can_edit_report(actor, locked))
    kind = check_evidence(upload)
    name = str(upload.name).rsplit("/", 1)[-1][:200]
    evidence = Evidence(
        report=locked,
        original_name=name,
        kind=kind,
        size=upload.size,
        uploaded_by=actor,
        uploaded_at=_now(at),
    )
    upload.seek(0)
    evidence.file.save(name, upload, save=False)
    evidence.save()
    return evidence


# --- Monitoring plan -----------------------------------------------------------------------


def _plan_for(initiative: Initiative, actor: Any, at: dt.datetime | None) -> MonitoringPlan:
    plan, _created = MonitoringPlan.objects.get_or_create(
        initiative=initiative,
        defaults={"created_by": actor, "created_on": timezone.localdate(_now(at))},
    )
    return plan


def _check_indicator(name: str, unit: str, baseline: Any, target: Any, direction: str) -> None:
    errors = {}
    if not name.strip():
        errors["name"] = _("Name the indicator, e.g. “Migrants advised by the one-stop shop”.")
    if not unit.strip():
        errors["unit"] = _("Give the unit the values are counted in, e.g. “people”.")
    if baseline is None:
        errors["baseline"] = _("Enter the baseline (0 if nothing was there before).")
    if target is None:
        errors["target"] = _("Enter the value the project aims to reach.")
    if direction not in PlanIndicator.Direction.values:
        errors["direction"] = _("Choose whether higher or lower is better.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def add_indicator(
    *,
    actor: Any,
    initiative: Initiative,
    name: str,
    unit: str,
    baseline: Decimal | None,
    target: Decimal | None,
    direction: str = PlanIndicator.Direction.INCREASE,
    jmdi_indicator: Any = None,
    at: dt.datetime | None = None,
) -> PlanIndicator:
    _require(permissions.can_edit_plan(actor, initiative))
    _check_indicator(name, unit, baseline, target, direction)
    assert baseline is not None
    assert target is not None
    plan = _plan_for(initiative, actor, at)
    order = (plan.indicators.aggregate(m=Max("order"))["m"] or 0) + 1
    indicator = PlanIndicator(
        plan=plan,
        name=name.strip(),
        unit=unit.strip(),
        baseline=baseline,
        target=target,
        direction=direction,
        jmdi_indicator=jmdi_indicator,
        order=order,
    )
    indicator.full_clean()
    indicator._history_user = actor  # type: ignore[attr-defined]
    indicator.save()
    return indicator


@transaction.atomic
def update_indicator(
    *,
    actor: Any,
    indicator: PlanIndicator,
    name: str,
    unit: str,
    baseline: Decimal | None,
    target: Decimal | None,
    direction: str,
    jmdi_indicator: Any = None,
) -> PlanIndicator:
    locked = PlanIndicator.objects.select_for_update().select_related("plan").get(pk=indicator.pk)
    initiative = Initiative.objects.select_related("country").get(pk=locked.plan.initiative_id)
    _require(permissions.can_edit_plan(actor, initiative))
    _check_indicator(name, unit, baseline, target, direction)
    locked.name, locked.unit = name.strip(), unit.strip()
    locked.baseline, locked.target = baseline, target  # type: ignore[assignment]
    locked.direction, locked.jmdi_indicator = direction, jmdi_indicator
    locked.full_clean()
    locked._history_user = actor  # type: ignore[attr-defined]
    locked.save()
    return locked


# --- Visits and assessments --------------------------------------------------------------


@transaction.atomic
def record_visit(
    *,
    actor: Any,
    initiative: Initiative,
    visited_on: dt.date | None,
    participants: str,
    findings: str,
    recommendations: str = "",
    follow_up: str = "",
    values: Mapping[int, Decimal | None] | None = None,
    at: dt.datetime | None = None,
) -> Visit:
    """A focal point's monitoring visit, with the indicator values found on the ground."""
    _require(permissions.can_record_visit(actor, initiative))
    when = _now(at)
    errors = {}
    if visited_on is None:
        errors["visited_on"] = _("Enter the date of the visit.")
    elif visited_on > timezone.localdate(when):
        errors["visited_on"] = _("A visit is recorded after it took place: enter a past date.")
    if not participants.strip():
        errors["participants"] = _("List who took part in the visit.")
    if not findings.strip():
        errors["findings"] = _("Write what the visit found.")
    indicators = {i.pk for i in PlanIndicator.objects.filter(plan__initiative=initiative)}
    for pk in values or {}:
        if pk not in indicators:
            errors[f"indicator_{pk}"] = _("This indicator is not in the project's plan.")
    if errors:
        raise ValidationError(errors)
    assert visited_on is not None
    visit = Visit(
        initiative=initiative,
        visited_on=visited_on,
        participants=participants.strip(),
        findings=findings.strip(),
        recommendations=recommendations.strip(),
        follow_up=follow_up.strip(),
        recorded_by=actor,
        recorded_at=when,
    )
    _dated(visit, when)
    visit.save()
    IndicatorValue.objects.bulk_create(
        IndicatorValue(indicator_id=pk, visit=visit, on=visited_on, value=v, recorded_by=actor)
        for pk, v in (values or {}).items()
        if v is not None
    )
    return visit


@transaction.atomic
def record_assessment(
    *,
    actor: Any,
    initiative: Initiative,
    assessed_on: dt.date | None,
    ratings: Mapping[str, int | None],
    justifications: Mapping[str, str],
    at: dt.datetime | None = None,
) -> Assessment:
    _require(permissions.can_record_assessment(actor, initiative))
    errors = {}
    if assessed_on is None:
        errors["assessed_on"] = _("Enter the date of the assessment.")
    fields: dict[str, Any] = {}
    for criterion in Assessment.CRITERIA:
        rating = ratings.get(criterion)
        if rating not in Assessment.Rating.values:
            errors[criterion] = _("Rate from 1 (unsatisfactory) to 4 (highly satisfactory).")
        why = (justifications.get(criterion) or "").strip()
        if not why:
            errors[f"{criterion}_why"] = _("Say why you give this rating.")
        fields[criterion], fields[f"{criterion}_why"] = rating, why
    if errors:
        raise ValidationError(errors)
    assert assessed_on is not None
    assessment = Assessment(
        initiative=initiative, assessed_on=assessed_on, assessed_by=actor, **fields
    )
    assessment.full_clean()
    _dated(assessment, _now(at))
    assessment.save()
    return assessment


# --- Lessons -------------------------------------------------------------------------------


def lesson_subject(source: ProgressReport | Visit) -> str:
    """The lessons-learned log's `subject` for a lesson drawn from this record."""
    kind = "progressreport" if isinstance(source, ProgressReport) else "visit"
    return f"followup.{kind}:{source.pk}"


def capture_lesson(
    *,
    actor: Any,
    source: ProgressReport | Visit,
    title: str,
    text: str,
    outputs: Iterable[Any] = (),
    at: dt.datetime | None = None,
) -> Lesson:
    """A lesson drawn from a report or a visit, into the lessons-learned log with its
    source, for the initiative's country."""
    initiative = Initiative.objects.select_related("programme", "country").get(
        pk=source.initiative_id
    )
    _require(permissions.can_capture_lesson(actor, initiative))
    if isinstance(source, ProgressReport) and source.status == ProgressReport.Status.DRAFT:
        raise ValidationError({"source": _("Lessons are drawn from submitted reports.")})
    return monitoring_services.record_lesson(
        actor=actor,
        programme=initiative.programme,
        title=title,
        text=text,
        outputs=outputs,
        countries=[initiative.country],
        subject=lesson_subject(source),
        at=at,
    )


# --- Overdue reminders ------------------------------------------------------------------


def _grantee_people(organisation_ids: set[int]) -> dict[int, list[Any]]:
    from jmdi.accounts.models import RoleAssignment

    people: dict[int, list[Any]] = {}
    for assignment in RoleAssignment.objects.filter(
        role=Role.GRANTEE,
        organisation_id__in=sorted(organisation_ids),
        revoked_at__isnull=True,
        user__is_active=True,
    ).select_related("user"):
        if assignment.organisation_id is not None:
            people.setdefault(assignment.organisation_id, []).append(assignment.user)
    return people


def _send_reminder(report: ProgressReport, recipient: Any, today: dt.date) -> None:
    language = getattr(recipient, "preferred_language", "") or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "user": recipient,
            "report": report,
            "initiative_title": report.initiative.localized_title,
            "late": (today - report.period.due).days,
            "site": current_site(),
            "link": absolute_url(
                reverse("followup:report", args=[report.initiative.programme.code, report.pk])
            ),
        }
        subject = render_to_string("followup/email/overdue_subject.txt", context)
        body = render_to_string("followup/email/overdue_message.txt", context)
    EmailMultiAlternatives(
        " ".join(subject.split()), body.strip(), settings.DEFAULT_FROM_EMAIL, [recipient.email]
    ).send()


def send_overdue_reminders(
    *, today: dt.date | None = None, every_days: int = REMINDER_EVERY_DAYS
) -> int:
    """E-mail the grantee's people about each overdue report, at most once every
    `every_days` days per report and person; each sending is recorded first."""
    day = today or timezone.localdate()
    overdue = list(
        ProgressReport.objects.filter(
            status__in=list(ProgressReport.WITH_GRANTEE), period__due__lt=day
        ).select_related("initiative__programme", "period")
    )
    if not overdue:
        return 0
    people = _grantee_people({r.initiative.lead_authority_id for r in overdue})
    recent = set(
        ReminderSent.objects.filter(
            report__in=overdue, sent_on__gt=day - dt.timedelta(days=every_days)
        ).values_list("report_id", "recipient_id")
    )
    sent = 0
    for report in overdue:
        for person in people.get(report.initiative.lead_authority_id, []):
            if (report.pk, person.pk) in recent or not person.email:
                continue
            with transaction.atomic():
                ReminderSent.objects.create(report=report, recipient=person, sent_on=day)
                _send_reminder(report, person, day)
            sent += 1
    return sent
