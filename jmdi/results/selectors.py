"""Reads for the results pages: the dashboard, an indicator's drill-down, the manual
values a person has to enter or review. A fixed number of queries each."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.http import urlencode

from jmdi.core import charts
from jmdi.core.measures import Cell, Period, Scope
from jmdi.core.roles import Role
from jmdi.core.scopes import scopes_of
from jmdi.programmes.models import Indicator, Output, Programme
from jmdi.results import permissions
from jmdi.results.models import FactDay, ManualValue
from jmdi.results.periods import (
    all_periods,
    default_period,
    programme_periods,
    quarters_through,
    today,
)
from jmdi.results.registry import get_measure
from jmdi.results.values import MANUAL, MEASURE, CellValue, IndicatorResult, indicator_values


@dataclass(frozen=True)
class Country:
    code: str
    name: str


def programme_countries(programme: Programme) -> list[Country]:
    return [
        Country(str(pc.country.code), pc.country.name)
        for pc in programme.programme_countries.select_related("country").order_by("order")
    ]


def programme_indicators(programme: Programme) -> list[Indicator]:
    return list(
        Indicator.objects.filter(output__programme=programme)
        .select_related("output", "target")
        .order_by("output__order", "order")
    )


def format_value(indicator: Indicator, cell: CellValue) -> str:
    """A cell's figure as shown: a number, a percentage, yes/no, a description."""
    from django.utils import formats
    from django.utils.translation import gettext as _

    if indicator.unit == Indicator.Unit.QUALITATIVE:
        return cell.text
    if cell.value is None:
        return ""
    if indicator.unit == Indicator.Unit.YES_NO:
        return str(_("Yes")) if cell.value else str(_("No"))
    decimals = 0 if cell.value == cell.value.to_integral_value() else 1
    text = formats.number_format(
        cell.value, decimal_pos=decimals, use_l10n=True, force_grouping=True
    )
    return f"{text}\u00a0%" if indicator.unit == Indicator.Unit.PERCENTAGE else text


def format_number(value: Decimal | None) -> str:
    from django.utils import formats

    if value is None:
        return ""
    decimals = 0 if value == value.to_integral_value() else 1
    return formats.number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


@dataclass
class Row:
    indicator: Indicator
    result: IndicatorResult
    cells: list[tuple[Country | None, CellValue, str, str]]  # column, value, text, link


@dataclass
class OutputBlock:
    output: Output
    rows: list[Row] = field(default_factory=list)


@dataclass
class Dashboard:
    programme: Programme
    period: Period
    periods: dict[str, list[Period]]
    countries: list[Country]
    country: Country | None
    columns: list[Country | None]
    outputs: list[OutputBlock]
    progress_chart: list[charts.BarRow]
    comparison: tuple[Indicator, list[charts.BarRow]] | None
    trend: tuple[Indicator, int, int, list[charts.Column]] | None


def drill_url(programme: Programme, indicator: Indicator, country: str | None, period: str) -> str:
    query = {"period": period}
    if country:
        query["country"] = country
    return (
        reverse("results:drilldown", args=[programme.code, indicator.code]) + "?" + urlencode(query)
    )


def landing_country(user: Any, requested: str | None, countries: list[Country]) -> Country | None:
    """The country asked for; without one, a focal point lands on their own country."""
    by_code = {c.code: c for c in countries}
    if requested is not None:
        return by_code.get(requested.upper())
    own = sorted(scopes_of(user).countries_for(Role.FOCAL_POINT))
    return by_code.get(own[0]) if own else None


def find_period(programme: Programme, code: str | None) -> tuple[dict[str, list[Period]], Period]:
    periods = programme_periods(programme)
    every = {p.code: p for kind in periods.values() for p in kind}
    chosen = every.get(code or "")
    return periods, chosen or default_period(programme, reported_through(programme))


def reported_through(programme: Programme) -> date | None:
    """The day the latest figures are dated: the end of the latest quarter with approved
    manual values (what the focal points report each quarter), or else the latest day of
    activity facts (from the small per-day table). At most two queries."""
    from django.db.models import Max

    latest_value = ManualValue.objects.filter(
        indicator__output__programme=programme,
        status=ManualValue.Status.APPROVED,
        period__contains="-Q",
    ).aggregate(latest=Max("period"))["latest"]
    if latest_value:
        quarter = all_periods(programme).get(latest_value)
        if quarter is not None:
            return quarter.end
    latest_fact: date | None = FactDay.objects.filter(
        programme=programme, day__lte=today()
    ).aggregate(latest=Max("day"))["latest"]
    return latest_fact


