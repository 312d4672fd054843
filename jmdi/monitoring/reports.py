"""The monitoring framework's sections of the progress reports: work-plan status, risks,
issues and lessons learnt, each as the records stood on the report's `as_of` date (the
history as it was then), each with a fixed number of queries."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from jmdi.core.reports import (
    Column,
    Facts,
    Heading,
    Paragraph,
    ReportContext,
    Section,
    SectionProvider,
    Table,
    TableCell,
    isolated,
    written,
)
from jmdi.monitoring import selectors
from jmdi.monitoring.models import Issue, Lesson, RiskReview, WorkPlanStatus
from jmdi.programmes.models import Programme
from jmdi.programmes.selectors import IMPACT_WORDS, PROBABILITY_WORDS, risk_level

ZONES = {
    "high": pgettext_lazy("risk zone", "High"),
    "medium": pgettext_lazy("risk zone", "Medium"),
    "low": pgettext_lazy("risk zone", "Low"),
}


def _end_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.max))


def _day(day: dt.date | None) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT") if day else "—"


def _count(value: int) -> TableCell:
    return TableCell.number(value, formats.number_format(value, use_l10n=True))


def _programme(context: ReportContext) -> Programme | None:
    return Programme.objects.filter(code=context.programme).first()


def statuses_as_of(programme: Programme, as_of: dt.date) -> list[WorkPlanStatus]:
    """Every work-plan status as it stood at the end of `as_of`: the latest history row of
    each, one query."""
    rows = (
        WorkPlanStatus.history.filter(programme=programme, history_date__lte=_end_of(as_of))
        .latest_of_each()
        .exclude(history_type="-")
        .select_related("sub_activity", "semester", "country")
    )
    return list(rows)


def work_plan_section(context: ReportContext) -> Section | None:
    programme = _programme(context)
    if programme is None:
        return None
    statuses = statuses_as_of(programme, context.as_of)
    if not statuses:
        return None
    counts = dict.fromkeys(WorkPlanStatus.Status.values, 0)
    for row in statuses:
        counts[row.status] += 1
    delayed = sorted(
        (r for r in statuses if r.status == WorkPlanStatus.Status.DELAYED),
        key=lambda r: (r.semester.order, r.sub_activity.code, str(r.country or "")),
    )
    return Section(
        key="work_plan",
        title=_("Work plan status"),
        blocks=(
            Paragraph(
                _("How the sub-activities stand on %(day)s, per country and for the programme.")
                % {"day": formats.date_format(context.as_of, "DATE_FORMAT")}
            ),
            Table(
                caption=_("Work-plan statuses"),
                columns=(Column(_("Status")), Column(_("Count"), numeric=True)),
                rows=[
                    (TableCell(str(label)), _count(counts[value]))
                    for value, label in WorkPlanStatus.Status.choices
                ],
                total=(TableCell(_("Total")), _count(len(statuses))),
            ),
            Heading(_("Delayed items")),
            Table(
                caption=_("Sub-activities delayed, with the reason given"),
                columns=(
                    Column(_("Sub-activity")),
                    Column(_("Semester")),
                    Column(_("Country")),
                    Column(_("Reason")),
                ),
                rows=[
                    (
                        TableCell(f"{r.sub_activity.code} {r.sub_activity.name}"),
                        TableCell(isolated(r.semester.code)),
                        TableCell(r.country.name if r.country else _("Whole programme")),
                        TableCell(written(r.comment)),
                    )
                    for r in delayed
                ],
                empty=_("No sub-activity is delayed."),
            ),
        ),
    )


def risks_section(context: ReportContext) -> Section | None:
    programme = _programme(context)
    if programme is None:
        return None
    risks = selectors.logged_risks(programme, context.as_of)
    if not risks:
        return None
    live = [r for r in risks if r.status != RiskReview.Status.DEAD]
    # The heat map as rows of its cells that hold risks (a 6-column grid does not fit the
    # report's page): probability, impact, zone and count.
    heat_rows = []
    for probability in range(5, 0, -1):
        for impact in range(1, 6):
            count = sum(1 for r in live if (r.probability, r.impact) == (probability, impact))
            if count:
                heat_rows.append(
                    (
                        TableCell(
                            _("Probability %(p)s (%(pw)s), impact %(i)s (%(iw)s)")
                            % {
                                "p": probability,
                                "pw": PROBABILITY_WORDS[probability - 1],
                                "i": impact,
                                "iw": IMPACT_WORDS[impact - 1],
                            }
                        ),
                        TableCell(str(ZONES[risk_level(probability * impact)])),
                        _count(count),
                    )
                )
    changed = list(
        RiskReview.objects.filter(
            risk__programme=programme,
            reviewed_on__gte=context.period.start,
            reviewed_on__lte=min(context.period.end, context.as_of),
        )
        .select_related("risk")
        .order_by("reviewed_on", "risk__number")
    )
    return Section(
        key="risks",
        title=_("Risks"),
        blocks=(
            Table(
                caption=_("Live risks by probability and impact, each on a scale of 1 to 5"),
                columns=(
                    Column(_("Probability and impact")),
                    Column(_("Zone")),
                    Column(_("Risks"), numeric=True),
                ),
                rows=heat_rows,
                total=(TableCell(_("Live risks")), TableCell(""), _count(len(live))),
                empty=_("No live risk."),
            ),
            Heading(_("Risks reviewed in the period")),
            Table(
                caption=_("Reviews of the period, with the status each set"),
                columns=(
                    Column(_("Risk")),
                    Column(_("Date")),
                    Column(_("Status")),
                    Column(_("Probability and impact")),
                ),
                rows=[
                    (
                        TableCell(f"{r.risk.number}. {r.risk.title}"),
                        TableCell(_day(r.reviewed_on)),
                        TableCell(str(r.get_status_display())),
                        TableCell(isolated(f"{r.probability}, {r.impact}")),
                    )
                    for r in changed
                ],
                empty=_("No risk was reviewed in the period."),
            ),
        ),
    )


def issues_section(context: ReportContext) -> Section | None:
    programme = _programme(context)
    if programme is None:
        return None
    as_of, start, end = context.as_of, context.period.start, min(context.period.end, context.as_of)
    issues = Issue.objects.filter(programme=programme, raised_on__lte=as_of)
    totals = issues.aggregate(
        all=Count("pk"),
        open=Count("pk", filter=Q(settled_on__isnull=True) | Q(settled_on__gt=as_of)),
    )
    if not totals["all"]:
        return None
    moved = list(
        issues.filter(
            Q(raised_on__gte=start, raised_on__lte=end)
            | Q(settled_on__gte=start, settled_on__lte=end)
        )
        .select_related("country")
        .order_by("number")
    )
    raised = [i for i in moved if start <= i.raised_on <= end]
    settled = [i for i in moved if i.settled_on and start <= i.settled_on <= end]

    def row(issue: Issue) -> tuple[TableCell, ...]:
        return (
            TableCell(f"#{issue.number} {written(issue.title)} ({issue.get_type_display()})"),
            TableCell(str(issue.get_priority_display())),
            TableCell(issue.country.name if issue.country else _("Whole programme")),
            TableCell(
                written(issue.resolution) if issue.settled_on and issue.settled_on <= as_of else ""
            ),
        )

    columns = (
        Column(_("Issue")),
        Column(_("Priority")),
        Column(_("Country")),
        Column(_("Resolution")),
    )
    return Section(
        key="issues",
        title=_("Issues"),
        blocks=(
            Facts(
                (
                    (_("Issues open on the report's date"), str(totals["open"])),
                    (_("Issues raised in the period"), str(len(raised))),
                    (_("Issues resolved or closed in the period"), str(len(settled))),
                )
            ),
            Table(
                caption=_("Issues raised in the period"),
                columns=columns,
                rows=[row(i) for i in raised],
                empty=_("No issue was raised in the period."),
            ),
            Table(
                caption=_("Issues resolved or closed in the period"),
                columns=columns,
                rows=[row(i) for i in settled],
                empty=_("No issue was resolved in the period."),
            ),
        ),
    )


def lessons_section(context: ReportContext) -> Section | None:
    programme = _programme(context)
    if programme is None:
        return None
    lessons = list(
        Lesson.objects.filter(
            programme=programme,
            recorded_on__gte=context.period.start,
            recorded_on__lte=min(context.period.end, context.as_of),
        )
        .prefetch_related("countries", "outputs")
        .order_by("recorded_on", "pk")
    )
    if not lessons and not Lesson.objects.filter(programme=programme).exists():
        return None
    return Section(
        key="lessons",
        title=_("Lessons learnt"),
        blocks=(
            Table(
                caption=_("Lessons recorded in the period"),
                columns=(
                    Column(_("Lesson")),
                    Column(_("Countries")),
                    Column(_("Outputs")),
                    Column(_("Recorded")),
                ),
                rows=[
                    (
                        TableCell(written(f"{lesson.title}: {lesson.text}")),
                        TableCell(", ".join(c.name for c in lesson.countries.all())),
                        TableCell(isolated(", ".join(o.code for o in lesson.outputs.all()))),
                        TableCell(_day(lesson.recorded_on)),
                    )
                    for lesson in lessons
                ],
                empty=_("No lesson was recorded in the period."),
            ),
        ),
    )


REPORT_SECTIONS = [
    SectionProvider("work_plan", 40, work_plan_section),
    SectionProvider("risks", 50, risks_section),
    SectionProvider("issues", 55, issues_section),
    SectionProvider("lessons", 60, lessons_section),
]
