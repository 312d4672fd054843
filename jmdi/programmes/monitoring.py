"""When the monitoring framework's reports, reviews and evaluations fall due.

A monitoring item's due rule is data (`MonitoringItem.frequency` and its parameter);
`occurrences()` evaluates it against the programme's period, so reminders and
dashboards can compute due dates from the same rule the overview states in words.

The rules, as the programme file format defines them:

- `ongoing`: a log kept up to date throughout the programme; no due dates.
- `quarterly`: one per calendar quarter that the programme runs in, at least in part;
  the period is clipped to the programme, and it is due on the period's last day.
- `annually` in quarter Q: one per calendar year whose quarter Q lies wholly within the
  programme, due on the quarter's last day; with `final_at_end`, one more, due on the
  programme's last day (the document's "in the last year, this review will be a final
  assessment").
- `before_end` N months: once, due N calendar months before the programme's end date
  (0: on the end date).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

if TYPE_CHECKING:
    from jmdi.programmes.models import MonitoringItem

# The values of `MonitoringItem.Frequency`; plain strings so that the loader's checks can
# evaluate a rule before any model is imported.
ONGOING, QUARTERLY, ANNUALLY, BEFORE_END = "ongoing", "quarterly", "annually", "before_end"


@dataclass(frozen=True)
class Occurrence:
    """One time an item is due: the period it covers (if any) and its due date."""

    period_start: dt.date | None
    period_end: dt.date | None
    due: dt.date


def _quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    first_month = 3 * (quarter - 1) + 1
    last_month = first_month + 2
    return (
        dt.date(year, first_month, 1),
        dt.date(year, last_month, calendar.monthrange(year, last_month)[1]),
    )


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months earlier (the month's last day if it has fewer)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def occurrences(
    frequency: str,
    start: dt.date,
    end: dt.date,
    *,
    quarter: int | None = None,
    months_before_end: int | None = None,
    final_at_end: bool = False,
) -> list[Occurrence]:
    """Every time an item with this rule is due within the period `start` to `end`."""
    found: list[Occurrence] = []
    if frequency == ONGOING:
        return found
    if frequency == QUARTERLY:
        year, q = start.year, (start.month - 1) // 3 + 1
        while True:
            q_start, q_end = _quarter_bounds(year, q)
            if q_start > end:
                return found
            period_end = min(q_end, end)
            found.append(Occurrence(max(q_start, start), period_end, period_end))
            year, q = (year + 1, 1) if q == 4 else (year, q + 1)
    if frequency == ANNUALLY:
        if quarter is None:
            raise ValueError("a yearly item needs its quarter")
        for year in range(start.year, end.year + 1):
            q_start, q_end = _quarter_bounds(year, quarter)
            if q_start >= start and q_end <= end:
                found.append(Occurrence(q_start, q_end, q_end))
        if final_at_end:
            found.append(Occurrence(start, end, end))
        return found
    if frequency == BEFORE_END:
        if months_before_end is None:
            raise ValueError("an item due before the end needs its number of months")
        return [Occurrence(None, None, months_before(end, months_before_end))]
    raise ValueError(f"unknown frequency {frequency!r}")


def item_occurrences(item: MonitoringItem, start: dt.date, end: dt.date) -> list[Occurrence]:
    return occurrences(
        item.frequency,
        start,
        end,
        quarter=item.quarter,
        months_before_end=item.months_before_end,
        final_at_end=item.final_at_end,
    )


def quarter_name(quarter: int) -> str:
    names = {
        1: pgettext("calendar quarter", "the first quarter (January to March)"),
        2: pgettext("calendar quarter", "the second quarter (April to June)"),
        3: pgettext("calendar quarter", "the third quarter (July to September)"),
        4: pgettext("calendar quarter", "the fourth quarter (October to December)"),
    }
    return names[quarter]


def rule_sentence(item: MonitoringItem, due: list[Occurrence]) -> str:
    """The rule in the reader's language, with the dates it gives for this programme."""
    count = len(due)
    if item.frequency == ONGOING:
        return _("Opened at the start and kept up to date throughout the programme.")
    first = formats.date_format(due[0].due, "DATE_FORMAT") if due else ""
    last = formats.date_format(due[-1].due, "DATE_FORMAT") if due else ""
    if item.frequency == QUARTERLY:
        return ngettext(
            "Every calendar quarter, due on its last day: %(count)d time, on %(first)s.",
            "Every calendar quarter, due on its last day: %(count)d times, from %(first)s "
            "to %(last)s.",
            count,
        ) % {"count": count, "first": first, "last": last}
    if item.frequency == ANNUALLY:
        when = quarter_name(item.quarter or 4)
        if item.final_at_end:
            return ngettext(
                "Every year in %(quarter)s, and a final one at the programme's end: "
                "%(count)d time, on %(first)s.",
                "Every year in %(quarter)s, and a final one at the programme's end: "
                "%(count)d times, from %(first)s to %(last)s.",
                count,
            ) % {"quarter": when, "count": count, "first": first, "last": last}
        return ngettext(
            "Every year in %(quarter)s: %(count)d time, on %(first)s.",
            "Every year in %(quarter)s: %(count)d times, from %(first)s to %(last)s.",
            count,
        ) % {"quarter": when, "count": count, "first": first, "last": last}
    months = item.months_before_end or 0
    if months == 0:
        return _("Once, at the programme's end: %(date)s.") % {"date": first}
    return ngettext(
        "Once, %(months)d month before the programme ends: %(date)s.",
        "Once, %(months)d months before the programme ends: %(date)s.",
        months,
    ) % {"months": months, "date": first}
