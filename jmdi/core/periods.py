"""Calendar periods of a programme: quarters and years, clipped to its dates."""

from __future__ import annotations

from datetime import date

from jmdi.core.measures import Period


def _quarter_end(year: int, quarter: int) -> date:
    month = quarter * 3
    next_first = date(year + (month == 12), month % 12 + 1, 1)
    return date.fromordinal(next_first.toordinal() - 1)


def quarters(start: date, end: date) -> list[Period]:
    """Every calendar quarter the range touches, clipped to it: "2012-Q4" …"""
    result = []
    year, quarter = start.year, (start.month - 1) // 3 + 1
    while date(year, quarter * 3 - 2, 1) <= end:
        first = max(start, date(year, quarter * 3 - 2, 1))
        last = min(end, _quarter_end(year, quarter))
        result.append(Period(f"{year}-Q{quarter}", "quarter", first, last))
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return result


def years(start: date, end: date) -> list[Period]:
    return [
        Period(str(y), "year", max(start, date(y, 1, 1)), min(end, date(y, 12, 31)))
        for y in range(start.year, end.year + 1)
    ]


def containing(periods: list[Period], day: date) -> Period | None:
    """The period that holds the day, or None."""
    return next((period for period in periods if day in period), None)


def current(periods: list[Period], today: date) -> Period | None:
    """The period a page shows by default: the one holding today; the last once the
    periods are over; the first before they begin."""
    if not periods:
        return None
    if today > periods[-1].end:
        return periods[-1]
    if today < periods[0].start:
        return periods[0]
    return containing(periods, today) or periods[-1]
