"""The arithmetic of a round's ranking, on plain values (no queries), in Decimal.

- A reviewer's score for a candidate is the weighted mean over the criteria they scored,
  each score taken as a share of its scale:

      score = 100 * Σ(wᵢ · sᵢ / maxᵢ) / Σ(wᵢ)

  over the criteria applicable to the candidate and not marked "not applicable". A
  criterion marked "not applicable" leaves both sums: it is excluded, never counted as
  zero. A scoresheet with every criterion "not applicable" has no score.
- The candidate's score is the plain mean of its submitted reviewers' scores.
- Every figure is computed exactly (Decimal with 28 significant digits) and rounded
  once, at the end, to one decimal place, half up (ROUND_HALF_UP): 72.25 → 72.3. The
  ranking and the ties are on the rounded score; the disagreement is measured on the
  rounded reviewer scores, as the reader sees them.
- Ties: candidates with the same rounded score share a rank shown as "1="; the next rank
  skips (1=, 1=, 3).
- Disagreement: the spread (highest minus lowest reviewer score, 0 to 100 points) is
  flagged when it reaches the round's threshold (20 points unless the round says
  otherwise). The spread is chosen over the standard deviation because a reader can
  check it from the two figures on the page.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

HUNDRED = Decimal(100)
ONE_PLACE = Decimal("0.1")


def rounded(value: Decimal) -> Decimal:
    return value.quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Mark:
    """One criterion's score on a sheet: `value` None with `not_applicable` True is n/a."""

    weight: Decimal
    scale_max: int
    value: int | None
    not_applicable: bool = False


def sheet_score(marks: Iterable[Mark]) -> Decimal | None:
    """The exact weighted (0 to 100) score of one sheet, or None when nothing applies."""
    numerator = Decimal(0)
    denominator = Decimal(0)
    for mark in marks:
        if mark.not_applicable or mark.value is None:
            continue
        weight = Decimal(mark.weight)
        numerator += weight * Decimal(mark.value) / Decimal(mark.scale_max)
        denominator += weight
    if denominator == 0:
        return None
    return HUNDRED * numerator / denominator


@dataclass
class Line:
    """A candidate's line of the ranking."""

    candidate: Any
    reviewer_scores: list[tuple[Any, Decimal]] = field(default_factory=list)
    score: Decimal | None = None
    rank: int | None = None
    tied: bool = False
    spread: Decimal | None = None
    disagreement: bool = False

    @property
    def rank_label(self) -> str:
        if self.rank is None:
            return ""
        return f"{self.rank}=" if self.tied else str(self.rank)

    @property
    def scored(self) -> bool:
        return self.score is not None


def consolidate(line: Line, threshold: Decimal) -> Line:
    """Fill the line's score, spread and disagreement flag from its reviewer scores."""
    exact = [score for _reviewer, score in line.reviewer_scores]
    if not exact:
        line.score = None
        return line
    line.score = rounded(sum(exact, Decimal(0)) / Decimal(len(exact)))
    shown = [rounded(score) for score in exact]
    line.spread = max(shown) - min(shown)
    line.disagreement = len(shown) > 1 and line.spread >= threshold
    return line


def rank(lines: Sequence[Line]) -> list[Line]:
    """Scored lines by score, highest first, with shared ranks; unscored lines last."""
    scored = sorted(
        (line for line in lines if line.score is not None),
        key=lambda line: -(line.score or Decimal(0)),
    )
    previous: Decimal | None = None
    current_rank = 0
    for position, line in enumerate(scored, start=1):
        if line.score != previous:
            current_rank = position
            previous = line.score
        line.rank = current_rank
    counts: dict[int, int] = {}
    for line in scored:
        counts[line.rank or 0] = counts.get(line.rank or 0, 0) + 1
    for line in scored:
        line.tied = counts[line.rank or 0] > 1
    unscored = [line for line in lines if line.score is None]
    return [*scored, *unscored]
