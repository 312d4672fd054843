"""The selection services: the rules, and that a refusal changes nothing."""

from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError

from jmdi.directory.models import Country
from jmdi.governance.models import Decision
from jmdi.initiatives.models import Initiative
from jmdi.initiatives.tests.factories import InitiativeFactory
from jmdi.programmes.models import SelectionCriterion
from jmdi.selection import selectors, services
from jmdi.selection.models import CandidateDecision, Criterion, Round, Score, Scoresheet
from jmdi.selection.tests.factories import full_sheet, steering_meeting

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("programme_once_per_module")]


def test_a_round_copies_the_programmes_eleven_general_factors(world):
    factors = SelectionCriterion.objects.filter(programme__code="jmdi-2")
    assert factors.count() == 11
    criteria = list(world.round.criteria.order_by("order"))
    assert [c.code for c in criteria] == list(
        factors.order_by("order").values_list("code", flat=True)
    )
    assert all(c.source_id and c.weight == 1 and c.scale_max == 5 for c in criteria)


def test_adding_a_candidate_makes_the_initiative_a_candidate(world):
    assert Initiative.objects.get(pk=world.ma.initiative_id).status == "candidate"
    assert world.ma.initiative.history.first().history_change_reason.startswith("Candidate")


def test_a_country_round_refuses_another_countrys_initiative(world, pmu):
    initiative = InitiativeFactory(country=Country.objects.get(code="MA"))
    with pytest.raises(ValidationError) as error:
        services.add_candidate(actor=pmu, round=world.other_round, initiative=initiative)
    assert "initiative" in error.value.error_dict
    assert initiative.candidacies.count() == 0
    assert Initiative.objects.get(pk=initiative.pk).status == "mapped"


def test_only_reviewers_of_the_rounds_country_are_assigned(world, pmu, reviewer_ma, outsider):
    with pytest.raises(ValidationError):
        services.assign_reviewer(actor=pmu, round=world.other_round, reviewer=reviewer_ma)
    with pytest.raises(ValidationError):
        services.assign_reviewer(actor=pmu, round=world.round, reviewer=outsider)
    assert not world.other_round.assignments.filter(reviewer=reviewer_ma).exists()


def test_only_the_pmu_sets_rounds_up(world, focal_ma, steering):
    for actor in (focal_ma, steering):
        with pytest.raises(PermissionDenied):
            services.move(actor=actor, round=world.round, status="closed")
        with pytest.raises(PermissionDenied):
            services.add_candidate(actor=actor, round=world.round, initiative=InitiativeFactory())
    assert Round.objects.get(pk=world.round.pk).status == "open"
    assert world.round.candidates.count() == 2


def _hand_example(round, pmu):
    """F1 weight 2 on 0-5, F2 weight 1 on 0-5, F3 weight 1 on 0-10; the other factors
    are marked n/a by every reviewer."""
    round.status = Round.Status.DRAFT
    round.save()
    by_code = {c.code: c for c in round.criteria.all()}
    services.set_weight(actor=pmu, criterion=by_code["F1"], weight=Decimal(2), scale_max=5)
    services.set_weight(actor=pmu, criterion=by_code["F3"], weight=Decimal(1), scale_max=10)
    services.move(actor=pmu, round=round, status="open")
    others = {code: "na" for code in by_code if code not in ("F1", "F2", "F3")}
    return others


def test_the_ranking_computes_weighted_scores_with_na_excluded(world, pmu, reviewer_ma):
    others = _hand_example(world.round, pmu)
    # reviewer_ma: F1 = 4, F2 = n/a, F3 = 6
    #   (2·4/5 + 1·6/10) / (2 + 1) = 2.2 / 3 → 73.333…
    services.save_scores(
        actor=reviewer_ma,
        candidate=world.ma,
        scores=full_sheet(world.ma, F1=4, F2="na", F3=6, **others),
        submit=True,
    )
    # reviewer_sn: F1 = 5, F2 = 5, F3 = 10 → (2 + 1 + 1) / 4 → 100
    services.save_scores(
        actor=world.reviewer_sn,
        candidate=world.ma,
        scores=full_sheet(world.ma, F1=5, F2=5, F3=10, **others),
        submit=True,
    )
    ranking = selectors.get_ranking(world.round)
    line = ranking.lines[0]
    assert line.candidate.pk == world.ma.pk
    assert [v.quantize(Decimal("0.1")) for _r, v in line.reviewer_scores] == [
        Decimal("73.3"),
        Decimal("100.0"),
    ] or sorted(v.quantize(Decimal("0.1")) for _r, v in line.reviewer_scores) == [
        Decimal("73.3"),
        Decimal("100.0"),
    ]
    # Mean (73.333… + 100) / 2 = 86.666… → 86.7; spread 100.0 - 73.3 = 26.7 ≥ 20.
    assert line.score == Decimal("86.7")
    assert line.spread == Decimal("26.7")
    assert line.disagreement is True
    assert line.rank_label == "1"
    # The Senegalese candidate has no submitted sheet: listed last, not scored.
    assert ranking.lines[-1].candidate.pk == world.sn.pk
    assert ranking.lines[-1].scored is False


