"""The queries behind the selection pages, each a fixed number of queries whatever the
size of the round."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from jmdi.selection import permissions
from jmdi.selection.models import (
    Assignment,
    Candidate,
    Conflict,
    Criterion,
    EligibilityCheck,
    EligibilityResult,
    Round,
    Score,
    Scoresheet,
)
from jmdi.selection.scoring import Line, Mark, consolidate, rank, sheet_score
from jmdi.selection.services import eligibility_state


def rounds_for(user: Any, code: str) -> QuerySet[Round]:
    return (
        permissions.visible_rounds(user, Round.objects.filter(programme__code=code))
        .select_related("country")
        .annotate(
            candidate_count=Count("candidates", distinct=True),
            reviewer_count=Count("assignments", distinct=True),
        )
        .order_by("-created_at", "-pk")
    )


def get_round(code: str, pk: int) -> Round:
    round = (
        Round.objects.select_related("programme", "country")
        .filter(programme__code=code, pk=pk)
        .first()
    )
    if round is None:
        raise Http404("No such round")
    return round


def get_candidate(round: Round, pk: int) -> Candidate:
    candidate = (
        Candidate.objects.select_related(
            "initiative__country", "initiative__lead_authority", "decision__decision__meeting"
        )
        .filter(round=round, pk=pk)
        .first()
    )
    if candidate is None:
        raise Http404("No such candidate")
    candidate.round = round
    return candidate


def _sheets(round: Round, submitted_only: bool = True) -> QuerySet[Scoresheet]:
    sheets = Scoresheet.objects.filter(candidate__round=round)
    if submitted_only:
        sheets = sheets.filter(submitted_at__isnull=False)
    return sheets.select_related("reviewer").prefetch_related(
        Prefetch("scores", queryset=Score.objects.order_by("criterion_id"))
    )


def marks_of(
    sheet: Scoresheet, criteria: dict[int, Criterion], country_id: int | None
) -> list[Mark]:
    return [
        Mark(
            weight=criteria[s.criterion_id].weight,
            scale_max=criteria[s.criterion_id].scale_max,
            value=s.value,
            not_applicable=s.not_applicable,
        )
        for s in sheet.scores.all()
        if s.criterion_id in criteria and criteria[s.criterion_id].applies_to(country_id)
    ]


@dataclass
class Ranking:
    round: Round
    criteria: list[Criterion]
    lines: list[Line]
    ineligible: list[Candidate] = field(default_factory=list)
    pending: list[Candidate] = field(default_factory=list)
    sheets: list[Scoresheet] = field(default_factory=list)

    @property
    def scored_lines(self) -> list[Line]:
        return [line for line in self.lines if line.scored]

    @property
    def unscored_lines(self) -> list[Line]:
        return [line for line in self.lines if not line.scored]


def eligibility_map(
    round: Round,
) -> tuple[list[EligibilityCheck], dict[int, dict[int, EligibilityResult]]]:
    checks = list(round.checks.all())
    results: dict[int, dict[int, EligibilityResult]] = {}
    for result in EligibilityResult.objects.filter(candidate__round=round):
        results.setdefault(result.candidate_id, {})[result.requirement_id] = result
    return checks, results


def _light_marks(round: Round) -> dict[int, list[tuple[Any, ...]]]:
    """The submitted sheets' scores as plain rows, by sheet: a round of 250 candidates and
    three reviewers holds 8,250 of them, and building a model instance for each took most
    of the ranking page's time."""
    rows: dict[int, list[tuple[Any, ...]]] = {}
    for sheet_id, criterion_id, value, not_applicable in Score.objects.filter(
        sheet__candidate__round=round, sheet__submitted_at__isnull=False
    ).values_list("sheet_id", "criterion_id", "value", "not_applicable"):
        rows.setdefault(sheet_id, []).append((criterion_id, value, not_applicable))
    return rows


def _marks_from_rows(
    rows: list[tuple[Any, ...]],
    criteria: dict[int, Criterion],
    country_id: int | None,
    made: dict[tuple[Any, ...], Mark],
) -> list[Mark]:
    """The marks of one sheet's rows. A mark is immutable and a round has few distinct
    ones (criteria by scale), so each is made once and shared (`made`)."""
    marks = []
    for row in rows:
        mark = made.get(row)
        if mark is None:
            criterion = criteria.get(row[0])
            if criterion is None:
                continue
            mark = Mark(
                weight=criterion.weight,
                scale_max=criterion.scale_max,
                value=row[1],
                not_applicable=row[2],
            )
            made[row] = mark
        if criteria[row[0]].applies_to(country_id):
            marks.append(mark)
    return marks


