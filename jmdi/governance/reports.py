"""The governance section of the reports: the decisions the committees took in the period."""

from __future__ import annotations

from django.utils import formats
from django.utils.translation import gettext as _

from jmdi.core.reports import (
    Column,
    Paragraph,
    ReportContext,
    Section,
    SectionProvider,
    Table,
    TableCell,
    isolated,
    written,
)
from jmdi.governance import selectors


def decisions_section(context: ReportContext) -> Section | None:
    """Decisions of meetings held in the report's period whose minutes were approved by
    the report's date (figures as of that date: a later approval does not enter)."""
    decisions = selectors.decisions_in(
        context.programme, context.period.start, context.period.end, context.as_of
    )
    rows = []
    for decision in decisions:
        text = decision.text
        if decision.supersedes is not None:
            text = _("%(text)s (supersedes %(number)s)") % {
                "text": text,
                "number": isolated(decision.supersedes.number),
            }
        rows.append(
            [
                TableCell(isolated(decision.number)),
                TableCell(str(decision.body.name)),
                TableCell(formats.date_format(decision.meeting.date, "DATE_FORMAT")),
                TableCell(written(text)),
            ]
        )
    return Section(
        key="decisions",
        title=_("Decisions of the committees"),
        blocks=(
            Paragraph(
                _(
                    "Decisions taken at the meetings of the steering and technical committees "
                    "held during the period, once their minutes were approved."
                )
            ),
            Table(
                caption=_("Decisions taken in the period"),
                columns=(
                    Column(_("Number")),
                    Column(_("Committee")),
                    Column(_("Meeting")),
                    Column(_("Decision")),
                ),
                rows=rows,
                empty=_("No committee decision in this period."),
            ),
        ),
    )


REPORT_SECTIONS = [SectionProvider("decisions", 70, decisions_section)]
