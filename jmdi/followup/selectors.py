"""Every read of the follow-up pages, filtered by who reads; each list costs a fixed
number of queries whatever the data (pinned in the tests).

Public for other apps (a task inbox): `reports_waiting_for(user)` and
`overdue_reports_of(user, today=None)`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

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
    ReportingPeriod,
    Visit,
)
from jmdi.initiatives.models import Initiative
from jmdi.monitoring.models import Lesson

#: The share of a plan's indicators that must meet their targets for the project to
#: count as meeting its targets: all of them.
MEETS_TARGETS_SHARE = Decimal("1")


def _reports(programme_code: str) -> QuerySet[ProgressReport]:
    return ProgressReport.objects.filter(initiative__programme__code=programme_code)


def reports_visible_to(user: Any, programme_code: str) -> QuerySet[ProgressReport]:
    return (
        _reports(programme_code)
        .filter(permissions.reports_visible_q(user))
        .select_related("initiative__country", "initiative__lead_authority", "period")
        .order_by("-period__due", "initiative__reference", "pk")
    )


def reports_waiting_for(user: Any, programme_code: str | None = None) -> QuerySet[ProgressReport]:
    """The reports waiting for `user`: to review (a focal point's submitted reports of
    their country, the PMU's reports the focal point approved) or, for a grantee, to
    write (drafts and returned reports)."""
    queryset = ProgressReport.objects.filter(permissions.waiting_for_q(user))
    if programme_code is not None:
        queryset = queryset.filter(initiative__programme__code=programme_code)
    return queryset.select_related("initiative__country", "period").order_by("period__due", "pk")


def overdue_reports(
    user: Any, programme_code: str | None = None, today: dt.date | None = None
) -> QuerySet[ProgressReport]:
    """Reports past their due date and not submitted, among those `user` reads."""
    day = today or timezone.localdate()
    queryset = ProgressReport.objects.filter(
        permissions.reports_visible_q(user),
        status__in=list(ProgressReport.WITH_GRANTEE),
        period__due__lt=day,
    )
    if programme_code is not None:
        queryset = queryset.filter(initiative__programme__code=programme_code)
    return queryset.select_related(
        "initiative__country", "initiative__lead_authority", "period"
    ).order_by("period__due", "pk")


def overdue_reports_of(user: Any, today: dt.date | None = None) -> QuerySet[ProgressReport]:
    """The overdue reports `user` must write (a grantee's own)."""
    day = today or timezone.localdate()
    organisations = sorted(permissions._grantee_orgs(user))
    return (
        ProgressReport.objects.filter(
            initiative__lead_authority_id__in=organisations,
            status__in=list(ProgressReport.WITH_GRANTEE),
            period__due__lt=day,
        )
        .select_related("initiative__country", "period")
        .order_by("period__due", "pk")
    )


def get_report_for(user: Any, programme_code: str, pk: int) -> ProgressReport:
    """The report, or 404 when it does not exist or `user` may not read it (a refusal
    says nothing of what is there)."""
    report = (
        _reports(programme_code)
        .select_related(
            "initiative__country", "initiative__lead_authority", "initiative__programme", "period"
        )
        .filter(pk=pk)
        .first()
    )
    if report is None or not permissions.can_view_report(user, report):
        raise Http404("No such report")
    return report


def get_evidence_for(user: Any, programme_code: str, pk: int) -> Evidence:
    evidence = (
        Evidence.objects.filter(pk=pk, report__initiative__programme__code=programme_code)
        .select_related("report__initiative__country")
        .first()
    )
    if evidence is None or not permissions.can_view_evidence(user, evidence):
        raise Http404("No such file")
    return evidence


def get_initiative_for(user: Any, programme_code: str, pk: int) -> Initiative:
    initiative = (
        Initiative.objects.filter(pk=pk, programme__code=programme_code)
        .select_related("country", "lead_authority", "programme")
        .first()
    )
    if initiative is None or not permissions.can_view_initiative(user, initiative):
        raise Http404("No such initiative")
    return initiative


def get_visit_for(user: Any, programme_code: str, pk: int) -> Visit:
    visit = (
        Visit.objects.filter(pk=pk, initiative__programme__code=programme_code)
        .select_related("initiative__country", "initiative__programme", "recorded_by")
        .first()
    )
    if visit is None or not permissions.can_view_visits(user, visit.initiative):
        raise Http404("No such visit")
    return visit


def followed_initiatives(user: Any, programme_code: str) -> QuerySet[Initiative]:
    """The selected and funded initiatives whose follow-up `user` reads."""
    return (
        Initiative.objects.filter(
            permissions.initiatives_q(user),
            programme__code=programme_code,
            status__in=list(FOLLOWED_STATUSES),
        )
        .select_related("country", "lead_authority")
        .order_by("country__code", "reference", "pk")
    )


# --- A report's page ---------------------------------------------------------------------


@dataclass
class SpendingRow:
    heading: str
    label: str
    period: Decimal
    cumulative: Decimal


@dataclass
class ReportPage:
    report: ProgressReport
    spending: list[SpendingRow]
    period_total: Decimal
    cumulative_total: Decimal
    values: list[tuple[PlanIndicator, Decimal | None]]
    evidence: list[Evidence]
    reviews: list[Any]
    lessons: list[Lesson]


def spending_of(report: ProgressReport) -> tuple[list[SpendingRow], Decimal, Decimal]:
    """The period's spending per budget heading, with the cumulative spending up to this
    period (this report and the earlier ones of the initiative): two queries."""
    period_amounts = dict(
        ExpenditureLine.objects.filter(report=report).values_list("heading", "amount")
    )
    cumulative = dict(
        ExpenditureLine.objects.filter(
            report__initiative_id=report.initiative_id,
            report__period__number__lte=report.period.number,
        )
        .values("heading")
        .annotate(total=Sum("amount"))
        .values_list("heading", "total")
    )
    rows = [
        SpendingRow(
            heading=str(heading),
            label=str(label),
            period=period_amounts.get(heading, Decimal("0.00")),
            cumulative=cumulative.get(heading) or Decimal("0.00"),
        )
        for heading, label in BudgetHeading.choices
    ]
    return (
        rows,
        sum((r.period for r in rows), Decimal("0.00")),
        sum((r.cumulative for r in rows), Decimal("0.00")),
    )


def lessons_about(subject: str) -> list[Lesson]:
    return list(Lesson.objects.filter(subject=subject).order_by("-recorded_on", "-pk"))


def report_page(report: ProgressReport) -> ReportPage:
    """Everything the report page shows: a fixed number of queries."""
    spending, period_total, cumulative_total = spending_of(report)
    indicators = list(
        PlanIndicator.objects.filter(plan__initiative_id=report.initiative_id).order_by(
            "order", "pk"
        )
    )
    values = dict(IndicatorValue.objects.filter(report=report).values_list("indicator_id", "value"))
    return ReportPage(
        report=report,
        spending=spending,
        period_total=period_total,
        cumulative_total=cumulative_total,
        values=[(i, values.get(i.pk)) for i in indicators],
        evidence=list(report.evidence_files.order_by("uploaded_at", "pk")),
        reviews=list(report.reviews.select_related("reviewer").order_by("reviewed_at", "pk")),
        lessons=lessons_about(f"followup.progressreport:{report.pk}"),
    )


# --- Meeting targets (computed) ---------------------------------------------------------


@dataclass
class IndicatorProgress:
    indicator: PlanIndicator
    latest: Decimal | None
    latest_on: dt.date | None
    met: bool


@dataclass
class PlanProgress:
    indicators: list[IndicatorProgress] = field(default_factory=list)

    @property
    def met_count(self) -> int:
        return sum(1 for i in self.indicators if i.met)

    @property
    def meets_targets(self) -> bool:
        return meets_targets([i.met for i in self.indicators])


def meets_targets(met: list[bool]) -> bool:
    """A project meets its targets when at least MEETS_TARGETS_SHARE of its indicators
    do (all of them); a plan without indicators meets nothing."""
    if not met:
        return False
    return Decimal(sum(met)) >= MEETS_TARGETS_SHARE * len(met)


def latest_values(
    indicator_ids: list[int], as_of: dt.date | None = None
) -> dict[int, tuple[dt.date, Decimal]]:
    """Each indicator's latest counted value (on or before `as_of`): one query."""
    queryset = IndicatorValue.objects.filter(
        IndicatorValue.counted_q(), indicator_id__in=indicator_ids
    )
    if as_of is not None:
        queryset = queryset.filter(on__lte=as_of)
    latest: dict[int, tuple[dt.date, Decimal]] = {}
    for pk, on, value in queryset.order_by("indicator_id", "on", "pk").values_list(
        "indicator_id", "on", "value"
    ):
        latest[pk] = (on, value)
    return latest


def plan_progress(plan: MonitoringPlan | None, as_of: dt.date | None = None) -> PlanProgress:
    if plan is None:
        return PlanProgress()
    indicators = list(plan.indicators.select_related("jmdi_indicator").order_by("order", "pk"))
    latest = latest_values([i.pk for i in indicators], as_of)
    progress = PlanProgress()
    for indicator in indicators:
        on, value = latest.get(indicator.pk, (None, None))
        progress.indicators.append(
            IndicatorProgress(indicator, value, on, indicator.is_met_by(value))
        )
    return progress


# --- An initiative's follow-up page ------------------------------------------------------


@dataclass
class InitiativePage:
    initiative: Initiative
    plan: MonitoringPlan | None
    progress: PlanProgress
    reports: list[ProgressReport]
    visits: list[Visit] | None
    assessments: list[Assessment] | None
    visit_lessons: dict[int, list[Lesson]]


def initiative_page(user: Any, initiative: Initiative) -> InitiativePage:
    plan = MonitoringPlan.objects.filter(initiative=initiative).first()
    reports = list(
        ProgressReport.objects.filter(initiative=initiative)
        .select_related("period")
        .order_by("period__number")
    )
    visits = assessments = None
    visit_lessons: dict[int, list[Lesson]] = defaultdict(list)
    if permissions.can_view_visits(user, initiative):
        visits = list(
            Visit.objects.filter(initiative=initiative)
            .select_related("recorded_by")
            .order_by("-visited_on", "-pk")
        )
        assessments = list(
            Assessment.objects.filter(initiative=initiative)
            .select_related("assessed_by")
            .order_by("-assessed_on", "-pk")
        )
        subjects = {f"followup.visit:{v.pk}": v.pk for v in visits}
        for lesson in Lesson.objects.filter(subject__in=list(subjects)):
            visit_lessons[subjects[lesson.subject]].append(lesson)
    return InitiativePage(
        initiative=initiative,
        plan=plan,
        progress=plan_progress(plan),
        reports=reports,
        visits=visits,
        assessments=assessments,
        visit_lessons=dict(visit_lessons),
    )


def periods_of(initiative: Initiative) -> list[ReportingPeriod]:
    return list(
        ReportingPeriod.objects.filter(initiative=initiative)
        .prefetch_related(Prefetch("report"))
        .order_by("number")
    )


def plans_meeting_targets(
    plan_filter: Q, dates: list[dt.date]
) -> dict[dt.date, list[tuple[int, str, bool]]]:
    """For each date: (plan id, country code, meets its targets on that date) of the plans
    matching `plan_filter`. Two queries whatever the number of plans and dates."""
    indicators = list(
        PlanIndicator.objects.filter(
            plan__in=MonitoringPlan.objects.filter(plan_filter)
        ).values_list("pk", "plan_id", "plan__initiative__country__code", "target", "direction")
    )
    history: dict[int, list[tuple[dt.date, Decimal]]] = defaultdict(list)
    if dates:
        for pk, on, value in (
            IndicatorValue.objects.filter(
                IndicatorValue.counted_q(),
                indicator_id__in=[row[0] for row in indicators],
                on__lte=max(dates),
            )
            .order_by("indicator_id", "on", "pk")
            .values_list("indicator_id", "on", "value")
        ):
            history[pk].append((on, value))
    result: dict[dt.date, list[tuple[int, str, bool]]] = {}
    for day in dates:
        per_plan: dict[int, tuple[str, list[bool]]] = {}
        for pk, plan_id, country, target, direction in indicators:
            known = [value for on, value in history.get(pk, []) if on <= day]
            probe = PlanIndicator(target=target, direction=direction)
            per_plan.setdefault(plan_id, (str(country), []))[1].append(
                probe.is_met_by(known[-1] if known else None)
            )
        result[day] = [
            (plan_id, country, meets_targets(met)) for plan_id, (country, met) in per_plan.items()
        ]
    return result
