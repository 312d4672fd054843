"""Who may read and act on the selection rounds. One rule per action.

- The PMU manages everything: rounds, criteria, candidates, reviewers, eligibility, the
  steering committee's decisions (as its secretariat), exports.
- The steering committee reads every round, its ranking, every score and the decisions.
- A focal point reads the rounds of their country (and the global rounds) and the
  candidates of their country, whose eligibility they record; they see no scores.
- A reviewer (or a focal point) assigned to a round reads that round and its candidates
  only; they declare conflicts and score. They see the other reviewers' scores for a
  candidate only once their own scoresheet for it is submitted.
- Everyone else (grantee, M4D Net member, trainers, technical committee, no role) is
  refused.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from jmdi.core.roles import Role
from jmdi.core.scopes import scopes_of
from jmdi.selection.models import Assignment, Candidate, Round


def _assigned_round_ids(user: Any) -> set[int]:
    """The rounds `user` reviews, read once per request and kept on the user object."""
    if not getattr(user, "is_authenticated", False):
        return set()
    # Only reviewers and focal points are ever assigned (services.assign_reviewer); for
    # everyone else the navigation asks without a query. A revoked role ends the review.
    if not scopes_of(user).has(Role.REVIEWER, Role.FOCAL_POINT):
        return set()
    cached: set[int] | None = getattr(user, "_selection_rounds", None)
    if cached is None:
        cached = set(Assignment.objects.filter(reviewer=user).values_list("round_id", flat=True))
        user._selection_rounds = cached
    return cached


def forget_assignments(user: Any) -> None:
    user.__dict__.pop("_selection_rounds", None)


def _reads_all(user: Any) -> bool:
    return scopes_of(user).has(Role.PMU_OFFICER, Role.STEERING)


def can_view_rounds(user: Any) -> bool:
    scopes = scopes_of(user)
    return (
        _reads_all(user)
        or bool(scopes.countries_for(Role.FOCAL_POINT))
        or bool(_assigned_round_ids(user))
    )


def visible_rounds(user: Any, queryset: QuerySet[Round] | None = None) -> QuerySet[Round]:
    queryset = Round.objects.all() if queryset is None else queryset
    if _reads_all(user):
        return queryset
    condition = Q(pk__in=sorted(_assigned_round_ids(user)))
    countries = scopes_of(user).countries_for(Role.FOCAL_POINT)
    if countries:
        condition |= Q(country__isnull=True) | Q(country__code__in=sorted(countries))
    return queryset.filter(condition)


def can_view_round(user: Any, round: Round) -> bool:
    if _reads_all(user) or round.pk in _assigned_round_ids(user):
        return True
    countries = scopes_of(user).countries_for(Role.FOCAL_POINT)
    return bool(countries) and (round.country is None or round.country.code in countries)


def is_assigned(user: Any, round: Round) -> bool:
    return round.pk in _assigned_round_ids(user)


def visible_candidates(
    user: Any, round: Round, queryset: QuerySet[Candidate]
) -> QuerySet[Candidate]:
    if _reads_all(user) or is_assigned(user, round):
        return queryset
    countries = scopes_of(user).countries_for(Role.FOCAL_POINT)
    return queryset.filter(initiative__country__code__in=sorted(countries))


def can_view_candidate(user: Any, candidate: Candidate) -> bool:
    if _reads_all(user) or is_assigned(user, candidate.round):
        return True
    return candidate.initiative.country.code in scopes_of(user).countries_for(Role.FOCAL_POINT)


def can_manage(user: Any) -> bool:
    """Create rounds, set criteria and checks, add candidates, assign reviewers, open and
    close scoring."""
    return scopes_of(user).is_pmu


def can_record_eligibility(user: Any, candidate: Candidate) -> bool:
    scopes = scopes_of(user)
    return scopes.is_pmu or candidate.initiative.country.code in scopes.countries_for(
        Role.FOCAL_POINT
    )


def can_be_assigned(user: Any, round: Round) -> bool:
    """A reviewer or focal point of the round's country (of any country, global round)."""
    scopes = scopes_of(user)
    countries = scopes.countries_for(Role.REVIEWER) | scopes.countries_for(Role.FOCAL_POINT)
    if round.country is None:
        return bool(countries)
    return round.country.code in countries


def can_declare_conflict(user: Any, candidate: Candidate) -> bool:
    return is_assigned(user, candidate.round)


def can_score(user: Any, candidate: Candidate, conflicted: bool) -> bool:
    """An assigned reviewer without a conflict with this candidate (the round open, the
    candidate eligible and the sheet not yet submitted are the service's checks)."""
    return is_assigned(user, candidate.round) and not conflicted


def can_see_all_scores(user: Any) -> bool:
    return _reads_all(user)


def can_see_scores(user: Any, candidate: Candidate, own_submitted: bool) -> bool:
    """Other reviewers' scores: the PMU and steering always; an assigned reviewer only
    after submitting their own sheet for this candidate."""
    if _reads_all(user):
        return True
    return is_assigned(user, candidate.round) and own_submitted


def can_view_ranking(user: Any) -> bool:
    return _reads_all(user)


def can_record_decision(user: Any) -> bool:
    return scopes_of(user).is_pmu


def can_export(user: Any) -> bool:
    """The full record holds every score: for those who see all scores."""
    return _reads_all(user)
