"""Reads of a programme's definition, each with a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    StringAgg,
    Value,
    When,
)
from django.db.models.functions import Cast
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jmdi.core.i18n import active_language
from jmdi.directory.models import Country, Organisation
from jmdi.programmes.models import (
    Activity,
    Contribution,
    GovernanceBody,
    MonitoringItem,
    Output,
    Programme,
    ProgrammeCountry,
    Risk,
    Semester,
    SubActivity,
    Target,
)
from jmdi.programmes.monitoring import Occurrence, item_occurrences, rule_sentence


def _programme(code: str, queryset: QuerySet[Programme] | None = None) -> Programme:
    qs = queryset if queryset is not None else Programme.objects.all()
    try:
        return qs.select_related("executing_entity").get(code=code)
    except Programme.DoesNotExist:
        raise Http404("No such programme") from None


def programme_summary(code: str) -> Programme | None:
    """The programme for the home page, or None when none is loaded yet."""
    return Programme.objects.filter(code=code).select_related("executing_entity").first()


@dataclass(frozen=True)
class Body:
    body: GovernanceBody
    members: list[Organisation]


@dataclass(frozen=True)
class MonitoringRow:
    item: MonitoringItem
    rule: str
    due: list[Occurrence]


@dataclass(frozen=True)
class Overview:
    programme: Programme
    implementing_agencies: list[Organisation]
    bodies: list[Body]
    monitoring: list[MonitoringRow]


def get_programme_overview(code: str) -> Overview:
    """The overview: seven queries, whatever the size of the programme.

    The organisations of the implementing agencies and of the governance bodies come in
    one query; each body brings the ids of its members.
    """
    programme = _programme(
        code,
        Programme.objects.prefetch_related(
            Prefetch(
                "programme_countries",
                queryset=ProgrammeCountry.objects.select_related("country__region"),
            ),
            "outputs",
            Prefetch(
                "governance_bodies",
                # Meta.ordering is not applied to a query that aggregates: order it here.
                queryset=GovernanceBody.objects.annotate(
                    member_ids=StringAgg(
                        Cast("members__id", CharField()), delimiter=Value(","), default=Value("")
                    )
                ).order_by("order"),
            ),
            "selection_criteria",
            "monitoring_items",
        ),
    )
    agencies = Programme.implementing_agencies.through.objects.filter(
        programme=programme, organisation=OuterRef("pk")
    )
    organisations = list(
        Organisation.objects.filter(
            Q(implemented_programmes=programme) | Q(governance_bodies__programme=programme)
        )
        .annotate(implements=Exists(agencies))
        .distinct()
    )
    position = {o.pk: i for i, o in enumerate(organisations)}
    by_id = {o.pk: o for o in organisations}
    bodies = []
    for body in programme.governance_bodies.all():
        ids = {int(i) for i in body.member_ids.split(",") if i}  # type: ignore[attr-defined]
        bodies.append(Body(body, [by_id[i] for i in sorted(ids, key=position.__getitem__)]))
    monitoring = []
    for item in programme.monitoring_items.all():
        due = item_occurrences(item, programme.start_date, programme.end_date)
        monitoring.append(MonitoringRow(item, rule_sentence(item, due), due))
    return Overview(
        programme=programme,
        implementing_agencies=[o for o in organisations if o.implements],
        bodies=bodies,
        monitoring=monitoring,
    )


def programme_countries(programme: Programme) -> list[Country]:
    return [pc.country for pc in programme.programme_countries.all()]


def get_results_framework(code: str) -> Programme:
    """Output -> activity -> sub-activity, with targets, baseline figures, indicators."""
    return _programme(
        code,
        Programme.objects.prefetch_related(
            Prefetch(
                "programme_countries", queryset=ProgrammeCountry.objects.select_related("country")
            ),
            Prefetch(
                "outputs",
                queryset=Output.objects.prefetch_related(
                    "targets",
                    "baseline_figures",
                    "indicators",
                    Prefetch(
                        "activities", queryset=Activity.objects.prefetch_related("sub_activities")
                    ),
                ),
            ),
        ),
    )


@dataclass(frozen=True)
class GanttCell:
    planned: bool
    starts: bool = False  # the first of a run of planned semesters
    ends: bool = False  # the last of a run


@dataclass(frozen=True)
class GanttRow:
    kind: str  # "output", "activity" or "sub_activity"
    code: str
    name: str
    responsible: str
    cells: list[GanttCell]
    derived: bool = False
    basis: str = ""


@dataclass(frozen=True)
class DateLine:
    """Where a date falls on the plan: its semester's column, and tenths into it."""

    date: dt.date
    column: int
    tenths: int


