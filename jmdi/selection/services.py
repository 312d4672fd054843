"""Every change to a selection round goes through here: inside a transaction, checked
against the permissions, with history kept.

A round's life: draft (criteria, checks, candidates, reviewers set up) → open for scoring
→ scoring closed → decided, which it becomes by itself once every eligible candidate has
the steering committee's decision.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jmdi.directory.models import Country
from jmdi.governance import services as governance
from jmdi.governance.models import Meeting
from jmdi.initiatives import services as initiatives
from jmdi.initiatives.models import Initiative
from jmdi.programmes.models import Programme, SelectionCriterion
from jmdi.selection import permissions
from jmdi.selection.models import (
    OUTCOME_STATUS,
    Assignment,
    Candidate,
    CandidateDecision,
    Conflict,
    Criterion,
    EligibilityCheck,
    EligibilityResult,
    Outcome,
    Round,
    Score,
    Scoresheet,
)

STEERING_BODY = "steering_committee"

#: The forward moves of a round's status the PMU makes (decided follows the decisions).
MOVES = {
    Round.Status.DRAFT: {Round.Status.OPEN},
    Round.Status.OPEN: {Round.Status.CLOSED},
    Round.Status.CLOSED: {Round.Status.OPEN},
}


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _lock(round: Round) -> Round:
    return Round.objects.select_for_update().get(pk=round.pk)


def eligibility_state(check_ids: Iterable[int], results: Mapping[int, bool]) -> str:
    """ "eligible" when every check is passed, "ineligible" when one failed, otherwise
    "pending". A round without checks finds every candidate eligible."""
    pending = False
    for check_id in check_ids:
        if check_id not in results:
            pending = True
        elif not results[check_id]:
            return "ineligible"
    return "pending" if pending else "eligible"


def candidate_eligibility(candidate: Candidate) -> str:
    results = dict(
        EligibilityResult.objects.filter(candidate=candidate).values_list(
            "requirement_id", "passed"
        )
    )
    checks = EligibilityCheck.objects.filter(round_id=candidate.round_id).values_list(
        "pk", flat=True
    )
    return eligibility_state(checks, results)


# --- Setting the round up ---------------------------------------------------------------


@transaction.atomic
def create_round(
    *,
    actor: Any,
    programme: Programme,
    title: str,
    country: Country | None = None,
    opens_on: dt.date | None = None,
    closes_on: dt.date | None = None,
    disagreement_threshold: Decimal = Decimal(20),
    checks: Iterable[str] = (),
    weights: Mapping[str, Decimal] | None = None,
    scale_max: int = 5,
) -> Round:
    """A draft round with the programme's general selection factors copied in as its
    criteria (weight 1 unless `weights` gives one by code, scale 0 to `scale_max`)."""
    _require(permissions.can_manage(actor))
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("Enter the round's title, e.g. 2013 call.")
    elif Round.objects.filter(programme=programme, title=title.strip()).exists():
        errors["title"] = _("A round of this programme already has this title; choose another.")
    if opens_on and closes_on and closes_on < opens_on:
        errors["closes_on"] = _("Enter a closing date on or after the opening date.")
    if country is not None and not programme.programme_countries.filter(country=country).exists():
        errors["country"] = _(
            "Choose one of the programme's countries, or none for a global round."
        )
    if errors:
        raise ValidationError(errors)
    round = Round(
        programme=programme,
        title=title.strip(),
        country=country,
        opens_on=opens_on,
        closes_on=closes_on,
        disagreement_threshold=disagreement_threshold,
    )
    round.full_clean()
    round._history_user = actor  # type: ignore[attr-defined]
    round.save()
    weights = weights or {}
    factors = SelectionCriterion.objects.filter(programme=programme).order_by("order", "pk")
    Criterion.objects.bulk_create(
        Criterion(
            round=round,
            code=factor.code,
            label=str(factor.text),
            source=factor,
            weight=Decimal(weights.get(factor.code, 1)),
            scale_max=scale_max,
            order=index,
        )
        for index, factor in enumerate(factors, start=1)
    )
    for label in checks:
        add_check(actor=actor, round=round, label=label)
    return round


def _require_setup(round: Round) -> None:
    if round.status != Round.Status.DRAFT:
        raise ValidationError(
            {
                "round": _(
                    "Scoring has opened: the round's criteria and checks can no longer change."
                )
            }
        )


@transaction.atomic
def add_check(*, actor: Any, round: Round, label: str) -> EligibilityCheck:
    _require(permissions.can_manage(actor))
    _require_setup(_lock(round))
    if not label.strip():
        raise ValidationError({"label": _("Enter the check, e.g. Led by a local authority.")})
    order = round.checks.count() + 1
    return EligibilityCheck.objects.create(round=round, order=order, label=label.strip())


@transaction.atomic
def add_country_criterion(
    *,
    actor: Any,
    round: Round,
    country: Country,
    code: str,
    label: str,
    weight: Decimal = Decimal(1),
    scale_max: int = 5,
) -> Criterion:
    """A criterion that applies only to `country`'s candidates."""
    _require(permissions.can_manage(actor))
    _require_setup(_lock(round))
    errors: dict[str, str] = {}
    if not code.strip():
        errors["code"] = _("Enter a short code for the criterion, e.g. MA1.")
    elif round.criteria.filter(code=code.strip()).exists():
        errors["code"] = _("The round already has a criterion with this code; choose another.")
    if not label.strip():
        errors["label"] = _("Enter the criterion.")
    if weight <= 0:
        errors["weight"] = _("Enter a weight above zero.")
    if scale_max < 1:
        errors["scale_max"] = _("Enter a highest score of 1 or more.")
    if round.country_id is not None and country.pk != round.country_id:
        errors["country"] = _("Choose the round's own country.")
    if errors:
        raise ValidationError(errors)
    order = (round.criteria.count() or 0) + 1
    return Criterion.objects.create(
        round=round,
        code=code.strip(),
        label=label.strip(),
        country=country,
        weight=weight,
        scale_max=scale_max,
        order=order,
    )


