"""Reads of the reports, filtered by who reads them."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from jmdi.core.measures import Period
from jmdi.core.periods import quarters, years
from jmdi.programmes.models import Programme
from jmdi.reporting import permissions
from jmdi.reporting.models import Report


def reports_visible_to(user: Any, programme: Programme) -> QuerySet[Report]:
    return (
        Report.objects.filter(permissions.reports_visible_q(user), programme=programme)
        .select_related("job", "created_by", "submitted_by")
        .order_by("-period_end", "kind", "language", "-created_at")
    )


def get_report_for(user: Any, programme: Programme, pk: int) -> Report:
    """The report, or 404 when it does not exist or the reader may not see it."""
    report = reports_visible_to(user, programme).filter(pk=pk).first()
    if report is None:
        raise Http404("No such report")
    return report


def periods_for(programme: Programme, kind: str) -> list[Period]:
    """The periods a report of this kind can cover: the programme's quarters or years."""
    if kind == Report.Kind.ANNUAL:
        return years(programme.start_date, programme.end_date)
    return quarters(programme.start_date, programme.end_date)
