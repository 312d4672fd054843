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

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from django.db.models import Aggregate, Count, Q, QuerySet, Sum

if TYPE_CHECKING:
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


# --- A measure over a queryset: what most apps need ---------------------------------------


def _day_range(scope: Scope, period: Period) -> tuple[date, date]:
    start = scope.periods[0].start if scope.cumulative else period.start
    # Cumulative values count from the beginning: everything up to the period's end.
    return (date.min if scope.cumulative else start, period.end)


@dataclass(frozen=True)
class QuerysetMeasure:
    """Counts (or sums) the records of a queryset by country and period, in one query.

        QuerysetMeasure(
            name="monitoring.lessons_recorded",
            label=_("Lessons learnt recorded"),
            needs=_("Computed once lessons are recorded in the lessons-learned log."),
            queryset=lambda: Lesson.objects.all(),
            date_field="recorded_on",
            country_field="country__code",
            programme_field="programme__code",
        )

    - `distinct_field`: count each distinct value once (a local authority trained twice
      counts once), also across periods when the scope is cumulative;
    - `aggregate="sum"` with `value_field`: sum an amount instead of counting;
    - `split_fields`: {split name: field}, e.g. {"sex": "participant__sex"};
    - `visible`: a function of the viewer giving the Q that `records()` filters by (the
      drill-down never shows a record its viewer may not see).

    `values()` makes one query (GROUP BY country, with one filtered aggregate per period)
    plus, for distinct counts, one for the whole-programme row, which cannot be a sum of
    the country rows.
    """

    name: str
    label: StrOrPromise
    needs: StrOrPromise
    queryset: Callable[[], QuerySet[Any]]
    date_field: str
    country_field: str | None = None
    programme_field: str | None = None
    unit: str = "number"
    aggregate: str = "count"
    value_field: str | None = None
    distinct_field: str | None = None
    split_fields: Mapping[str, str] = field(default_factory=dict)
    visible: Callable[[Any], Q] | None = None

    @property
    def splits(self) -> frozenset[str]:
        return frozenset(self.split_fields)

    def _base(self, scope: Scope) -> QuerySet[Any]:
        queryset = self.queryset()
        if self.programme_field:
            queryset = queryset.filter(**{self.programme_field: scope.programme})
        if self.country_field:
            queryset = queryset.filter(**{f"{self.country_field}__in": list(scope.countries)})
        if scope.periods:
            last = max(p.end for p in scope.periods)
            queryset = queryset.filter(**{f"{self.date_field}__lte": last})
            if not scope.cumulative:
                first = min(p.start for p in scope.periods)
                queryset = queryset.filter(**{f"{self.date_field}__gte": first})
        return queryset.order_by()

    def _aggregates(self, scope: Scope) -> dict[str, Aggregate]:
        target = self.distinct_field or self.value_field or "pk"
        aggregates: dict[str, Aggregate] = {}
        for index, period in enumerate(scope.periods):
            low, high = _day_range(scope, period)
            window = Q(**{f"{self.date_field}__lte": high})
            if low != date.min:
                window &= Q(**{f"{self.date_field}__gte": low})
            if self.aggregate == "sum":
                aggregates[f"p{index}"] = Sum(target, filter=window)
            else:
                aggregates[f"p{index}"] = Count(
                    target, filter=window, distinct=bool(self.distinct_field)
                )
        return aggregates

    def available(self) -> bool:
        return bool(self.queryset().exists())

    def values(self, scope: Scope) -> dict[Cell, Decimal]:
        aggregates = self._aggregates(scope)
        if not aggregates:
            return {}
        split = self.split_fields.get(scope.split) if scope.split else None
        group = [f for f in (self.country_field, split) if f]
        result: dict[Cell, Decimal] = {}
        rows = self._base(scope).values(*group).annotate(**aggregates) if group else []
        totals: dict[tuple[str | None, str | None], Decimal] = {}
        for row in rows:
            country = str(row[self.country_field]) if self.country_field else None
            split_value = str(row[split]) if split else None
            for index, period in enumerate(scope.periods):
                value = Decimal(row[f"p{index}"] or 0)
                if self.country_field:
                    result[Cell(country, period.code, split_value)] = value
                key = (period.code, split_value)
                totals[key] = totals.get(key, Decimal(0)) + value
        if self.distinct_field or not self.country_field:
            totals = {}
            total_group = [split] if split else []
            total_rows = (
                self._base(scope).values(*total_group).annotate(**aggregates)
                if total_group
                else [self._base(scope).aggregate(**aggregates)]
            )
            for row in total_rows:
                split_value = str(row[split]) if split else None
                for index, period in enumerate(scope.periods):
                    totals[(period.code, split_value)] = Decimal(row[f"p{index}"] or 0)
        for (period_code, split_value), value in totals.items():
            result[Cell(None, period_code, split_value)] = value
        return result

    def records(self, scope: Scope, cell: Cell) -> QuerySet[Any]:
        queryset = self._base(scope)
        if cell.country is not None and self.country_field:
            queryset = queryset.filter(**{self.country_field: cell.country})
        period = next((p for p in scope.periods if p.code == cell.period), None)
        if period is not None:
            low, high = _day_range(scope, period)
            queryset = queryset.filter(**{f"{self.date_field}__lte": high})
            if low != date.min:
                queryset = queryset.filter(**{f"{self.date_field}__gte": low})
        if cell.split is not None and scope.split is not None and scope.split in self.split_fields:
            queryset = queryset.filter(**{self.split_fields[scope.split]: cell.split})
        if self.visible is not None:
            queryset = queryset.filter(self.visible(scope.viewer))
        return queryset.order_by(f"-{self.date_field}")