def get_ranking(round: Round, *, full_sheets: bool = False) -> Ranking:
    """Seven queries: criteria, candidates (with initiative and decision), checks,
    eligibility results, submitted sheets (with reviewer) and their scores. The scores
    are read as plain rows unless `full_sheets` (the exports show every score and
    comment of every sheet, so they have the sheets' scores prefetched)."""
    criteria = list(round.criteria.select_related("country"))
    by_id = {c.pk: c for c in criteria}
    candidates = list(
        round.candidates.select_related(
            "initiative__country",
            "initiative__lead_authority",
            "decision__decision__meeting",
        ).order_by("initiative__reference", "pk")
    )
    checks, results = eligibility_map(round)
    check_ids = [c.pk for c in checks]
    if full_sheets:
        sheets = list(_sheets(round))
        rows = {
            sheet.pk: [(x.criterion_id, x.value, x.not_applicable) for x in sheet.scores.all()]
            for sheet in sheets
        }
    else:
        sheets = list(
            Scoresheet.objects.filter(
                candidate__round=round, submitted_at__isnull=False
            ).select_related("reviewer")
        )
        rows = _light_marks(round)
    made: dict[tuple[Any, ...], Mark] = {}
    by_candidate: dict[int, list[Scoresheet]] = {}
    for sheet in sheets:
        by_candidate.setdefault(sheet.candidate_id, []).append(sheet)
    threshold = Decimal(round.disagreement_threshold)
    lines: list[Line] = []
    ineligible: list[Candidate] = []
    pending: list[Candidate] = []
    for candidate in candidates:
        candidate.round = round
        state = eligibility_state(
            check_ids, {k: r.passed for k, r in results.get(candidate.pk, {}).items()}
        )
        candidate.eligibility_state = state  # type: ignore[attr-defined]
        if state == "ineligible":
            ineligible.append(candidate)
            continue
        if state == "pending":
            pending.append(candidate)
        line = Line(candidate=candidate)
        for sheet in sorted(by_candidate.get(candidate.pk, []), key=lambda s: s.reviewer_id):
            marks = _marks_from_rows(
                rows.get(sheet.pk, []), by_id, candidate.initiative.country_id, made
            )
            value = sheet_score(marks)
            if value is not None:
                line.reviewer_scores.append((sheet.reviewer, value))
        lines.append(consolidate(line, threshold))
    return Ranking(
        round=round,
        criteria=criteria,
        lines=rank(lines),
        ineligible=ineligible,
        pending=pending,
        sheets=sheets,
    )


@dataclass
class RoundSummary:
    round: Round
    criteria: list[Criterion]
    checks: list[EligibilityCheck]
    candidates: list[Candidate]
    assignments: list[Assignment]
    submitted: dict[int, int]
    my_sheets: dict[int, Scoresheet]
    my_conflicts: set[int]


def get_round_summary(round: Round, user: Any) -> RoundSummary:
    """The round's page: a fixed number of queries, the candidates limited to those the
    reader may see."""
    criteria = list(round.criteria.select_related("country"))
    checks, results = eligibility_map(round)
    check_ids = [c.pk for c in checks]
    candidates = list(
        permissions.visible_candidates(user, round, round.candidates.all())
        .select_related("initiative__country", "initiative__lead_authority", "decision")
        .order_by("initiative__reference", "pk")
    )
    for candidate in candidates:
        candidate.round = round
        candidate.eligibility_state = eligibility_state(  # type: ignore[attr-defined]
            check_ids, {k: r.passed for k, r in results.get(candidate.pk, {}).items()}
        )
    assignments = list(round.assignments.select_related("reviewer").order_by("reviewer__full_name"))
    submitted = dict(
        Scoresheet.objects.filter(candidate__round=round, submitted_at__isnull=False)
        .values_list("candidate_id")
        .annotate(n=Count("pk"))
        .values_list("candidate_id", "n")
    )
    my_sheets: dict[int, Scoresheet] = {}
    my_conflicts: set[int] = set()
    if permissions.is_assigned(user, round):
        my_sheets = {
            s.candidate_id: s
            for s in Scoresheet.objects.filter(candidate__round=round, reviewer=user)
        }
        my_conflicts = set(
            Conflict.objects.filter(candidate__round=round, reviewer=user).values_list(
                "candidate_id", flat=True
            )
        )
    for candidate in candidates:
        candidate.submitted_count = submitted.get(candidate.pk, 0)  # type: ignore[attr-defined]
        candidate.my_sheet = my_sheets.get(candidate.pk)  # type: ignore[attr-defined]
        candidate.my_conflict = candidate.pk in my_conflicts  # type: ignore[attr-defined]
    return RoundSummary(
        round=round,
        criteria=criteria,
        checks=checks,
        candidates=candidates,
        assignments=assignments,
        submitted=submitted,
        my_sheets=my_sheets,
        my_conflicts=my_conflicts,
    )


