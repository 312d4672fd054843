"""The follow-up's demo and its synthetic data at scale.

The demo follows the selected and funded initiatives (a selection demo makes sixteen; with
none, it does nothing), in the programme's own time (the monitoring demo's "today",
15 December 2014): a monitoring plan of three or four indicators each, semester reporting
periods, reports at every stage, visits, an assessment and two lessons captured. The
initiative led by the demo grantee's organisation has one approved report, one overdue
and a draft for the current period. Run twice, it adds nothing.

Initiatives without a grantee login have their grantee's side (the text, the spending,
the values, the submission) written directly, as if keyed in from the paper report;
every review goes through the services, by the country's focal point and the PMU.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from jmdi.core.plugins import DemoContext, GeneratorContext
from jmdi.core.roles import Role
from jmdi.followup import services
from jmdi.followup.models import (
    FOLLOWED_STATUSES,
    BudgetHeading,
    ExpenditureLine,
    IndicatorValue,
    MonitoringPlan,
    PlanIndicator,
    ProgressReport,
    ReportingPeriod,
)
from jmdi.initiatives.models import Initiative

DEMO_TODAY = dt.date(2014, 12, 15)
DEMO_START = dt.date(2013, 7, 1)
DEMO_END = dt.date(2015, 12, 31)
BATCH = 2_000

#: (name, unit, baseline, target, direction, per-period values)
INDICATORS: list[tuple[str, str, str, str, str, list[str]]] = [
    ("Migrants and returnees advised by the one-stop shop", "people", "0", "400", "increase", ["120", "260", "410"]),
    ("Diaspora investments supported", "projects", "0", "12", "increase", ["2", "6", "9"]),
    ("Municipal staff trained on migration and development", "people", "0", "30", "increase", ["10", "25", "32"]),
    ("Average days to process a returnee's request", "days", "45", "20", "decrease", ["40", "28", "19"]),
]  # fmt: skip

NARRATIVE = {
    "achievements": "The one-stop shop opened in the town hall; two information sessions for the diaspora were held with the partner association.",
    "difficulties": "The recruitment of the project officer took two months longer than planned.",
    "next_steps": "Launch the small-grants call for diaspora investments and train the municipal staff.",
}  # fmt: skip

SPENT: dict[str, Decimal] = {
    BudgetHeading.PERSONNEL: Decimal("8200.00"),
    BudgetHeading.ACTIVITIES: Decimal("5350.50"),
    BudgetHeading.COMMUNICATION: Decimal("1275.25"),
}


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))


def _user(role: str, country: str | None = None, organisation: int | None = None) -> Any:
    from jmdi.accounts.models import RoleAssignment  # the demo logins, made before

    found = RoleAssignment.objects.filter(role=role, revoked_at__isnull=True)
    if country:
        found = found.filter(country__code=country)
    if organisation:
        found = found.filter(organisation_id=organisation)
    first = found.select_related("user").order_by("pk").first()
    return first.user if first else None


def _fill(report: ProgressReport, grantee: Any, values: dict[int, Decimal], day: dt.date) -> None:
    """The grantee's side of a report: through the services with a grantee login,
    written directly otherwise."""
    if grantee is not None:
        services.save_report(
            actor=grantee, report=report, amounts={**SPENT}, values=values, at=_at(day),
            **NARRATIVE,
        )  # fmt: skip
        return
    for name, text in NARRATIVE.items():
        setattr(report, name, text)
    report.updated_at = _at(day)
    report.save()
    for heading, amount in SPENT.items():
        ExpenditureLine.objects.update_or_create(
            report=report, heading=heading, defaults={"amount": amount}
        )
    for pk, value in values.items():
        IndicatorValue.objects.update_or_create(
            indicator_id=pk, report=report, defaults={"value": value, "on": report.period.end}
        )


def _submit(report: ProgressReport, grantee: Any, day: dt.date) -> None:
    if grantee is not None:
        services.submit_report(actor=grantee, report=report, at=_at(day))
        return
    report.status = ProgressReport.Status.SUBMITTED
    report.submitted_at = report.updated_at = _at(day)
    report.save()


def _followed(programme_code: str) -> list[Initiative]:
    return list(
        Initiative.objects.filter(
            programme__code=programme_code, status__in=list(FOLLOWED_STATUSES)
        )
        .select_related("country", "programme")
        .order_by("country__code", "reference", "pk")
    )


# Stages of the second period's report, turn by turn: every stage of the workflow shows.
STAGES = ["approved", "submitted", "focal_approved", "returned", "overdue"]


@transaction.atomic
def demo_step(context: DemoContext) -> None:
    code = settings.JMDI_DEFAULT_PROGRAMME
    pmu = _user(Role.PMU_OFFICER)
    initiatives = _followed(code)
    if pmu is None or not initiatives:
        return
    if MonitoringPlan.objects.filter(initiative__in=initiatives).exists():
        return
    grantee_login = _user(Role.GRANTEE)
    grantee_org = None
    if grantee_login is not None:
        grantee_org = grantee_login.role_assignments.filter(role=Role.GRANTEE).first()
    grantee_org_id = grantee_org.organisation_id if grantee_org else None
    lessons = 0
    assessed = False
    for index, initiative in enumerate(initiatives):
        focal = _user(Role.FOCAL_POINT, str(initiative.country.code))
        planner = focal or pmu
        ours = initiative.lead_authority_id == grantee_org_id
        grantee = grantee_login if ours else None
        indicators = []
        for n, (name, unit, baseline, target, direction, _v) in enumerate(
            INDICATORS[: 3 + index % 2]
        ):
            indicators.append(
                services.add_indicator(
                    actor=planner,
                    initiative=initiative,
                    name=name,
                    unit=unit,
                    baseline=Decimal(baseline),
                    target=Decimal(target),
                    direction=direction,
                    at=_at(DEMO_START + dt.timedelta(days=30 + n)),
                )
            )
        periods = services.generate_periods(
            actor=pmu, initiative=initiative, start=DEMO_START, end=DEMO_END, at=_at(DEMO_START)
        )
        reports = [
            ProgressReport.objects.select_related("period", "initiative__country").get(period=p)
            for p in periods
        ]

        def values(
            turn: int, offset: int = index, indicators: list[PlanIndicator] = indicators
        ) -> dict[int, Decimal]:
            return {
                ind.pk: Decimal(INDICATORS[k][5][turn]) - (offset % 3 if turn == 2 else 0)
                for k, ind in enumerate(indicators)
            }

        first, second, third = reports[0], reports[1], reports[2]
        # The first period: approved by the focal point and by the PMU.
        _fill(first, grantee, values(0), first.period.due - dt.timedelta(days=10))
        _submit(first, grantee, first.period.due - dt.timedelta(days=5))
        if focal is not None:
            services.review_report(
                actor=focal, report=first, decision="approve", at=_at(first.period.due + dt.timedelta(days=5))
            )  # fmt: skip
            services.review_report(
                actor=pmu, report=first, decision="approve", at=_at(first.period.due + dt.timedelta(days=12))
            )  # fmt: skip
        stage = "overdue" if ours else STAGES[index % len(STAGES)]
        if stage != "overdue" and focal is not None:
            _fill(second, grantee, values(1), second.period.due - dt.timedelta(days=8))
            _submit(second, grantee, second.period.due - dt.timedelta(days=2))
            later = second.period.due + dt.timedelta(days=6)
            if stage in ("approved", "focal_approved", "returned"):
                decision = "return" if stage == "returned" else "approve"
                services.review_report(
                    actor=focal, report=second, decision=decision, at=_at(later),
                    comment="Add the attendance lists of the information sessions as evidence."
                    if decision == "return" else "",
                )  # fmt: skip
            if stage == "approved":
                services.review_report(
                    actor=pmu, report=second, decision="approve", at=_at(later + dt.timedelta(days=7))
                )  # fmt: skip
        # The current period: the grantee's draft under way.
        if ours:
            _fill(third, grantee, values(2), DEMO_TODAY - dt.timedelta(days=3))
        # Visits by the focal point, with what they found.
        if focal is not None:
            visit = services.record_visit(
                actor=focal, initiative=initiative, visited_on=dt.date(2014, 10, 8) + dt.timedelta(days=index),
                participants="The mayor's office, the project officer, two partner associations.",
                findings="The one-stop shop is open three days a week and well used by returnees.",
                recommendations="Keep a register of the people advised, by sex and age.",
                follow_up="The project officer sends the register with the next report.",
                values={indicators[0].pk: Decimal(INDICATORS[0][5][1]) + 40},
                at=_at(dt.date(2014, 10, 10) + dt.timedelta(days=index)),
            )  # fmt: skip
            if not assessed:
                services.record_assessment(
                    actor=focal, initiative=initiative, assessed_on=dt.date(2014, 11, 20),
                    ratings={"relevance": 4, "effectiveness": 3, "efficiency": 2, "sustainability": 3},
                    justifications={
                        "relevance": "Answers the returnees' first need: information and papers.",
                        "effectiveness": "Most targets of the first year reached.",
                        "efficiency": "Staff costs above plan after the late recruitment.",
                        "sustainability": "The council has budgeted the shop's rent for 2016.",
                    },
                    at=_at(dt.date(2014, 11, 20)),
                )  # fmt: skip
                assessed = True
            if lessons < 2:
                source: Any = ProgressReport.objects.get(pk=first.pk) if lessons == 0 else visit
                services.capture_lesson(
                    actor=focal, source=source,
                    title=("A one-stop shop in the town hall builds trust"
                           if lessons == 0 else "Registers of people advised make results visible"),
                    text=("Returnees came more readily to an office inside the town hall than to "
                          "a partner's office: the local authority's name carries trust."
                          if lessons == 0 else
                          "Keeping a simple register by sex and age from the first day made the "
                          "indicator values easy to check on the visit."),
                    at=_at(dt.date(2014, 11, 1) + dt.timedelta(days=lessons)),
                )  # fmt: skip
                lessons += 1
    context.say(
        f"Demo follow-up: {len(initiatives)} initiatives with monitoring plans and reports, "
        f"{lessons} lessons captured."
    )


# --- Synthetic data at scale ------------------------------------------------------------


def generator_step(context: GeneratorContext) -> None:
    """Plans, periods, reports and values for about one initiative in fifty, in bulk."""
    code = settings.JMDI_DEFAULT_PROGRAMME
    limit = context.sizes.get("followed_initiatives", 0)
    # Every fiftieth initiative of the programme, the same ones on every run; those
    # already followed are left as they are, so a second run adds nothing.
    chosen = list(
        Initiative.objects.filter(programme__code=code).order_by("pk").values_list("pk", flat=True)
    )[::50][:limit]
    followed = set(
        MonitoringPlan.objects.filter(initiative_id__in=chosen).values_list(
            "initiative_id", flat=True
        )
    )
    ids = [pk for pk in chosen if pk not in followed]
    if not ids:
        return
    rng = context.rng
    today = timezone.localdate()
    now = timezone.now()
    statuses = [s for s, _label in ProgressReport.Status.choices]
    with transaction.atomic():
        plans = MonitoringPlan.objects.bulk_create(
            [MonitoringPlan(initiative_id=pk, created_on=DEMO_START) for pk in ids],
            batch_size=BATCH,
        )
        indicators = PlanIndicator.objects.bulk_create(
            [
                PlanIndicator(
                    plan=plan,
                    name=spec[0],
                    unit=spec[1],
                    baseline=Decimal(spec[2]),
                    target=Decimal(spec[3]),
                    direction=spec[4],
                    order=n,
                )
                for plan in plans
                for n, spec in enumerate(INDICATORS[:3])
            ],
            batch_size=BATCH,
        )
        by_plan: dict[int, list[PlanIndicator]] = {}
        for indicator in indicators:
            by_plan.setdefault(indicator.plan_id, []).append(indicator)
        periods = ReportingPeriod.objects.bulk_create(
            [
                ReportingPeriod(initiative_id=plan.initiative_id, number=n, start=s, end=e, due=d)
                for plan in plans
                for n, (s, e, d) in enumerate(services.schedule_for(DEMO_START, DEMO_END), 1)
            ],
            batch_size=BATCH,
        )
        reports = []
        for period in periods:
            status = rng.choice(statuses) if period.due < today else "draft"
            reports.append(
                ProgressReport(
                    initiative_id=period.initiative_id,
                    period=period,
                    status=status,
                    achievements=context.marker if status != "draft" else "",
                    approved_on=period.due if status == "approved" else None,
                    updated_at=now,
                )
            )
        reports = ProgressReport.objects.bulk_create(reports, batch_size=BATCH)
        plan_of = {plan.initiative_id: plan.pk for plan in plans}
        values = [
            IndicatorValue(
                indicator=indicator,
                report=report,
                on=report.period.end,
                value=Decimal(rng.randint(0, int(indicator.target) * 2)),
            )
            for report in reports
            if report.status != "draft"
            for indicator in by_plan[plan_of[report.initiative_id]]
        ]
        IndicatorValue.objects.bulk_create(values, batch_size=BATCH)
        lines = [
            ExpenditureLine(report=report, heading=heading, amount=Decimal(rng.randint(100, 9000)))
            for report in reports
            if report.status != "draft"
            for heading in (BudgetHeading.PERSONNEL, BudgetHeading.ACTIVITIES)
        ]
        ExpenditureLine.objects.bulk_create(lines, batch_size=BATCH)
    made = {
        "monitoring_plans": len(plans),
        "progress_reports": len(reports),
        "indicator_values": len(values),
    }
    for name, count in made.items():
        context.counts[name] = context.counts.get(name, 0) + count


SIZES = {"small": {"followed_initiatives": 40}, "large": {"followed_initiatives": 400}}