def test_a_country_criterion_applies_only_to_that_countrys_candidates(world, pmu):
    world.round.status = Round.Status.DRAFT
    world.round.save()
    criterion = services.add_country_criterion(
        actor=pmu,
        round=world.round,
        country=Country.objects.get(code="MA"),
        code="MA1",
        label="Fits the regional plan",
    )
    assert criterion in services.applicable_criteria(world.ma)
    assert criterion not in services.applicable_criteria(world.sn)


def test_a_conflicted_reviewer_cannot_score(world, reviewer_ma):
    services.declare_conflict(actor=reviewer_ma, candidate=world.ma, note="My cousin leads it.")
    with pytest.raises(PermissionDenied):
        services.save_scores(
            actor=reviewer_ma, candidate=world.ma, scores=full_sheet(world.ma), submit=True
        )
    assert not Scoresheet.objects.filter(candidate=world.ma, reviewer=reviewer_ma).exists()


def test_declaring_a_conflict_drops_a_draft_sheet(world, reviewer_ma):
    services.save_scores(actor=reviewer_ma, candidate=world.ma, scores=full_sheet(world.ma))
    services.declare_conflict(actor=reviewer_ma, candidate=world.ma, note="Former employer.")
    assert not Scoresheet.objects.filter(candidate=world.ma, reviewer=reviewer_ma).exists()


def test_a_submitted_sheet_is_locked(world, reviewer_ma):
    services.save_scores(
        actor=reviewer_ma, candidate=world.ma, scores=full_sheet(world.ma, 2), submit=True
    )
    with pytest.raises(ValidationError):
        services.save_scores(actor=reviewer_ma, candidate=world.ma, scores=full_sheet(world.ma, 5))
    assert set(
        Score.objects.filter(sheet__reviewer=reviewer_ma).values_list("value", flat=True)
    ) == {2}
    with pytest.raises(ValidationError):
        services.declare_conflict(actor=reviewer_ma, candidate=world.ma, note="Too late.")


def test_submitting_needs_every_criterion_scored_or_na(world, reviewer_ma):
    scores = full_sheet(world.ma)
    missing = next(iter(scores))
    scores[missing] = (None, False, "")
    with pytest.raises(ValidationError) as error:
        services.save_scores(actor=reviewer_ma, candidate=world.ma, scores=scores, submit=True)
    assert f"value_{missing}" in error.value.error_dict
    assert not Scoresheet.objects.filter(submitted_at__isnull=False).exists()


def test_a_score_outside_the_scale_is_refused(world, reviewer_ma):
    scores = full_sheet(world.ma)
    first = next(iter(scores))
    scores[first] = (6, False, "")
    with pytest.raises(ValidationError) as error:
        services.save_scores(actor=reviewer_ma, candidate=world.ma, scores=scores)
    assert f"value_{first}" in error.value.error_dict
    assert not Score.objects.exists()


def test_an_ineligible_candidate_is_not_scored_and_shown_as_such(world, pmu, reviewer_ma):
    check = world.round.checks.get()
    services.record_eligibility(actor=pmu, candidate=world.sn, check=check, passed=False)
    with pytest.raises(ValidationError):
        services.save_scores(actor=reviewer_ma, candidate=world.sn, scores=full_sheet(world.sn))
    ranking = selectors.get_ranking(world.round)
    assert [c.pk for c in ranking.ineligible] == [world.sn.pk]
    assert world.sn.pk not in [line.candidate.pk for line in ranking.lines]