def _cells(criteria: list[Criterion], sheet: Scoresheet) -> list[tuple[Criterion, Score | None]]:
    scores = {s.criterion_id: s for s in sheet.scores.all()}
    return [(c, scores.get(c.pk)) for c in criteria]


@dataclass
class CandidateView:
    candidate: Candidate
    criteria: list[Criterion]
    checks: list[tuple[EligibilityCheck, EligibilityResult | None]]
    state: str
    conflicts: list[Conflict]
    my_conflict: Conflict | None
    my_sheet: Scoresheet | None
    my_scores: dict[int, Score]
    #: Other reviewers' sheets, filled only when the reader may see them.
    sheets: list[tuple[Scoresheet, Decimal | None, list[tuple[Criterion, Score | None]]]]
    scores_visible: bool


def get_candidate_view(candidate: Candidate, user: Any) -> CandidateView:
    round = candidate.round
    country_id = candidate.initiative.country_id
    criteria = [c for c in round.criteria.select_related("country") if c.applies_to(country_id)]
    by_id = {c.pk: c for c in criteria}
    checks = list(round.checks.all())
    results = {r.requirement_id: r for r in candidate.eligibility.all()}
    state = eligibility_state([c.pk for c in checks], {k: r.passed for k, r in results.items()})
    conflicts = list(candidate.conflicts.select_related("reviewer"))
    my_conflict = next((c for c in conflicts if c.reviewer_id == user.pk), None)
    my_sheet = (
        Scoresheet.objects.filter(candidate=candidate, reviewer=user)
        .prefetch_related("scores")
        .first()
        if permissions.is_assigned(user, round)
        else None
    )
    my_scores = {s.criterion_id: s for s in my_sheet.scores.all()} if my_sheet else {}
    visible = permissions.can_see_scores(user, candidate, bool(my_sheet and my_sheet.submitted))
    sheets: list[tuple[Scoresheet, Decimal | None, list[tuple[Criterion, Score | None]]]] = []
    if visible:
        for sheet in _sheets(round).filter(candidate=candidate).order_by("reviewer__full_name"):
            sheets.append(
                (
                    sheet,
                    sheet_score(marks_of(sheet, by_id, country_id)),
                    _cells(criteria, sheet),
                )
            )
    if not (permissions.can_see_all_scores(user) or permissions.is_assigned(user, round)):
        conflicts = []  # a focal point reads eligibility, not who stepped aside
    return CandidateView(
        candidate=candidate,
        criteria=criteria,
        checks=[(c, results.get(c.pk)) for c in checks],
        state=state,
        conflicts=conflicts,
        my_conflict=my_conflict,
        my_sheet=my_sheet,
        my_scores=my_scores,
        sheets=sheets,
        scores_visible=visible,
    )


def candidates_scored_q() -> Q:
    return Q(scoresheets__submitted_at__isnull=False)


def scoresheets_to_submit(user: Any) -> QuerySet[Candidate]:
    """For the task inbox: the candidates of the open rounds `user` reviews whose
    scoresheet they have not submitted and with whom they declared no conflict (one
    query; eligibility is not filtered here, a candidate pending its checks counts)."""
    return (
        Candidate.objects.filter(round__status=Round.Status.OPEN, round__assignments__reviewer=user)
        .exclude(scoresheets__reviewer=user, scoresheets__submitted_at__isnull=False)
        .exclude(conflicts__reviewer=user)
        .select_related("round", "initiative")
        .order_by("round_id", "initiative__reference", "pk")
    )
