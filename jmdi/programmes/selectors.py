"""Reads of a programme's definition, each with a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from jmdi.directory.models import Country
from jmdi.programmes.models import (
    Activity,
    Contribution,
    GovernanceBody,
    Output,
    Programme,
    ProgrammeCountry,
    Risk,
    Semester,
    SubActivity,
    Target,
)


def _programme(code: str, queryset: QuerySet[Programme] | None = None) -> Programme:
    qs = queryset if queryset is not None else Programme.objects.all()
    try:
        return qs.select_related("executing_entity").get(code=code)
    except Programme.DoesNotExist:
        raise Http404("No such programme") from None


def programme_summary(code: str) -> Programme | None:
    """The programme for the home page, or None when none is loaded yet."""
    return Programme.objects.filter(code=code).select_related("executing_entity").first()


def get_programme_overview(code: str) -> Programme:
    return _programme(
        code,
        Programme.objects.prefetch_related(
            "implementing_agencies",
            Prefetch(
                "programme_countries",
                queryset=ProgrammeCountry.objects.select_related("country__region"),
            ),
            "outputs",
            Prefetch(
                "governance_bodies", queryset=GovernanceBody.objects.prefetch_related("members")
            ),
            "selection_criteria",
        ),
    )


def programme_countries(programme: Programme) -> list[Country]:
    return [pc.country for pc in programme.programme_countries.all()]


def get_results_framework(code: str) -> Programme:
    """Output -> activity -> sub-activity, with targets, indicators and countries."""
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
                    "indicators",
                    Prefetch(
                        "activities", queryset=Activity.objects.prefetch_related("sub_activities")
                    ),
                ),
            ),
        ),
    )


@dataclass(frozen=True)
class GanttRow:
    kind: str  # "output", "activity" or "sub_activity"
    code: str
    name: str
    responsible: str
    cells: list[bool]
    derived: bool = False
    basis: str = ""


def get_work_plan(code: str) -> tuple[Programme, list[Semester], list[GanttRow]]:
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

    rows: list[GanttRow] = []
    for output in outputs:
        output_marks = [False] * len(semesters)
        rows.append(GanttRow("output", output.code, str(output.name), "", output_marks))
        for activity in activities.get(output.pk, []):
            activity_marks = [False] * len(semesters)
            rows.append(
                GanttRow(
                    "activity",
                    activity.code,
                    str(activity.name),
                    str(activity.responsible),
                    activity_marks,
                )
            )
            for sub in subs.get(activity.pk, []):
                columns = planned.get(sub.pk, set())
                marks = [i in columns for i in range(len(semesters))]
                for i in columns:
                    activity_marks[i] = output_marks[i] = True
                rows.append(
                    GanttRow(
                        "sub_activity",
                        sub.code,
                        str(sub.name),
                        str(sub.responsible),
                        marks,
                        sub.semesters_derived,
                        sub.basis,
                    )
                )
    return programme, semesters, rows


@dataclass(frozen=True)
class BudgetLine:
    donor: str
    currency: str
    amount: Decimal
    eur: Decimal
    usd: Decimal
    share: Decimal
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
            BudgetLine(c.donor.localized_name, c.currency, c.amount, eur, usd, share, c.note)
        )
    return programme, lines


def get_risk_register(code: str) -> tuple[Programme, list[Risk], list[list[dict[str, Any]]]]:
    """The risks, and a 5 x 5 probability x impact matrix (rows: probability 5 to 1)."""
    programme = _programme(code)
    risks = list(Risk.objects.filter(programme=programme).order_by("number"))
    matrix = []
    for probability in range(5, 0, -1):
        row = []
        for impact in range(1, 6):
            cell_risks = [r for r in risks if r.probability == probability and r.impact == impact]
            score = probability * impact
            level = "high" if score >= 15 else "medium" if score >= 6 else "low"
            row.append(
                {"probability": probability, "impact": impact, "risks": cell_risks, "level": level}
            )
        matrix.append(row)
    return programme, risks, matrix


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