def test_a_focal_point_records_eligibility_only_in_their_country(world, focal_ma, focal_sn):
    check = world.round.checks.get()
    services.record_eligibility(actor=focal_ma, candidate=world.ma, check=check, passed=True)
    with pytest.raises(PermissionDenied):
        services.record_eligibility(actor=focal_ma, candidate=world.sn, check=check, passed=False)
    assert world.sn.eligibility.get().passed is True


def _score_all(world, reviewer_ma):
    for candidate, value in ((world.ma, 5), (world.sn, 2)):
        for reviewer in (reviewer_ma, world.reviewer_sn):
            services.save_scores(
                actor=reviewer,
                candidate=candidate,
                scores=full_sheet(candidate, value),
                submit=True,
            )


def test_the_decision_is_a_governance_decision_and_moves_the_initiative(world, pmu, reviewer_ma):
    _score_all(world, reviewer_ma)
    meeting = steering_meeting(pmu)
    with pytest.raises(ValidationError):  # scoring still open
        services.record_decision(
            actor=pmu, candidate=world.ma, outcome="selected", rationale="Best.", meeting=meeting
        )
    services.move(actor=pmu, round=world.round, status="closed")
    recorded = services.record_decision(
        actor=pmu, candidate=world.ma, outcome="selected", rationale="Best ranked.", meeting=meeting
    )
    decision = Decision.objects.get(pk=recorded.decision_id)
    assert decision.meeting == meeting
    assert decision.number == "SC-2014-01"
    assert decision.target_type == ContentType.objects.get_for_model(world.ma)
    assert decision.target_id == world.ma.pk
    assert "Best ranked." in decision.text
    assert Initiative.objects.get(pk=world.ma.initiative_id).status == "selected"
    assert Round.objects.get(pk=world.round.pk).status == "closed"  # Senegal undecided
    services.record_decision(
        actor=pmu, candidate=world.sn, outcome="rejected", rationale="Weak.", meeting=meeting
    )
    assert Initiative.objects.get(pk=world.sn.initiative_id).status == "not_selected"
    assert Round.objects.get(pk=world.round.pk).status == "decided"


def test_a_decision_is_refused_to_all_but_the_pmu_and_not_twice(world, pmu, reviewer_ma, steering):
    _score_all(world, reviewer_ma)
    services.move(actor=pmu, round=world.round, status="closed")
    meeting = steering_meeting(pmu)
    with pytest.raises(PermissionDenied):
        services.record_decision(
            actor=steering, candidate=world.ma, outcome="selected", rationale="x", meeting=meeting
        )
    assert not Decision.objects.exists()
    services.record_decision(
        actor=pmu, candidate=world.ma, outcome="reserve", rationale="Next.", meeting=meeting
    )
    with pytest.raises(ValidationError):
        services.record_decision(
            actor=pmu, candidate=world.ma, outcome="selected", rationale="x", meeting=meeting
        )
    assert Decision.objects.count() == 1
    assert CandidateDecision.objects.get().outcome == "reserve"
    assert Initiative.objects.get(pk=world.ma.initiative_id).status == "reserve"


def test_a_decision_needs_a_steering_committee_meeting(world, pmu, reviewer_ma):
    from jmdi.governance import services as governance
    from jmdi.programmes.models import GovernanceBody

    _score_all(world, reviewer_ma)
    services.move(actor=pmu, round=world.round, status="closed")
    technical = GovernanceBody.objects.get(programme__code="jmdi-2", code="technical_committee")
    meeting = governance.create_meeting(
        actor=pmu, body=technical, date=world.round.programme.start_date, place="Rome"
    )
    with pytest.raises(ValidationError) as error:
        services.record_decision(
            actor=pmu, candidate=world.ma, outcome="selected", rationale="x", meeting=meeting
        )
    assert "meeting" in error.value.error_dict
    assert not CandidateDecision.objects.exists()
    assert Criterion.objects.filter(round=world.round).count() == 11


def test_the_inbox_lists_the_scoresheets_still_to_submit(world, reviewer_ma):
    assert set(selectors.scoresheets_to_submit(reviewer_ma)) == {world.ma, world.sn}
    services.save_scores(
        actor=reviewer_ma, candidate=world.ma, scores=full_sheet(world.ma), submit=True
    )
    services.declare_conflict(actor=reviewer_ma, candidate=world.sn, note="Relative.")
    assert list(selectors.scoresheets_to_submit(reviewer_ma)) == []
    assert set(selectors.scoresheets_to_submit(world.reviewer_sn)) == {
        world.ma,
        world.sn,
        world.other,
    }