@dataclass(frozen=True)
class WorkPlan:
    programme: Programme
    semesters: list[Semester]
    rows: list[GanttRow]

    @property
    def all_derived(self) -> bool:
        subs = [row for row in self.rows if row.kind == "sub_activity"]
        return bool(subs) and all(row.derived for row in subs)

    @property
    def source_notes(self) -> list[tuple[str, str]]:
        """The semesters' notes, then the sentences each derived plan rests on."""
        notes = [
            (_("Semester %(code)s") % {"code": s.code}, s.note) for s in self.semesters if s.note
        ]
        notes += [
            (_("Sub-activity %(code)s") % {"code": row.code}, row.basis)
            for row in self.rows
            if row.kind == "sub_activity" and row.derived and row.basis
        ]
        return notes

    def line_at(self, day: dt.date) -> DateLine | None:
        """The column and position of `day`, or None when no semester holds it."""
        for column, semester in enumerate(self.semesters):
            if semester.start <= day <= semester.end:
                length = (semester.end - semester.start).days + 1
                tenths = round(10 * (day - semester.start).days / length)
                return DateLine(day, column, tenths)
        return None


def _cells(marks: list[bool]) -> list[GanttCell]:
    return [
        GanttCell(
            planned,
            starts=planned and (i == 0 or not marks[i - 1]),
            ends=planned and (i == len(marks) - 1 or not marks[i + 1]),
        )
        for i, planned in enumerate(marks)
    ]


def get_work_plan(code: str) -> WorkPlan:
    """The work plan as rows of a semester grid: six queries, whatever its size.

    Planned semesters come from the link table as pairs of ids rather than through a
    prefetch, which would build a Semester object per mark.
    """
    programme = _programme(code)
    semesters = list(Semester.objects.filter(programme=programme).order_by("order"))
    column = {semester.pk: i for i, semester in enumerate(semesters)}
    outputs = list(Output.objects.filter(programme=programme).order_by("order"))
    activities: dict[int, list[Activity]] = {}
    for activity in Activity.objects.filter(output__programme=programme).order_by("order"):
        activities.setdefault(activity.output_id, []).append(activity)
    subs: dict[int, list[SubActivity]] = {}
    for sub in SubActivity.objects.filter(activity__output__programme=programme).order_by("order"):
        subs.setdefault(sub.activity_id, []).append(sub)
    planned: dict[int, set[int]] = {}
    links = SubActivity.semesters.through.objects.filter(
        subactivity__activity__output__programme=programme
    )
    for sub_id, semester_id in links.values_list("subactivity_id", "semester_id"):
        planned.setdefault(sub_id, set()).add(column[semester_id])

    width = len(semesters)
    rows: list[GanttRow] = []
    for output in outputs:
        output_marks = [False] * width
        output_row = len(rows)
        rows.append(GanttRow("output", output.code, str(output.name), "", []))
        for activity in activities.get(output.pk, []):
            activity_marks = [False] * width
            activity_row = len(rows)
            rows.append(
                GanttRow(
                    "activity", activity.code, str(activity.name), str(activity.responsible), []
                )
            )
            for sub in subs.get(activity.pk, []):
                columns = planned.get(sub.pk, set())
                marks = [i in columns for i in range(width)]
                for i in columns:
                    activity_marks[i] = output_marks[i] = True
                rows.append(
                    GanttRow(
                        "sub_activity",
                        sub.code,
                        str(sub.name),
                        str(sub.responsible),
                        _cells(marks),
                        sub.semesters_derived,
                        sub.basis,
                    )
                )
            rows[activity_row] = replace(rows[activity_row], cells=_cells(activity_marks))
        rows[output_row] = replace(rows[output_row], cells=_cells(output_marks))
    return WorkPlan(programme, semesters, rows)


@dataclass(frozen=True)
class BudgetLine:
    donor: str
    currency: str
    amount: Decimal
    eur: Decimal
    usd: Decimal
    share: Decimal
    agreement: str
    note: str


def get_budget(code: str) -> tuple[Programme, list[BudgetLine]]:
    programme = _programme(
        code,
        Programme.objects.prefetch_related(
            Prefetch("contributions", queryset=Contribution.objects.select_related("donor"))
        ),
    )
    lines = []
    for c in programme.contributions.all():
        eur, usd = c.amount_in("EUR"), c.amount_in("USD")
        share = (
            (eur / programme.total_eur * 100).quantize(Decimal("0.1"))
            if programme.total_eur
            else Decimal(0)
        )
        lines.append(
            BudgetLine(
                c.donor.localized_name,
                c.currency,
                c.amount,
                eur,
                usd,
                share,
                c.agreement_label(),
                c.note,
            )
        )
    return programme, lines