def dashboard(
    programme: Programme, user: Any, country_code: str | None, period_code: str | None
) -> Dashboard:
    periods, period = find_period(programme, period_code)
    countries = programme_countries(programme)
    country = landing_country(user, country_code, countries)
    # Every country is computed (one GROUP BY whatever their number), so the whole
    # programme's column and the comparison of countries are the same with a country shown.
    codes = [c.code for c in countries]
    indicators = programme_indicators(programme)
    values = indicator_values(programme, indicators, [period], codes, viewer=user)
    columns: list[Country | None] = [country] if country else [*countries]
    columns.append(None)
    blocks: dict[int, OutputBlock] = {}
    progress_items = []
    for indicator in indicators:
        result = values[indicator.pk]
        block = blocks.setdefault(indicator.output_id, OutputBlock(indicator.output))
        cells = []
        for column in columns:
            code = column.code if column else None
            if code is not None and not result.by_country:
                cells.append((column, CellValue(None, None, None, "n/a"), "", ""))
                continue
            cell = result.cell(code, period.code)
            link = (
                drill_url(programme, indicator, code, period.code)
                if cell.value is not None or cell.text
                else ""
            )
            cells.append((column, cell, format_value(indicator, cell), link))
        block.rows.append(Row(indicator, result, cells))
        # Progress towards target, in per cent, for the country shown (or the programme).
        focus = result.cell(country.code if country and result.by_country else None, period.code)
        if focus.progress is not None:
            progress_items.append(
                (
                    indicator.code,
                    focus.progress,
                    Decimal(100),
                    f"{format_number(focus.progress)}\u00a0%",
                    "100\u00a0%",
                    drill_url(
                        programme,
                        indicator,
                        country.code if country and result.by_country else None,
                        period.code,
                    ),
                )
            )
    featured = next(
        (
            i
            for i in indicators
            if values[i.pk].source in (MEASURE, MANUAL)
            and i.target_per_country is not None
            and values[i.pk].by_country
        ),
        None,
    )
    comparison = None
    trend = None
    if featured is not None:
        result = values[featured.pk]
        comparison = (
            featured,
            charts.bars(
                [
                    (
                        c.name,
                        result.cell(c.code, period.code).value,
                        result.cell(c.code, period.code).target,
                        format_value(featured, result.cell(c.code, period.code)) or "—",
                        format_number(result.cell(c.code, period.code).target),
                        drill_url(programme, featured, c.code, period.code),
                    )
                    for c in countries
                    if c.code in codes
                ]
            ),
        )
        columns_periods = quarters_through(programme, period)
        over_time = indicator_values(programme, [featured], columns_periods, codes, viewer=user)[
            featured.pk
        ]
        row = country.code if country else None
        width, height, shapes = charts.columns(
            [
                (
                    p.code,
                    over_time.cell(row, p.code).value,
                    format_value(featured, over_time.cell(row, p.code)) or "—",
                )
                for p in columns_periods
            ]
        )
        trend = (featured, width, height, shapes)
    return Dashboard(
        programme=programme,
        period=period,
        periods=periods,
        countries=countries,
        country=country,
        columns=columns,
        outputs=list(blocks.values()),
        progress_chart=charts.bars(progress_items),
        comparison=comparison,
        trend=trend,
    )


# --- Drill-down -------------------------------------------------------------------------


@dataclass
class DrillDown:
    indicator: Indicator
    period: Period
    country: Country | None
    cell: CellValue
    text: str
    source: str
    records: Any = None  # a queryset of the measure's records (paginated by the view)
    manual: list[ManualValue] = field(default_factory=list)
    needs: str = ""


def drilldown(
    programme: Programme, user: Any, indicator: Indicator, country: Country | None, period: Period
) -> DrillDown:
    codes = [country.code] if country else [c.code for c in programme_countries(programme)]
    result = indicator_values(programme, [indicator], [period], codes, viewer=user)[indicator.pk]
    cell = result.cell(country.code if country else None, period.code)
    found = DrillDown(
        indicator,
        period,
        country,
        cell,
        format_value(indicator, cell),
        result.source,
        needs=result.needs,
    )
    if result.source == MEASURE:
        measure = get_measure(indicator.measure)
        assert measure is not None  # a measure-backed result has its measure
        scope = Scope(
            programme=programme.code,
            periods=(period,),
            countries=tuple(codes),
            cumulative=indicator.cumulative,
            viewer=user,
        )
        found.records = measure.records(scope, Cell(country.code if country else None, period.code))
    elif result.source == MANUAL:
        found.manual = list(manual_values_behind(programme, indicator, country, period))
    return found