@transaction.atomic
def set_weight(*, actor: Any, criterion: Criterion, weight: Decimal, scale_max: int) -> Criterion:
    _require(permissions.can_manage(actor))
    _require_setup(_lock(criterion.round))
    errors: dict[str, str] = {}
    if weight <= 0:
        errors["weight"] = _("Enter a weight above zero.")
    if scale_max < 1:
        errors["scale_max"] = _("Enter a highest score of 1 or more.")
    if errors:
        raise ValidationError(errors)
    criterion.weight = weight
    criterion.scale_max = scale_max
    criterion.save(update_fields=["weight", "scale_max"])
    return criterion


@transaction.atomic
def add_candidate(*, actor: Any, round: Round, initiative: Initiative) -> Candidate:
    """The initiative joins the round; its status becomes "candidate"."""
    _require(permissions.can_manage(actor))
    locked = _lock(round)
    errors: dict[str, str] = {}
    if locked.status == Round.Status.DECIDED:
        errors["round"] = _("The round is decided: it takes no more candidates.")
    if initiative.programme_id != locked.programme_id:
        errors["initiative"] = _("Choose an initiative of this programme.")
    elif locked.country_id is not None and initiative.country_id != locked.country_id:
        errors["initiative"] = _("Choose an initiative of the round's country.")
    elif Candidate.objects.filter(round=locked, initiative=initiative).exists():
        errors["initiative"] = _("This initiative is already a candidate in the round.")
    if errors:
        raise ValidationError(errors)
    candidate = Candidate.objects.create(round=locked, initiative=initiative)
    initiatives.set_status(
        actor=actor,
        initiative=initiative,
        status=Initiative.Status.CANDIDATE,
        reason=f"Candidate in the selection round “{locked.title}”",
    )
    return candidate


@transaction.atomic
def assign_reviewer(*, actor: Any, round: Round, reviewer: Any) -> Assignment:
    _require(permissions.can_manage(actor))
    locked = _lock(round)
    if not permissions.can_be_assigned(reviewer, locked):
        raise ValidationError(
            {
                "reviewer": _(
                    "Choose a reviewer or focal point of the round's country (any programme "
                    "country for a global round)."
                )
            }
        )
    if locked.status == Round.Status.DECIDED:
        raise ValidationError({"reviewer": _("The round is decided: it takes no more reviewers.")})
    assignment, _created = Assignment.objects.get_or_create(round=locked, reviewer=reviewer)
    permissions.forget_assignments(reviewer)
    return assignment


