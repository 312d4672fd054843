"""The ranking's arithmetic, checked by hand."""

from decimal import Decimal

import pytest

from jmdi.selection.scoring import Line, Mark, consolidate, rank, rounded, sheet_score


def test_weighted_score_excludes_not_applicable_never_counting_it_as_zero():
    # Weights 2, 1, 1; scales 0-5, 0-5, 0-10; scores 4, n/a, 6.
    #   Σ w·s/max = 2·4/5 + 1·6/10 = 1.6 + 0.6 = 2.2 over Σ w = 2 + 1 = 3 (n/a left out)
    #   100 x 2.2 / 3 = 73.333… → 73.3
    # Were n/a counted as zero: 100 x 2.2 / 4 = 55.0.
    marks = [
        Mark(Decimal(2), 5, 4),
        Mark(Decimal(1), 5, None, not_applicable=True),
        Mark(Decimal(1), 10, 6),
    ]
    assert rounded(sheet_score(marks)) == Decimal("73.3")


def test_a_sheet_with_everything_not_applicable_has_no_score():
    assert sheet_score([Mark(Decimal(1), 5, None, True)]) is None


def test_rounding_is_half_up_to_one_place():
    # 1·1/8 = 0.125 → 12.5 exactly; (1·1/3 + 1·0)/2 → 16.666… → 16.7.
    assert rounded(sheet_score([Mark(Decimal(1), 8, 1)])) == Decimal("12.5")
    assert rounded(Decimal("72.25")) == Decimal("72.3")
    assert rounded(Decimal("72.249")) == Decimal("72.2")


def _line(name, *scores):
    return Line(
        candidate=name, reviewer_scores=[(f"r{i}", Decimal(s)) for i, s in enumerate(scores)]
    )


def test_candidate_score_is_the_mean_of_its_reviewers_and_the_spread_flags_disagreement():
    # Reviewers 80 and 59.9: mean 69.95 → 70.0 (half up); spread 20.1 ≥ 20 → flagged.
    line = consolidate(_line("a", "80", "59.9"), Decimal(20))
    assert line.score == Decimal("70.0")
    assert line.spread == Decimal("20.1")
    assert line.disagreement is True
    # 80 and 60.1: spread 19.9 < 20 → not flagged.
    assert consolidate(_line("b", "80", "60.1"), Decimal(20)).disagreement is False
    # Exactly the threshold is flagged.
    assert consolidate(_line("c", "80", "60"), Decimal(20)).disagreement is True
    # One reviewer cannot disagree with themself.
    assert consolidate(_line("d", "10"), Decimal(0)).disagreement is False


def test_ties_share_a_rank_the_next_skips_and_unscored_come_last():
    lines = [
        consolidate(_line("low", "50"), Decimal(20)),
        consolidate(_line("none"), Decimal(20)),
        consolidate(_line("tie1", "70.04"), Decimal(20)),  # rounds to 70.0
        consolidate(_line("tie2", "69.96"), Decimal(20)),  # rounds to 70.0
        consolidate(_line("top", "90"), Decimal(20)),
    ]
    ranked = rank(lines)
    assert [(x.candidate, x.rank_label) for x in ranked] == [
        ("top", "1"),
        ("tie1", "2="),
        ("tie2", "2="),
        ("low", "4"),
        ("none", ""),
    ]
    assert ranked[-1].scored is False


@pytest.mark.parametrize(("scores", "label"), [(["70", "70"], "1="), (["70", "69"], "1")])
def test_a_tie_only_when_the_rounded_scores_are_equal(scores, label):
    ranked = rank([consolidate(_line(str(i), s), Decimal(20)) for i, s in enumerate(scores)])
    assert ranked[0].rank_label == label