def manual_values_behind(
    programme: Programme, indicator: Indicator, country: Country | None, period: Period
) -> QuerySet[ManualValue]:
    """The approved values a manual cell adds up (or takes the latest of)."""
    from jmdi.core.periods import quarters

    wanted = [
        q.code
        for q in quarters(programme.start_date, programme.end_date)
        if q.end <= period.end and (indicator.cumulative or q.end >= period.start)
    ]
    queryset = ManualValue.objects.filter(
        indicator=indicator, status=ManualValue.Status.APPROVED, period__in=wanted, split=""
    ).select_related("entered_by", "reviewed_by")
    if country is not None:
        queryset = queryset.filter(country=country.code)
    return queryset.order_by("-period", "country")


# --- Manual values to enter and to review ------------------------------------------------


def manual_indicators(programme: Programme) -> list[Indicator]:
    return [i for i in programme_indicators(programme) if i.is_manual]


def values_visible_q(user: Any) -> Q:
    allowed = permissions.countries_to_enter(user)
    if allowed is None:
        return Q()
    return Q(country__in=sorted(allowed)) if allowed else Q(pk__in=[])


def values_for(user: Any, programme: Programme, period: str) -> dict[tuple[int, str], ManualValue]:
    """{(indicator pk, country): value} of a quarter, as far as the user enters them."""
    rows = ManualValue.objects.filter(
        values_visible_q(user), indicator__output__programme=programme, period=period, split=""
    )
    return {(v.indicator_id, v.country): v for v in rows}


def returned_values(user: Any, programme: Programme) -> QuerySet[ManualValue]:
    return (
        ManualValue.objects.filter(
            values_visible_q(user),
            indicator__output__programme=programme,
            status=ManualValue.Status.RETURNED,
        )
        .select_related("indicator", "reviewed_by")
        .order_by("period", "country")
    )


def review_queue(programme: Programme) -> QuerySet[ManualValue]:
    return (
        ManualValue.objects.filter(
            indicator__output__programme=programme, status=ManualValue.Status.SUBMITTED
        )
        .select_related("indicator", "entered_by")
        .order_by("updated_at")
    )


def value_for(user: Any, programme: Programme, pk: int) -> ManualValue | None:
    """A value the user may see (enter or review), else None (a 404)."""
    return (
        ManualValue.objects.filter(
            values_visible_q(user), pk=pk, indicator__output__programme=programme
        )
        .select_related("indicator__output")
        .first()
    )


def values_panel(user: Any, programme_code: str) -> dict[str, Any] | None:
    """The home panel's counts: three queries (the programme, its manual indicators, and
    one aggregate over the values)."""
    from django.db.models import Count

    programme = Programme.objects.filter(code=programme_code).first()
    if programme is None:
        return None
    period = default_period(programme).code
    allowed = permissions.countries_to_enter(user)
    manual = list(
        Indicator.objects.filter(output__programme=programme, measure=Indicator.MANUAL).values_list(
            "pk", "disaggregations"
        )
    )
    can_review = permissions.can_review_values(user)
    counts = ManualValue.objects.filter(indicator__in=[pk for pk, _d in manual]).aggregate(
        entered=Count(
            "pk", filter=values_visible_q(user) & Q(period=period, split="") & ~Q(country="")
        ),
        returned=Count("pk", filter=values_visible_q(user) & Q(status=ManualValue.Status.RETURNED)),
        waiting=Count("pk", filter=Q(status=ManualValue.Status.SUBMITTED)),
    )
    slots = None
    if allowed is not None:
        slots = sum(1 for _pk, d in manual if "country" in d) * len(allowed)
    return {
        "programme_code": programme.code,
        "period": period,
        "to_enter": None if slots is None else max(slots - counts["entered"], 0),
        "returned": counts["returned"],
        "waiting": counts["waiting"] if can_review else 0,
        "can_review": can_review,
    }