@transaction.atomic
def move(*, actor: Any, round: Round, status: str) -> Round:
    """Open scoring, close it, or reopen it; "decided" follows the decisions."""
    _require(permissions.can_manage(actor))
    locked = _lock(round)
    if status not in MOVES.get(Round.Status(locked.status), set()):
        raise ValidationError(
            {
                "status": _("A round that is “%(current)s” cannot become “%(new)s”.")
                % {"current": locked.get_status_display(), "new": status}
            }
        )
    if status == Round.Status.OPEN and not locked.criteria.exists():
        raise ValidationError({"status": _("Give the round its criteria before opening it.")})
    locked.status = status
    locked._history_user = actor  # type: ignore[attr-defined]
    locked.save(update_fields=["status"])
    round.status = locked.status
    return locked


# --- Eligibility, conflicts, scores -----------------------------------------------------


@transaction.atomic
def record_eligibility(
    *, actor: Any, candidate: Candidate, check: EligibilityCheck, passed: bool, note: str = ""
) -> EligibilityResult:
    _require(permissions.can_record_eligibility(actor, candidate))
    locked = _lock(candidate.round)
    if check.round_id != locked.pk:
        raise ValidationError({"check": _("Choose a check of this round.")})
    if locked.status == Round.Status.DECIDED:
        raise ValidationError({"check": _("The round is decided: its eligibility is closed.")})
    result, _created = EligibilityResult.objects.update_or_create(
        candidate=candidate,
        requirement=check,
        defaults={"passed": passed, "note": note.strip(), "recorded_by": actor},
    )
    return result


@transaction.atomic
def declare_conflict(*, actor: Any, candidate: Candidate, note: str) -> Conflict:
    """The reviewer steps aside from this candidate; a draft scoresheet is dropped, a
    submitted one cannot be (declare before scoring)."""
    _require(permissions.can_declare_conflict(actor, candidate))
    if not note.strip():
        raise ValidationError({"note": _("Say what the conflict of interest is.")})
    sheet = Scoresheet.objects.filter(candidate=candidate, reviewer=actor).first()
    if sheet is not None and sheet.submitted:
        raise ValidationError(
            {"note": _("Your scoresheet for this candidate is submitted; ask the PMU.")}
        )
    if sheet is not None:
        sheet.delete()
    conflict, _created = Conflict.objects.update_or_create(
        candidate=candidate, reviewer=actor, defaults={"note": note.strip()}
    )
    return conflict


def applicable_criteria(candidate: Candidate) -> list[Criterion]:
    country_id = candidate.initiative.country_id
    return [c for c in candidate.round.criteria.all() if c.applies_to(country_id)]


@transaction.atomic
def save_scores(
    *,
    actor: Any,
    candidate: Candidate,
    scores: Mapping[int, tuple[int | None, bool, str]],
    submit: bool = False,
) -> Scoresheet:
    """Record the reviewer's scores: {criterion id: (value, not applicable, comment)}.
    With `submit`, every applicable criterion needs a score or "not applicable", and the
    sheet is locked."""
    conflicted = Conflict.objects.filter(candidate=candidate, reviewer=actor).exists()
    _require(permissions.can_score(actor, candidate, conflicted))
    round = _lock(candidate.round)
    if round.status != Round.Status.OPEN:
        raise ValidationError({"round": _("The round is not open for scoring.")})
    if candidate_eligibility(candidate) != "eligible":
        raise ValidationError({"round": _("Only eligible candidates are scored.")})
    sheet, _created = Scoresheet.objects.select_for_update().get_or_create(
        candidate=candidate, reviewer=actor
    )
    if sheet.submitted:
        raise ValidationError({"round": _("Your scoresheet for this candidate is submitted.")})
    criteria = {c.pk: c for c in applicable_criteria(candidate)}
    errors: dict[str, str] = {}
    for criterion_id, (value, not_applicable, _comment) in scores.items():
        criterion = criteria.get(criterion_id)
        if criterion is None:
            errors["scores"] = _("Score only the criteria of this candidate.")
        elif not_applicable and value is not None:
            errors[f"value_{criterion_id}"] = _("Give a score or tick “not applicable”, not both.")
        elif value is not None and not (0 <= value <= criterion.scale_max):
            errors[f"value_{criterion_id}"] = _("Enter a score from 0 to %(max)s.") % {
                "max": criterion.scale_max
            }
    if errors:
        raise ValidationError(errors)
    existing = {s.criterion_id: s for s in sheet.scores.all()}
    for criterion_id, (value, not_applicable, comment) in scores.items():
        score = existing.get(criterion_id) or Score(sheet=sheet, criterion_id=criterion_id)
        score.value = None if not_applicable else value
        score.not_applicable = not_applicable
        score.comment = comment.strip()
        score.save()
        existing[criterion_id] = score
    if submit:
        missing = [
            c
            for pk, c in criteria.items()
            if pk not in existing
            or (existing[pk].value is None and not existing[pk].not_applicable)
        ]
        if missing:
            raise ValidationError(
                {
                    f"value_{c.pk}": _("Score %(code)s or tick “not applicable” before submitting.")
                    % {"code": c.code}
                    for c in missing
                }
            )
        sheet.submitted_at = timezone.now()
        sheet._history_user = actor  # type: ignore[attr-defined]
        sheet.save(update_fields=["submitted_at"])
    return sheet


