"""The one service that reads indicators' values: the dashboard, the report section and
the exports all ask it, so they always agree.

`indicator_values()` answers every (country, period) cell of every indicator asked for,
with a constant number of queries whatever the size of the data: for each measure used
(and each of cumulative or per-period), one `available()` query and its `values()`
aggregates; one query for all approved manual values. A measure whose records do not
exist yet gives no value but its `needs` text, never a zero.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from jmdi.core.measures import Cell, Period, Scope
from jmdi.core.periods import quarters
from jmdi.programmes.models import Indicator, Programme
from jmdi.results.models import ManualValue
from jmdi.results.registry import is_pending, registry

MEASURE = "measure"
MANUAL = "manual"
PENDING = "pending"


@dataclass(frozen=True)
class CellValue:
    value: Decimal | None
    target: Decimal | None
    progress: Decimal | None  # per cent of the target, rounded to the unit
    source: str
    needs: str = ""
    text: str = ""  # a qualitative indicator's description


@dataclass
class IndicatorResult:
    indicator: Indicator
    source: str
    needs: str = ""
    by_country: bool = True
    cells: dict[tuple[str | None, str, str | None], CellValue] = field(default_factory=dict)

    def cell(self, country: str | None, period: str, split: str | None = None) -> CellValue:
        found = self.cells.get((country, period, split))
        if found is not None:
            return found
        return CellValue(None, None, None, self.source, self.needs)


def progress(indicator: Indicator, value: Decimal | None, target: Decimal | None) -> Decimal | None:
    """How far towards the target, in per cent: value / target for an indicator that
    should rise; (baseline - value) / (baseline - target) for one that should fall."""
    if value is None or target is None or indicator.unit == Indicator.Unit.QUALITATIVE:
        return None
    if indicator.direction == Indicator.Direction.DECREASE:
        base = indicator.baseline_value
        if base is None or base == target:
            return None
        ratio = (base - value) / (base - target)
    else:
        if target <= 0:
            return None
        ratio = value / target
    return (ratio * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)


def _make(
    indicator: Indicator,
    country: str | None,
    period: Period,
    value: Decimal | None,
    source: str,
    text: str = "",
) -> CellValue:
    target = indicator.target_for(country, period.code)
    return CellValue(value, target, progress(indicator, value, target), source, text=text)


def indicator_values(
    programme: Programme,
    indicators: Sequence[Indicator],
    periods: Sequence[Period],
    countries: Sequence[str],
    viewer: Any = None,
    split: str | None = None,
) -> dict[int, IndicatorResult]:
    """{indicator pk: IndicatorResult} for every indicator, country (and None, the whole
    programme) and period."""
    measures = registry()
    results: dict[int, IndicatorResult] = {}
    by_measure: dict[tuple[str, bool], list[Indicator]] = defaultdict(list)
    manual: list[Indicator] = []
    for indicator in indicators:
        by_country = "country" in indicator.disaggregations
        if indicator.is_manual:
            results[indicator.pk] = IndicatorResult(indicator, MANUAL, by_country=by_country)
            manual.append(indicator)
            continue
        measure = measures.get(indicator.measure)
        if measure is None or is_pending(measure) or not measure.available():
            needs = str(measure.needs) if measure is not None else ""
            results[indicator.pk] = IndicatorResult(indicator, PENDING, needs, by_country)
            continue
        results[indicator.pk] = IndicatorResult(indicator, MEASURE, by_country=by_country)
        by_measure[(indicator.measure, indicator.cumulative)].append(indicator)

    rows: list[str | None] = [*countries, None]
    for (name, cumulative), group in by_measure.items():
        measure = measures[name]
        scope = Scope(
            programme=programme.code,
            periods=tuple(periods),
            countries=tuple(countries),
            cumulative=cumulative,
            split=split if split in measure.splits else None,
            viewer=viewer,
        )
        computed = measure.values(scope)
        for indicator in group:
            result = results[indicator.pk]
            for period in periods:
                for country in rows:
                    if country is not None and not result.by_country:
                        continue
                    if scope.split is None:
                        value = computed.get(Cell(country, period.code), Decimal(0))
                        result.cells[(country, period.code, None)] = _make(
                            indicator, country, period, value, MEASURE
                        )
            for cell, value in computed.items():
                if cell.split is not None and cell.period is not None:
                    if cell.country is not None and not result.by_country:
                        continue
                    period = next(p for p in periods if p.code == cell.period)
                    result.cells[(cell.country, cell.period, cell.split)] = _make(
                        indicator, cell.country, period, value, MEASURE
                    )
    if manual:
        _manual_values(programme, manual, periods, countries, split, results)
    return results


def _manual_values(
    programme: Programme,
    indicators: list[Indicator],
    periods: Sequence[Period],
    countries: Sequence[str],
    split: str | None,
    results: dict[int, IndicatorResult],
) -> None:
    """Approved values only, entered per quarter: a period's value adds up the quarters
    ending in it (a number) or takes the latest of them (a percentage, yes/no, a text);
    a cumulative value does the same from the programme's start."""
    quarter_end = {q.code: q.end for q in quarters(programme.start_date, programme.end_date)}
    last = max(p.end for p in periods) if periods else programme.end_date
    wanted = [code for code, end in quarter_end.items() if end <= last]
    rows = ManualValue.objects.filter(
        indicator__in=indicators,
        status=ManualValue.Status.APPROVED,
        period__in=wanted,
        country__in=[*countries, ""],
    ).values_list("indicator_id", "country", "period", "split", "value", "text")
    entered: dict[tuple[int, str, str], list[tuple[Any, Decimal | None, str]]] = defaultdict(list)
    for indicator_id, row_country, row_period, row_split, row_value, row_text in rows:
        if (row_split or None) != split:
            continue
        entered[(indicator_id, row_country, row_split)].append(
            (quarter_end[row_period], row_value, row_text)
        )
    for indicator in indicators:
        result = results[indicator.pk]
        summable = indicator.unit == Indicator.Unit.NUMBER
        splits = sorted({s for (i, _c, s) in entered if i == indicator.pk})
        for split_value in splits or [""]:
            key_split = split_value or None
            for period in periods:
                low = None if indicator.cumulative else period.start
                country_values: list[Decimal] = []
                targets_rows: list[str | None] = [*countries, None] if result.by_country else [None]
                for country in targets_rows:
                    if country is None and result.by_country:
                        if summable and country_values:
                            total = sum(country_values, Decimal(0))
                            result.cells[(None, period.code, key_split)] = _make(
                                indicator, None, period, total, MANUAL
                            )
                        continue
                    items = [
                        (end, v, t)
                        for end, v, t in entered.get((indicator.pk, country or "", split_value), [])
                        if end <= period.end and (low is None or end >= low)
                    ]
                    if not items:
                        continue
                    items.sort(key=lambda item: item[0])
                    value: Decimal | None
                    if summable:
                        value = sum((v or Decimal(0) for _e, v, _t in items), Decimal(0))
                    else:
                        value = items[-1][1]
                    if country is not None and value is not None:
                        country_values.append(value)
                    result.cells[(country, period.code, key_split)] = _make(
                        indicator, country, period, value, MANUAL, items[-1][2]
                    )
