"""The programme's own sections of its reports: what it is, its targets, its budget.

Figures from the definition, formatted in the report's language (collect() runs under the
report's language). The figures of the programme at work come from the apps that record
them (results, monitoring, finance, governance), each with its own sections.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _

from jmdi.core.reports import (
    Column,
    Facts,
    Heading,
    Paragraph,
    ReportContext,
    Section,
    SectionProvider,
    Table,
    TableCell,
    isolated,
)
from jmdi.programmes import selectors


def _number(value: Decimal | int | None, decimals: int = 0) -> str:
    if value is None:
        return "—"
    return formats.number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def _money(value: Decimal, currency: str) -> TableCell:
    return TableCell.number(value, isolated(f"{_number(value, 2)} {currency}"))


def programme_section(context: ReportContext) -> Section | None:
    programme = selectors.programme_summary(context.programme)
    if programme is None:
        return None
    framework = selectors.get_results_framework(context.programme)
    countries = ", ".join(c.name for c in selectors.programme_countries(framework))
    return Section(
        key="programme",
        title=_("The programme"),
        blocks=(
            Paragraph(str(programme.title)),
            Facts(
                (
                    (_("Objective"), str(programme.objective)),
                    (
                        _("Duration"),
                        _("%(start)s to %(end)s")
                        % {
                            "start": formats.date_format(programme.start_date, "DATE_FORMAT"),
                            "end": formats.date_format(programme.end_date, "DATE_FORMAT"),
                        },
                    ),
                    (_("Countries"), countries),
                    (
                        _("Budget"),
                        _("%(eur)s (%(usd)s)")
                        % {
                            "eur": isolated(f"{_number(programme.total_eur, 2)} EUR"),
                            "usd": isolated(f"{_number(programme.total_usd, 2)} USD"),
                        },
                    ),
                )
            ),
        ),
    )


def targets_section(context: ReportContext) -> Section | None:
    framework = selectors.get_results_framework(context.programme)
    country_count = Decimal(len(selectors.programme_countries(framework)))
    blocks: list[Heading | Table] = []
    for output in framework.outputs.all():
        blocks.append(
            Heading(_("Output %(code)s: %(name)s") % {"code": output.code, "name": output.name})
        )
        rows = []
        for target in output.targets.all():
            if target.value is None:
                per_country, whole = TableCell("—"), TableCell(_("qualitative"))
            elif target.per_country:
                total = target.value * country_count
                per_country = TableCell.number(target.value, _number(target.value))
                whole = TableCell.number(total, _number(total))
            else:
                per_country, whole = (
                    TableCell("—"),
                    TableCell.number(target.value, _number(target.value)),
                )
            rows.append([TableCell(f"{target.code} {target.text}"), per_country, whole])
        blocks.append(
            Table(
                caption=_("Targets of output %(code)s") % {"code": output.code},
                columns=(
                    Column(_("Target")),
                    Column(_("Per country"), numeric=True),
                    Column(_("Whole programme"), numeric=True),
                ),
                rows=rows,
                empty=_("No targets recorded for this output."),
            )
        )
    return Section(key="targets", title=_("Targets of the results framework"), blocks=tuple(blocks))


def budget_section(context: ReportContext) -> Section | None:
    programme, lines = selectors.get_budget(context.programme)
    rows = [
        [
            TableCell(line.donor),
            _money(line.amount, line.currency),
            _money(line.eur, "EUR"),
            _money(line.usd, "USD"),
        ]
        for line in lines
    ]
    return Section(
        key="budget",
        title=_("Budget by donor"),
        blocks=(
            Table(
                caption=_("Contributions, with their equivalents at the programme's rate"),
                columns=(
                    Column(_("Donor")),
                    Column(_("Contribution"), numeric=True),
                    Column("EUR", numeric=True),
                    Column("USD", numeric=True),
                ),
                rows=rows,
                total=[
                    TableCell(_("Total")),
                    TableCell(""),
                    _money(programme.total_eur, "EUR"),
                    _money(programme.total_usd, "USD"),
                ],
                empty=_("No contributions recorded."),
            ),
        ),
    )


REPORT_SECTIONS = [
    SectionProvider("programme", 10, programme_section),
    SectionProvider("targets", 20, targets_section),
    SectionProvider("budget", 80, budget_section),
]
