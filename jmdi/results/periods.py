"""A programme's reporting periods: calendar quarters, the work plan's semesters (from the
programme file) and calendar years, each clipped to the programme's dates."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jmdi.core.measures import Period
from jmdi.core.periods import current, quarters, years
from jmdi.programmes.models import Programme

KINDS = {"quarter": _("Quarters"), "semester": _("Semesters"), "year": _("Years")}


def semesters(programme: Programme) -> list[Period]:
    return [
        Period(s.code, "semester", s.start, s.end)
        for s in programme.semesters.order_by("order", "start")
    ]


def programme_periods(programme: Programme) -> dict[str, list[Period]]:
    """{"quarter": [...], "semester": [...], "year": [...]}: every period of the programme."""
    start, end = programme.start_date, programme.end_date
    return {
        "quarter": quarters(start, end),
        "semester": semesters(programme),
        "year": years(start, end),
    }


def all_periods(programme: Programme) -> dict[str, Period]:
    return {p.code: p for kind in programme_periods(programme).values() for p in kind}


def period_of(programme: Programme, code: str) -> Period | None:
    """The programme's period with that code, or None (a period outside the programme)."""
    return all_periods(programme).get(code)


def today() -> date:
    """The day pages take as today (`JMDI_TODAY` may pin it, for a demo at the programme's
    own time); the reports date their figures at a period's end the same way."""
    pinned = getattr(settings, "JMDI_TODAY", None)
    return date.fromisoformat(pinned) if pinned else timezone.localdate()


def default_period(programme: Programme, reported_through: date | None = None) -> Period:
    """The current quarter, or the programme's last once it has ended — or, when
    `reported_through` says when the latest figures were dated, the quarter holding that
    day if it comes earlier: a page opens on figures, not on a quarter nobody has
    reported yet."""
    periods = quarters(programme.start_date, programme.end_date)
    chosen = current(periods, today())
    assert chosen is not None
    if reported_through is not None and reported_through < chosen.start:
        return current(periods, reported_through) or chosen
    return chosen


def periods_through(programme: Programme, kind: str, last: Period) -> list[Period]:
    """The periods of a kind from the programme's start up to the one that holds
    `last`'s end: the columns of a trend chart."""
    return [p for p in programme_periods(programme)[kind] if p.start <= last.end]


def quarters_through(programme: Programme, last: Period) -> list[Period]:
    """The programme's quarters up to the end of `last`: the columns of a trend."""
    return [q for q in quarters(programme.start_date, programme.end_date) if q.start <= last.end]
