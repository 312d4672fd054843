"""The contract between the apps that keep records and the results framework.

A *measure* computes one quantity (initiatives selected, stakeholders trained, euros
disbursed) from an app's own records, for every (country, period[, split]) cell a page
asks for. An app declares its measures in its `plugin.py` (`Plugin(measures=[...])`);
an indicator of the programme file names the measure that computes it
(`measure: grants.amount_disbursed`); the results framework asks each indicator's
measure once per page. See docs/measures.md for how to write one.

This module holds only the shapes every side agrees on; the engine that turns a queryset
into cells lives with the results framework.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from django.utils.functional import _StrOrPromise as StrOrPromise

#: What a measure can split its values by, besides country and period.
SPLITS = ("sex", "stakeholder_type")
#: What a measure's values are.
UNITS = ("number", "percentage", "money", "yes_no")


@dataclass(frozen=True)
class Period:
    """A reporting period: a quarter ("2014-Q3"), a work-plan semester ("S5") or a year
    ("2014"). `end` is the last day inside the period."""

    code: str
    kind: str
    start: date
    end: date

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class Scope:
    """What a page asks of a measure.

    - `periods`: the columns; with `cumulative`, each value counts everything from the
      programme's start to the period's end, each thing once (a local authority trained
      in two periods counts once), never the sum of per-period values.
    - `countries`: ISO codes of the rows; every measure also answers the whole-programme
      row (`Cell.country is None`) over these countries.
    - `split`: one of SPLITS, or None.
    - `viewer`: whose permissions filter `records()` (the drill-down).
    """

    programme: str
    periods: tuple[Period, ...]
    countries: tuple[str, ...]
    cumulative: bool = False
    split: str | None = None
    viewer: Any = None


@dataclass(frozen=True)
class Cell:
    country: str | None  # None: the whole programme
    period: str | None  # a Period.code; None: the whole programme period
    split: str | None = None  # a value of the scope's split, e.g. "female"


@runtime_checkable
class Measure(Protocol):
    #: Dotted, unique, stable: "<app label>.<what>", e.g. "grants.amount_disbursed".
    name: str
    label: StrOrPromise
    unit: str
    #: Which of SPLITS it can split by.
    splits: frozenset[str]
    #: Said instead of a value while none of the records it counts exist, e.g.
    #: "Computed once initiatives are recorded." (never a made-up zero).
    needs: StrOrPromise

    def available(self) -> bool:
        """Whether the records this measure counts exist at all (one cheap query)."""

    def values(self, scope: Scope) -> dict[Cell, Decimal]:
        """Every cell of `scope`, from aggregate queries (GROUP BY), never a loop over
        rows; the number of queries does not depend on the number of records."""

    def records(self, scope: Scope, cell: Cell) -> QuerySet[Any]:
        """The records behind one cell, filtered by what `scope.viewer` may see."""
