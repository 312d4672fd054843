"""Reads of the monitoring framework, each with a fixed number of queries whatever the
number of records, filtered by what the viewer may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery
from django.http import Http404
from django.urls import reverse

from jmdi.directory.models import Country
from jmdi.monitoring import permissions
from jmdi.monitoring.models import (
    Issue,
    Lesson,
    QualityAssessment,
    RiskReview,
    ScheduledEvent,
    WorkPlanStatus,
)
from jmdi.programmes import selectors as programme_selectors
from jmdi.programmes.models import Output, Programme, Risk, SubActivity
from jmdi.programmes.selectors import GanttRow, WorkPlan, risk_level

# --- Work plan tracking ------------------------------------------------------------------


@dataclass(frozen=True)
class TrackedCell:
    planned: bool
    status: WorkPlanStatus | None
    sub_activity_id: int | None
    semester_id: int
    edit_url: str  # "" when the viewer may not set it


@dataclass(frozen=True)
class TrackedRow:
    row: GanttRow
    cells: list[TrackedCell]


@dataclass(frozen=True)
class Tracking:
    plan: WorkPlan
    rows: list[TrackedRow]
    countries: list[Country]
    country: Country | None  # None: the programme-wide status
    delayed: list[WorkPlanStatus]
    counts: list[tuple[str, str, str, int]]  # (value, letter, label, count)
    can_edit: bool


#: The delayed items the tracking page lists (the earliest semesters first).
DELAYED_SHOWN = 50


def programme_countries(programme: Programme) -> list[Country]:
    return programme_selectors.programme_countries(programme)


def get_tracking(code: str, viewer: Any, country_code: str | None) -> Tracking:
    """The Gantt with each sub-activity's status per semester, for one country or the
    whole programme, and the delayed items the viewer may see. Ten queries, whatever the
    number of statuses."""
    plan = programme_selectors.get_work_plan(code)
    programme = plan.programme
    all_countries = programme_countries(programme)
    visible = set(
        permissions.work_plan_countries_visible(viewer, [str(c.code) for c in all_countries])
    )
    countries = [c for c in all_countries if str(c.code) in visible]
    country = next((c for c in countries if str(c.code) == country_code), None)
    sub_ids = dict(
        SubActivity.objects.filter(activity__output__programme=programme).values_list("code", "pk")
    )
    statuses = WorkPlanStatus.objects.filter(programme=programme).select_related("set_by")
    statuses = (
        statuses.filter(country=country) if country else statuses.filter(country__isnull=True)
    )
    by_cell = {(s.sub_activity_id, s.semester_id): s for s in statuses}
    can_edit = permissions.can_set_work_plan_status(viewer, str(country.code) if country else None)
    semester_ids = [s.pk for s in plan.semesters]
    # One reverse for the page, not one per cell.
    base = reverse("monitoring:tracking-cell", args=[programme.code, 0, 0])[: -len("0/0/")]
    query = f"?country={country.code if country else ''}"
    rows = []
    for row in plan.rows:
        sub_id = sub_ids.get(row.code) if row.kind == "sub_activity" else None
        cells = [
            TrackedCell(
                planned=cell.planned,
                status=by_cell.get((sub_id, semester_ids[i])) if sub_id else None,
                sub_activity_id=sub_id,
                semester_id=semester_ids[i],
                edit_url=f"{base}{sub_id}/{semester_ids[i]}/{query}" if sub_id and can_edit else "",
            )
            for i, cell in enumerate(row.cells)
        ]
        rows.append(TrackedRow(row, cells))
    delayed_q = WorkPlanStatus.objects.filter(
        permissions.work_plan_visible_q(viewer),
        programme=programme,
        status=WorkPlanStatus.Status.DELAYED,
    )
    if country is not None:
        delayed_q = delayed_q.filter(country=country)
    delayed = list(
        delayed_q.select_related("sub_activity", "semester", "country", "set_by").order_by(
            "semester__order", "sub_activity__activity__output__order",
            "sub_activity__activity__order", "sub_activity__order", "country__code",
        )[:DELAYED_SHOWN]
    )  # fmt: skip
    tally = dict.fromkeys(WorkPlanStatus.Status.values, 0)
    for status in by_cell.values():
        tally[status.status] += 1
    counts = [
        (value, WorkPlanStatus.LETTERS[value], str(label), tally[value])
        for value, label in WorkPlanStatus.Status.choices
    ]
    return Tracking(plan, rows, countries, country, delayed, counts, can_edit)


# --- Risk log -----------------------------------------------------------------------------


@dataclass
class LoggedRisk:
    risk: Risk
    review: RiskReview | None

    @property
    def probability(self) -> int:
        return self.review.probability if self.review else self.risk.probability

    @property
    def impact(self) -> int:
        return self.review.impact if self.review else self.risk.impact

    @property
    def score(self) -> int:
        return self.probability * self.impact

    @property
    def status_label(self) -> str:
        if self.review is None:
            return str(RiskReview.Status.NO_CHANGE.label)
        return str(self.review.get_status_display())

    @property
    def status(self) -> str:
        return self.review.status if self.review else RiskReview.Status.NO_CHANGE

    @property
    def owner(self) -> str:
        return (self.review.owner if self.review and self.review.owner else "") or str(
            self.risk.owner
        )

    @property
    def countermeasures(self) -> str:
        return (
            self.review.countermeasures if self.review and self.review.countermeasures else ""
        ) or str(self.risk.countermeasures)

    @property
    def since(self) -> dt.date:
        return self.review.reviewed_on if self.review else self.risk.date_identified


@dataclass(frozen=True)
class HeatCell:
    probability: int
    impact: int
    count: int
    level: str


@dataclass
class RiskLog:
    programme: Programme
    risks: list[LoggedRisk]
    heat: list[tuple[int, str, list[HeatCell]]]
    as_of: dt.date | None
    chosen: tuple[int, int] | None = None
    shown: list[LoggedRisk] = field(default_factory=list)

    @property
    def impact_levels(self) -> list[tuple[int, str]]:
        return [(i, str(word)) for i, word in enumerate(programme_selectors.IMPACT_WORDS, start=1)]


def logged_risks(programme: Programme, as_of: dt.date | None) -> list[LoggedRisk]:
    """Each risk with its latest review on `as_of` (today's when None): two queries, the
    latest review found by one index seek per risk (risk, reviewed_on, id)."""
    reviews = RiskReview.objects.filter(risk=OuterRef("pk"))
    risks = Risk.objects.filter(programme=programme)
    if as_of is not None:
        reviews = reviews.filter(reviewed_on__lte=as_of)
        risks = risks.filter(date_identified__lte=as_of)
    risk_list = list(
        risks.annotate(
            latest_review=Subquery(reviews.order_by("-reviewed_on", "-pk").values("pk")[:1])
        ).order_by("number")
    )
    ids = [r.latest_review for r in risk_list if r.latest_review]
    found = RiskReview.objects.select_related("recorded_by").in_bulk(ids) if ids else {}
    return [LoggedRisk(r, found.get(r.latest_review)) for r in risk_list]


def get_risk_log(code: str, as_of: dt.date | None, chosen: tuple[int, int] | None) -> RiskLog:
    programme = programme_selectors.get_programme(code)
    risks = logged_risks(programme, as_of)
    live = [r for r in risks if r.status != RiskReview.Status.DEAD]
    heat = []
    for probability in range(5, 0, -1):
        cells = [
            HeatCell(
                probability,
                impact,
                sum(1 for r in live if (r.probability, r.impact) == (probability, impact)),
                risk_level(probability * impact),
            )
            for impact in range(1, 6)
        ]
        heat.append(
            (probability, str(programme_selectors.PROBABILITY_WORDS[probability - 1]), cells)
        )
    shown = (
        [r for r in live if (r.probability, r.impact) == chosen] if chosen is not None else risks
    )
    return RiskLog(programme, risks, heat, as_of, chosen, shown)


def get_risk_detail(code: str, number: int) -> tuple[Programme, LoggedRisk, list[RiskReview]]:
    programme = programme_selectors.get_programme(code)
    risk = Risk.objects.filter(programme=programme, number=number).first()
    if risk is None:
        raise Http404("No such risk")
    reviews = list(risk.reviews.select_related("recorded_by").order_by("-reviewed_on", "-pk"))
    return programme, LoggedRisk(risk, reviews[0] if reviews else None), reviews


# --- Issues ----------------------------------------------------------------------------------


def issues_visible_to(viewer: Any, programme: Programme) -> QuerySet[Issue]:
    return Issue.objects.filter(permissions.issues_visible_q(viewer), programme=programme)


def issue_list(
    viewer: Any,
    programme: Programme,
    *,
    status: str = "",
    priority: str = "",
    country: str = "",
) -> QuerySet[Issue]:
    issues = issues_visible_to(viewer, programme)
    if status:
        issues = issues.filter(status=status)
    if priority:
        issues = issues.filter(priority=priority)
    if country == "-":
        issues = issues.filter(country__isnull=True)
    elif country:
        issues = issues.filter(country__code=country)
    return issues.select_related("country", "owner", "output").order_by("-number")


def issue_counts(viewer: Any, programme: Programme) -> dict[str, int]:
    rows = issues_visible_to(viewer, programme).values("status").annotate(n=Count("pk"))
    counts = dict.fromkeys(Issue.Status.values, 0)
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


def get_issue_for(viewer: Any, programme: Programme, number: int) -> Issue:
    """404 for an issue the viewer may not see: another country's issue is not theirs to
    know of."""
    issue = (
        issues_visible_to(viewer, programme)
        .select_related("country", "owner", "output", "raised_by", "programme")
        .filter(number=number)
        .first()
    )
    if issue is None:
        raise Http404("No such issue")
    return issue


# --- Lessons ---------------------------------------------------------------------------------


def lesson_list(programme: Programme, *, country: str = "", output: str = "") -> QuerySet[Lesson]:
    lessons = Lesson.objects.filter(programme=programme)
    if country:
        lessons = lessons.filter(countries__code=country)
    if output:
        lessons = lessons.filter(outputs__code=output)
    return (
        lessons.select_related("recorded_by")
        .prefetch_related(
            Prefetch("outputs", queryset=Output.objects.order_by("order")),
            Prefetch("countries", queryset=Country.objects.order_by("code")),
        )
        .order_by("-recorded_on", "-pk")
        .distinct()
    )


def get_lesson(programme: Programme, pk: int) -> Lesson:
    lesson = (
        Lesson.objects.filter(programme=programme, pk=pk)
        .prefetch_related("outputs", "countries")
        .first()
    )
    if lesson is None:
        raise Http404("No such lesson")
    return lesson


# --- Schedule and quality ------------------------------------------------------------------


def schedule(programme: Programme) -> list[ScheduledEvent]:
    return list(
        ScheduledEvent.objects.filter(programme=programme)
        .select_related("item", "done_by", "responsible")
        .order_by("due", "item__order")
    )


def next_events(programme_code: str, limit: int = 5) -> list[ScheduledEvent]:
    """The events not yet done, the earliest (overdue first) at the top."""
    return list(
        ScheduledEvent.objects.filter(programme__code=programme_code, done_at__isnull=True)
        .select_related("item")
        .order_by("due", "item__order")[:limit]
    )


@dataclass(frozen=True)
class QualityGrid:
    outputs: list[Output]
    quarters: list[str]
    cells: dict[tuple[str, int], QualityAssessment]

    def rows(self) -> list[tuple[str, list[QualityAssessment | None]]]:
        return [(q, [self.cells.get((q, o.pk)) for o in self.outputs]) for q in self.quarters]


def quality_grid(programme: Programme) -> QualityGrid:
    outputs = list(Output.objects.filter(programme=programme).order_by("order"))
    assessments = QualityAssessment.objects.filter(output__programme=programme).select_related(
        "assessed_by"
    )
    cells = {(a.quarter, a.output_id): a for a in assessments}
    quarters = sorted({q for q, _o in cells}, reverse=True)
    return QualityGrid(outputs, quarters, cells)
