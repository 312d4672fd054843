"""The monitoring framework's demo (two plausible years of the JMDI programme, to the
demo's "today", 15 December 2014, in the programme's own time) and its synthetic data at
scale (`generatedata`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from jmdi.core.periods import quarters
from jmdi.core.plugins import DemoContext, GeneratorContext
from jmdi.core.roles import Role
from jmdi.directory.models import Country
from jmdi.monitoring import services
from jmdi.monitoring.models import (
    Issue,
    Lesson,
    QualityAssessment,
    RiskReview,
    ScheduledEvent,
    WorkPlanStatus,
)
from jmdi.programmes.models import Output, Programme, ProgrammeCountry, Risk, SubActivity

#: The demo's "today", in the programme's time: two years into it.
DEMO_TODAY = dt.date(2014, 12, 15)
BATCH = 2_000

DELAY_REASONS = [
    "The call for proposals was postponed until the steering committee approved the criteria.",
    "Municipal elections: the new council has not yet named its focal person.",
    "The national counterpart asked to review the terms of reference first.",
    "Translation of the training package into Arabic took longer than planned.",
    "The regional workshop was moved because of the rainy season.",
]

ISSUES: list[dict[str, Any]] = [
    {
        "title": "Request to extend the mapping of local initiatives by two months",
        "type": "request_for_change", "priority": "high", "country": None,
        "raised": dt.date(2013, 4, 10), "status": "closed",
        "resolution": "Extension approved by the steering committee on 30 May 2013.",
        "settled": dt.date(2013, 5, 30), "owner_role": "Programme Manager",
    },
    {
        "title": "Bank transfers to local authorities in Senegal take over six weeks",
        "type": "problem", "priority": "high", "country": "SN",
        "raised": dt.date(2013, 11, 5), "status": "resolved",
        "resolution": "Transfers now go through the UNDP country office's account.",
        "settled": dt.date(2014, 2, 12), "owner_role": "Operations Manager",
    },
    {
        "title": "Focal point post vacant in the Philippines",
        "type": "problem", "priority": "medium", "country": "PH",
        "raised": dt.date(2014, 1, 20), "status": "resolved",
        "resolution": "A new focal point took office on 1 April 2014.",
        "settled": dt.date(2014, 4, 1), "owner_role": "Programme Manager",
    },
    {
        "title": "Partners ask for the reporting template in Spanish",
        "type": "general", "priority": "low", "country": "EC",
        "raised": dt.date(2014, 3, 3), "status": "closed",
        "resolution": "The template was translated and sent to all partners.",
        "settled": dt.date(2014, 4, 20), "owner_role": "Local Development Specialist",
    },
    {
        "title": "Change of the Oujda initiative's lead partner",
        "type": "request_for_change", "priority": "medium", "country": "MA",
        "raised": dt.date(2014, 6, 16), "status": "in_progress", "owner_role": "Focal point",
    },
    {
        "title": "Low attendance of women at the Thiès coaching sessions",
        "type": "problem", "priority": "medium", "country": "SN",
        "raised": dt.date(2014, 9, 8), "status": "open", "owner_role": "Focal point",
    },
    {
        "title": "The M4D Net discussion forum is slow on mobile connections",
        "type": "problem", "priority": "low", "country": None,
        "raised": dt.date(2014, 10, 14), "status": "open", "owner_role": "Programme Manager",
    },
    {
        "title": "Align the annual review with the donors' reporting calendar",
        "type": "general", "priority": "medium", "country": None,
        "raised": dt.date(2014, 11, 25), "status": "open", "owner_role": "Programme Manager",
    },
]  # fmt: skip

LESSONS = [
    (
        "Local authorities learn best from their peers",
        "Exchanges between municipalities facing the same migration patterns produced more "
        "concrete plans than expert presentations.",
        ["MA", "TN"],
        dt.date(2013, 9, 18),
    ),
    (
        "Involve the diaspora association from the design stage",
        "Initiatives where the diaspora association co-wrote the project document kept its "
        "members engaged and mobilised more co-funding.",
        ["SN"],
        dt.date(2014, 1, 22),
    ),
    (
        "Budget time for translation",
        "Every training package needs four to six weeks of translation and review before a "
        "regional session.",
        [],
        dt.date(2014, 3, 12),
    ),
    (
        "A national counterpart speeds up approvals",
        "Where the ministry named a counterpart early, the selection of initiatives took half "
        "the time.",
        ["PH", "EC"],
        dt.date(2014, 6, 5),
    ),
    (
        "Coaching works better in small groups",
        "Groups of three to four local authorities allowed each to present its plan and "
        "receive feedback.",
        ["CR"],
        dt.date(2014, 9, 30),
    ),
    (
        "Mobile-friendly materials reach more local staff",
        "Short documents readable on a phone were downloaded three times more often than the "
        "full guides.",
        [],
        dt.date(2014, 11, 20),
    ),
]

REVIEW_PLAN = [
    # (days after the first review date, status, probability shift, impact shift)
    (0, "no_change", 0, 0),
    (180, "increasing", 1, 0),
    (400, "reducing", -1, 0),
    (560, "reducing", -1, -1),
]


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))


def _user(role: str, country: str | None = None) -> Any:
    from jmdi.accounts.models import RoleAssignment  # the demo logins, made before

    found = RoleAssignment.objects.filter(role=role, revoked_at__isnull=True)
    if country:
        found = found.filter(country__code=country)
    first = found.select_related("user").order_by("pk").first()
    return first.user if first else None


def _clip(value: int) -> int:
    return min(5, max(1, value))


@transaction.atomic
def demo_step(context: DemoContext) -> None:
    programme = Programme.objects.filter(code=settings.JMDI_DEFAULT_PROGRAMME).first()
    pmu = _user(Role.PMU_OFFICER)
    if programme is None or pmu is None or Issue.objects.filter(programme=programme).exists():
        return
    countries = {
        str(pc.country.code): pc.country
        for pc in ProgrammeCountry.objects.filter(programme=programme).select_related("country")
    }
    # Work plan: every planned semester up to the demo's today, programme-wide and in
    # each country, most done or on track, some delayed with their reasons.
    subs = list(
        SubActivity.objects.filter(activity__output__programme=programme)
        .prefetch_related("semesters")
        .order_by("activity__output__order", "activity__order", "order")
    )
    made = 0
    for index, sub in enumerate(subs):
        for semester in sub.semesters.all():
            if semester.start > DEMO_TODAY:
                continue
            current = semester.start <= DEMO_TODAY <= semester.end
            for offset, code in enumerate([None, *sorted(countries)]):
                actor = pmu if code is None else (_user(Role.FOCAL_POINT, code) or pmu)
                turn = (index + offset + semester.order) % 9
                status = "delayed" if turn == 0 else ("on_track" if current or turn < 3 else "done")
                comment = (
                    DELAY_REASONS[(index + offset) % len(DELAY_REASONS)]
                    if status == "delayed"
                    else ""
                )
                services.set_work_plan_status(
                    actor=actor, sub_activity=sub, semester=semester, status=status,
                    comment=comment, country=countries.get(code) if code else None,
                    at=_at(min(semester.end, DEMO_TODAY) - dt.timedelta(days=10)),
                )  # fmt: skip
                made += 1
    # Risk reviews over the two years, statuses changing.
    reviews = 0
    for risk in Risk.objects.filter(programme=programme).order_by("number"):
        first = max(risk.date_identified, dt.date(2013, 3, 1)) + dt.timedelta(days=risk.number * 7)
        probability, impact = risk.probability, risk.impact
        for days, status, dp, di in REVIEW_PLAN[: 2 + risk.number % 3]:
            day = first + dt.timedelta(days=days)
            if day > DEMO_TODAY:
                break
            probability, impact = _clip(probability + dp), _clip(impact + di)
            final = status
            if risk.number % 5 == 0 and days >= 400:
                final = "dead"
            services.record_risk_review(
                actor=pmu, risk=risk, status=final, probability=probability, impact=impact,
                reviewed_on=day, owner=str(risk.owner),
                comment="Reviewed at the PMU's quarterly risk meeting.", at=_at(day),
            )  # fmt: skip
            reviews += 1
    outputs = list(Output.objects.filter(programme=programme).order_by("order"))
    for spec in ISSUES:
        actor = _user(Role.FOCAL_POINT, spec["country"]) if spec["country"] else pmu
        issue = services.record_issue(
            actor=actor or pmu,
            programme=programme,
            title=spec["title"],
            type=spec["type"],
            priority=spec["priority"],
            owner_role=spec["owner_role"],
            country=countries.get(spec["country"]) if spec["country"] else None,
            output=outputs[len(spec["title"]) % len(outputs)] if outputs else None,
            raised_on=spec["raised"],
            at=_at(spec["raised"]),
        )
        if spec["status"] == "in_progress":
            services.update_issue(
                actor=pmu,
                issue=issue,
                status="in_progress",
                at=_at(spec["raised"] + dt.timedelta(days=7)),
            )
        elif spec["status"] in Issue.SETTLED:
            services.resolve_issue(
                actor=pmu, issue=issue, resolution=spec["resolution"], status=spec["status"],
                on=spec["settled"], at=_at(spec["settled"]),
            )  # fmt: skip
    for n, (title, text, codes, day) in enumerate(LESSONS):
        services.record_lesson(
            actor=pmu, programme=programme, title=title, text=text,
            outputs=outputs[n % len(outputs) : n % len(outputs) + 1] if outputs else [],
            countries=[countries[c] for c in codes if c in countries],
            recorded_on=day, at=_at(day),
        )  # fmt: skip
    # The schedule: done up to the demo's today (the last progress report still overdue,
    # to show it), upcoming after it; quality assessments for past quarters.
    services.sync_schedule(programme=programme)
    for quarter in quarters(programme.start_date, DEMO_TODAY):
        if quarter.end >= DEMO_TODAY:
            break
        for n, output in enumerate(outputs):
            rating = ("satisfactory", "partly", "satisfactory", "not")[
                (n + quarter.start.month) % 4
            ]
            services.record_quality_assessment(
                actor=pmu, output=output, quarter=quarter.code, rating=rating,
                findings="Progress reviewed against the output's targets with the focal points.",
                recommended_actions="Follow up the delayed sub-activities." if rating != "satisfactory" else "",
                assessed_on=quarter.end + dt.timedelta(days=12), at=_at(quarter.end + dt.timedelta(days=12)),
            )  # fmt: skip
    pending = ScheduledEvent.objects.filter(
        programme=programme, due__lt=DEMO_TODAY, done_at__isnull=True
    )
    last_report = pending.filter(item__code="progress_report").order_by("-due").first()
    if last_report is not None:
        pending = pending.exclude(pk=last_report.pk)
    for event in pending:
        services.mark_event_done(actor=pmu, event=event, at=_at(event.due + dt.timedelta(days=14)))
    context.say(
        f"Demo monitoring: {made} work-plan statuses, {reviews} risk reviews, {len(ISSUES)} "
        f"issues, {len(LESSONS)} lessons, the schedule done up to {DEMO_TODAY:%d %B %Y}."
    )


# --- Synthetic data at scale ------------------------------------------------------------


def generator_step(context: GeneratorContext) -> None:
    """Statuses for every sub-activity, semester and country, and thousands of issues,
    lessons and risk reviews, written in bulk (with their history rows)."""
    programme = Programme.objects.filter(code=settings.JMDI_DEFAULT_PROGRAMME).first()
    if programme is None:
        raise LookupError("Load a programme first: the monitoring records belong to it.")
    marker = context.marker
    if Issue.objects.filter(programme=programme, description=marker).exists():
        return
    rng = context.rng
    countries = list(
        Country.objects.filter(
            pk__in=ProgrammeCountry.objects.filter(programme=programme).values("country")
        )
    )
    semesters = list(programme.semesters.order_by("order"))
    subs = list(SubActivity.objects.filter(activity__output__programme=programme))
    outputs = list(Output.objects.filter(programme=programme))
    risks = list(Risk.objects.filter(programme=programme))
    now = timezone.now()
    made: dict[str, int] = {}

    taken = set(
        WorkPlanStatus.objects.filter(programme=programme).values_list(
            "sub_activity_id", "semester_id", "country_id"
        )
    )
    statuses = []
    for sub in subs:
        for semester in semesters:
            for country in [None, *countries]:
                key = (sub.pk, semester.pk, country.pk if country else None)
                if key in taken:
                    continue
                value = rng.choice(WorkPlanStatus.Status.values)
                statuses.append(
                    WorkPlanStatus(
                        programme=programme, sub_activity=sub, semester=semester, country=country,
                        status=value, comment=rng.choice(DELAY_REASONS) if value == "delayed" else "",
                        set_at=now,
                    )
                )  # fmt: skip
    bulk_create_with_history(statuses, WorkPlanStatus, batch_size=BATCH)
    made["work_plan_statuses"] = len(statuses)
    context.progress(f"work-plan statuses {len(statuses):,}")

    start, end = programme.start_date, programme.end_date
    span = (end - start).days
    last = (
        Issue.objects.filter(programme=programme)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
        or 0
    )
    issues = []
    for i in range(context.sizes.get("issues", 0)):
        raised = start + dt.timedelta(days=rng.randrange(span))
        status = rng.choice(Issue.Status.values)
        settled = status in Issue.SETTLED
        issues.append(
            Issue(
                programme=programme, number=last + i + 1, title=f"Synthetic issue {last + i + 1}",
                description=marker, type=rng.choice(Issue.Type.values),
                priority=rng.choice(Issue.Priority.values), owner_role="Programme Manager",
                status=status, resolution="Resolved with the partners." if settled else "",
                country=rng.choice([None, *countries]), output=rng.choice(outputs) if outputs else None,
                raised_on=raised, settled_on=min(end, raised + dt.timedelta(days=rng.randrange(1, 120))) if settled else None,
                updated_at=now,
            )
        )  # fmt: skip
    bulk_create_with_history(issues, Issue, batch_size=BATCH)
    made["issues"] = len(issues)
    context.progress(f"issues {len(issues):,}")

    lessons = [
        Lesson(
            programme=programme, title=f"Synthetic lesson {i}", text=marker,
            subject=f"{marker}:{i}", recorded_on=start + dt.timedelta(days=rng.randrange(span)),
            updated_at=now,
        )
        for i in range(context.sizes.get("lessons", 0))
    ]  # fmt: skip
    created = bulk_create_with_history(lessons, Lesson, batch_size=BATCH)
    if not created or created[0].pk is None:
        created = list(Lesson.objects.filter(programme=programme, text=marker).order_by("pk"))
    links = [
        Lesson.countries.through(lesson_id=lesson.pk, country_id=rng.choice(countries).pk)
        for lesson in created
        if countries
    ]
    Lesson.countries.through.objects.bulk_create(links, batch_size=BATCH)
    made["lessons"] = len(lessons)
    context.progress(f"lessons {len(lessons):,}")

    reviews = []
    for i in range(context.sizes.get("risk_reviews", 0)):
        risk = risks[i % len(risks)]
        reviews.append(
            RiskReview(
                risk=risk, reviewed_on=risk.date_identified + dt.timedelta(days=rng.randrange(1, span)),
                status=rng.choice(RiskReview.Status.values), probability=rng.randint(1, 5),
                impact=rng.randint(1, 5), comment=marker, recorded_at=now,
            )
        )  # fmt: skip
    RiskReview.objects.bulk_create(reviews, batch_size=BATCH)
    made["risk_reviews"] = len(reviews)
    services.sync_schedule(programme=programme)
    existing_q = set(
        QualityAssessment.objects.filter(output__programme=programme).values_list(
            "output_id", "quarter"
        )
    )
    assessments = [
        QualityAssessment(
            output=output, quarter=q.code, rating=rng.choice(QualityAssessment.Rating.values),
            findings=marker, assessed_on=q.end,
        )
        for q in quarters(start, end) for output in outputs if (output.pk, q.code) not in existing_q
    ]  # fmt: skip
    bulk_create_with_history(assessments, QualityAssessment, batch_size=BATCH)
    made["quality_assessments"] = len(assessments)
    for name, count in made.items():
        context.counts[name] = context.counts.get(name, 0) + count


SIZES = {
    "small": {"issues": 300, "lessons": 200, "risk_reviews": 500},
    "large": {"issues": 5_000, "lessons": 3_000, "risk_reviews": 20_000},
}