# --- The steering committee's decision --------------------------------------------------


@transaction.atomic
def record_decision(
    *, actor: Any, candidate: Candidate, outcome: str, rationale: str, meeting: Meeting | None
) -> CandidateDecision:
    """The steering committee's decision on a candidate, at one of its meetings: a
    numbered governance decision targeting the candidate; the initiative's status
    follows; the round is decided once every eligible candidate has its decision."""
    _require(permissions.can_record_decision(actor))
    round = _lock(candidate.round)
    errors: dict[str, str] = {}
    if round.status not in (Round.Status.CLOSED, Round.Status.DECIDED):
        errors["outcome"] = _("Close the scoring before recording the committee's decisions.")
    if outcome not in Outcome.values:
        errors["outcome"] = _("Choose selected, reserve or rejected.")
    if not rationale.strip():
        errors["rationale"] = _("Enter the committee's rationale for its decision.")
    if meeting is None:
        errors["meeting"] = _("Choose the steering committee meeting that decided.")
    elif meeting.body.code != STEERING_BODY or meeting.body.programme_id != round.programme_id:
        errors["meeting"] = _("Choose a meeting of this programme's steering committee.")
    if CandidateDecision.objects.filter(candidate=candidate).exists():
        errors["outcome"] = _("The committee's decision on this candidate is already recorded.")
    elif candidate_eligibility(candidate) != "eligible":
        errors["outcome"] = _("Only eligible candidates are decided.")
    if errors or meeting is None:
        raise ValidationError(errors)
    label = Outcome(outcome).label
    text = _("Selection round “%(round)s”, %(initiative)s: %(outcome)s. %(rationale)s") % {
        "round": round.title,
        "initiative": candidate.initiative,
        "outcome": label,
        "rationale": rationale.strip(),
    }
    decision = governance.record_decision(actor=actor, meeting=meeting, text=text, target=candidate)
    recorded = CandidateDecision.objects.create(
        candidate=candidate,
        outcome=outcome,
        rationale=rationale.strip(),
        decision=decision,
        recorded_by=actor,
    )
    initiatives.set_status(
        actor=actor,
        initiative=candidate.initiative,
        status=OUTCOME_STATUS[Outcome(outcome)],
        reason=decision.number,
    )
    _decide_if_complete(round)
    return recorded


def _decide_if_complete(round: Round) -> None:
    check_ids = list(round.checks.values_list("pk", flat=True))
    results: dict[int, dict[int, bool]] = {}
    for candidate_id, check_id, passed in EligibilityResult.objects.filter(
        candidate__round=round
    ).values_list("candidate_id", "requirement_id", "passed"):
        results.setdefault(candidate_id, {})[check_id] = passed
    decided = set(
        CandidateDecision.objects.filter(candidate__round=round).values_list(
            "candidate_id", flat=True
        )
    )
    for candidate_id in round.candidates.values_list("pk", flat=True):
        state = eligibility_state(check_ids, results.get(candidate_id, {}))
        if state == "pending" or (state == "eligible" and candidate_id not in decided):
            return
    round.status = Round.Status.DECIDED
    round.save(update_fields=["status"])
