"""The finance section of the reports: budget execution per output as of the report's date."""

from __future__ import annotations

from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _

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
from jmdi.finance import selectors
from jmdi.finance.selectors import Figures


def _number(value: Decimal, decimals: int = 2) -> str:
    return formats.number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def _money(value: Decimal) -> TableCell:
    return TableCell.number(value, isolated(_number(value)))


def _delivery(figures: Figures) -> TableCell:
    if figures.delivery is None:
        return TableCell("—")
    return TableCell.number(figures.delivery, isolated(f"{_number(figures.delivery, 1)} %"))


def _delivery_cells(figures: Figures) -> list[TableCell]:
    return [_money(figures.budget), _money(figures.spent), _delivery(figures)]


def _commitment_cells(figures: Figures) -> list[TableCell]:
    return [_money(figures.committed), _money(figures.balance)]


def execution_section(context: ReportContext) -> Section | None:
    execution = selectors.get_execution(context.programme, as_of=context.as_of)
    if not execution.outputs:
        return None
    names = [
        TableCell(str(row.output) if row.output else _("Not allocated to an output"))
        for row in execution.outputs
    ]
    blocks: list[Paragraph | Table | BarChart] = [
        Paragraph(
            _(
                "Budget, commitments and expenditures in EUR recorded by %(date)s; delivery "
                "is what was spent as a share of the budget."
            )
            % {"date": formats.date_format(context.as_of, "DATE_FORMAT")}
        ),
    ]
    if execution.has_demo_lines:
        blocks.append(
            Paragraph(
                _(
                    "The programme document gives the budget by donor only; its split over "
                    "outputs here is demo data."
                )
            )
        )
    # Two tables of at most four columns: the words of an output need the room.
    blocks.append(
        Table(
            caption=_("Budget and delivery by output (EUR)"),
            columns=(
                Column(_("Output")),
                Column(_("Budget"), numeric=True),
                Column(_("Spent"), numeric=True),
                Column(_("Delivery"), numeric=True),
            ),
            rows=[
                [name, *_delivery_cells(row.figures)]
                for name, row in zip(names, execution.outputs, strict=True)
            ],
            total=[TableCell(_("Total")), *_delivery_cells(execution.total)],
        )
    )
    blocks.append(
        Table(
            caption=_("Commitments and balance by output (EUR)"),
            columns=(
                Column(_("Output")),
                Column(_("Committed"), numeric=True),
                Column(_("Balance"), numeric=True),
            ),
            rows=[
                [name, *_commitment_cells(row.figures)]
                for name, row in zip(names, execution.outputs, strict=True)
            ],
            total=[TableCell(_("Total")), *_commitment_cells(execution.total)],
        )
    )
    blocks.append(
        BarChart(
            title=_("Spent against budget, by output (EUR)"),
            bars=[
                Bar(
                    label=row.output.code if row.output else "—",
                    value=str(row.figures.spent),
                    text=isolated(_number(row.figures.spent)),
                    target=str(row.figures.budget),
                )
                for row in execution.outputs
            ],
        )
    )
    return Section(key="budget_execution", title=_("Budget execution"), blocks=tuple(blocks))


REPORT_SECTIONS = [SectionProvider("budget_execution", 85, execution_section)]