#: The register's columns: (sort key, heading, numeric). `?sort=score` sorts ascending,
#: `?sort=-score` descending.
RISK_COLUMNS = [
    ("number", gettext_lazy("Risk"), False),
    ("probability", gettext_lazy("Probability"), True),
    ("impact", gettext_lazy("Impact"), True),
    ("score", gettext_lazy("Score"), True),
    ("owner", gettext_lazy("Owner"), False),
    ("status", gettext_lazy("Status"), False),
]
RISK_SORTS = tuple(key for key, _label, _numeric in RISK_COLUMNS)
#: Columns first sorted highest first when chosen: the larger number is the graver risk.
HIGHEST_FIRST = {"score", "probability", "impact"}
#: The words of the matrix's axes, from 1 to 5.
PROBABILITY_WORDS = [
    gettext_lazy("rare"),
    gettext_lazy("unlikely"),
    gettext_lazy("possible"),
    gettext_lazy("likely"),
    gettext_lazy("almost certain"),
]
IMPACT_WORDS = [
    gettext_lazy("minor"),
    gettext_lazy("moderate"),
    gettext_lazy("significant"),
    gettext_lazy("major"),
    gettext_lazy("severe"),
]


@dataclass(frozen=True)
class SortHeading:
    key: str
    label: str
    numeric: bool
    link: str  # the `sort` the heading links to: the other way round if it is the current one
    state: str  # its `aria-sort`, "" when the risks are not sorted by it


@dataclass(frozen=True)
class MatrixCell:
    probability: int
    impact: int
    risks: list[Risk]
    level: str


@dataclass(frozen=True)
class MatrixRow:
    probability: int
    word: str
    cells: list[MatrixCell]


@dataclass(frozen=True)
class RiskRegister:
    programme: Programme
    risks: list[Risk]
    matrix: list[MatrixRow]
    sort: str

    @property
    def impact_levels(self) -> list[tuple[int, str]]:
        return [(i, str(word)) for i, word in enumerate(IMPACT_WORDS, start=1)]

    @property
    def headings(self) -> list[SortHeading]:
        headings = []
        for key, label, numeric in RISK_COLUMNS:
            if self.sort == key:
                link, state = f"-{key}", "ascending"
            elif self.sort == f"-{key}":
                link, state = key, "descending"
            else:
                link, state = (f"-{key}" if key in HIGHEST_FIRST else key), ""
            headings.append(SortHeading(key, str(label), numeric, link, state))
        return headings


def _risk_order(sort: str) -> list[Any]:
    key, descending = sort.lstrip("-"), sort.startswith("-")
    columns: dict[str, Any] = {
        "number": F("number"),
        "score": F("risk_score"),
        "probability": F("probability"),
        "impact": F("impact"),
        "owner": F(f"owner_{active_language()}"),
        "status": Case(
            *(When(status=value, then=Value(i)) for i, value in enumerate(Risk.Status.values)),
            output_field=IntegerField(),
        ),
    }
    column = columns[key]
    return [column.desc() if descending else column.asc(), "number"]


def get_risk_register(code: str, sort: str = "number") -> RiskRegister:
    """The risks in the order asked for, and a 5 x 5 probability x impact matrix.

    Two queries, whatever the sort: the database orders the risks (the score is
    probability times impact, computed there too). An unknown sort is the number.
    """
    if sort.lstrip("-") not in RISK_SORTS:
        sort = "number"
    programme = _programme(code)
    risks: list[Risk] = list(
        Risk.objects.filter(programme=programme)
        .alias(risk_score=F("probability") * F("impact"))
        .order_by(*_risk_order(sort))
    )
    matrix = []
    for probability in range(5, 0, -1):
        cells = [
            MatrixCell(
                probability,
                impact,
                sorted(
                    (r for r in risks if (r.probability, r.impact) == (probability, impact)),
                    key=lambda r: r.number,
                ),
                risk_level(probability * impact),
            )
            for impact in range(1, 6)
        ]
        matrix.append(MatrixRow(probability, str(PROBABILITY_WORDS[probability - 1]), cells))
    return RiskRegister(programme, risks, matrix, sort)


def risk_level(score: int) -> str:
    """The matrix's zones: high from 15, medium from 6, low below."""
    return "high" if score >= 15 else "medium" if score >= 6 else "low"


def get_programme(code: str) -> Programme:
    return _programme(code)


def first_programme_country(code: str) -> str | None:
    value = (
        ProgrammeCountry.objects.filter(programme__code=code)
        .order_by("order")
        .values_list("country__code", flat=True)
        .first()
    )
    return str(value) if value else None


def per_country_targets(code: str) -> list[Target]:
    """The targets the programme sets for each country (one query), for a focal point's home."""
    return list(
        Target.objects.filter(output__programme__code=code, per_country=True)
        .select_related("output")
        .order_by("output__order", "order")
    )
