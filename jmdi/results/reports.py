"""The results section of the progress reports: per output, its indicators against their
targets as of the report's date, from the same values service as the dashboard."""

from __future__ import annotations

from django.utils.translation import gettext as _

from jmdi.core.measures import Period
from jmdi.core.reports import (
    Bar,
    BarChart,
    Column,
    Paragraph,
    ReportContext,
    Section,
    SectionProvider,
    Table,
    TableCell,
    isolated,
)
from jmdi.programmes.models import Programme
from jmdi.results import selectors
from jmdi.results.values import PENDING, indicator_values


def results_section(context: ReportContext) -> Section | None:
    programme = Programme.objects.filter(code=context.programme).first()
    if programme is None:
        return None
    period = context.period
    if context.as_of < period.end:
        period = Period(period.code, period.kind, period.start, max(context.as_of, period.start))
    indicators = selectors.programme_indicators(programme)
    if not indicators:
        return None
    countries = [c.code for c in selectors.programme_countries(programme)]
    values = indicator_values(programme, indicators, [period], countries)
    blocks: list = [
        Paragraph(
            _(
                "Each indicator for the whole programme, as of the end of the period; "
                "cumulative indicators count everything since the programme's start."
            )
        )
    ]
    columns = (
        Column(_("Indicator")),
        Column(_("Target"), numeric=True),
        Column(_("Value"), numeric=True),
        Column(_("Progress"), numeric=True),
    )
    output = None
    rows: list[list[TableCell]] = []
    bars: list[Bar] = []

    def flush() -> None:
        if output is None:
            return
        title = _("Output %(code)s: %(name)s") % {"code": output.code, "name": output.name}
        blocks.append(Table(caption=title, columns=columns, rows=list(rows)))
        if bars:
            blocks.append(
                BarChart(
                    title=_("Output %(code)s: value against target") % {"code": output.code},
                    bars=list(bars),
                )
            )

    for indicator in indicators:
        if output is None or indicator.output_id != output.pk:
            flush()
            output, rows, bars = indicator.output, [], []
        result = values[indicator.pk]
        cell = result.cell(None, period.code)
        if cell.target is not None:
            target = TableCell.number(cell.target, selectors.format_number(cell.target))
        elif indicator.target_per_country is not None:
            target = TableCell(
                _("%(value)s per country")
                % {"value": selectors.format_number(indicator.target_per_country)}
            )
        else:
            target = TableCell("—")
        if result.source == PENDING:
            value = TableCell(result.needs)
        else:
            shown = selectors.format_value(indicator, cell)
            value = TableCell.number(cell.value, shown or _("not yet entered"))
        progress = (
            TableCell.number(cell.progress, isolated(f"{cell.progress} %"))
            if cell.progress is not None
            else TableCell("—")
        )
        rows.append(
            [TableCell(f"{isolated(indicator.code)} {indicator.name}"), target, value, progress]
        )
        if cell.value is not None and indicator.unit == "number":
            bars.append(
                Bar(
                    label=isolated(indicator.code),
                    value=str(cell.value),
                    text=selectors.format_value(indicator, cell),
                    target=None if cell.target is None else str(cell.target),
                )
            )
    flush()
    return Section(key="results", title=_("Results against targets"), blocks=tuple(blocks))


REPORT_SECTIONS = [SectionProvider("results", 30, results_section)]
