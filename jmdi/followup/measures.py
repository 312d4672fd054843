"""The results framework's measures of Output 1's indicators 1.I1 to 1.I3, per country
through the initiative's country.

- `followup.projects_meeting_targets` (1.I1): monitoring plans whose indicators all meet
  their targets (each indicator's latest value on or before the period's end, against its
  target, the way its direction says); computed, never entered.
- `followup.reports_reviewed` (1.I2): progress reports approved by the PMU, dated by the
  approval.
- `followup.monitoring_plans_reported` (1.I3): monitoring plans with at least one value
  reported (from a submitted report or a visit), dated by that value.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from jmdi.core.measures import Cell, QuerysetMeasure, Scope
from jmdi.followup import permissions, selectors
from jmdi.followup.models import IndicatorValue, MonitoringPlan, ProgressReport


def _approved() -> QuerySet[ProgressReport]:
    return ProgressReport.objects.filter(status=ProgressReport.Status.APPROVED)


def _counted_values() -> QuerySet[IndicatorValue]:
    return IndicatorValue.objects.filter(IndicatorValue.counted_q())


REPORTS_REVIEWED = QuerysetMeasure(
    name="followup.reports_reviewed",
    label=_("Grantee reports reviewed"),
    needs=_("Computed once the PMU approves grantee progress reports."),
    queryset=_approved,
    date_field="approved_on",
    country_field="initiative__country__code",
    programme_field="initiative__programme__code",
    visible=permissions.reports_visible_q,
)

MONITORING_PLANS_REPORTED = QuerysetMeasure(
    name="followup.monitoring_plans_reported",
    label=_("Project monitoring plans reported on"),
    needs=_("Computed once values are reported against project monitoring plans."),
    queryset=_counted_values,
    date_field="on",
    country_field="indicator__plan__initiative__country__code",
    programme_field="indicator__plan__initiative__programme__code",
    # A plan reported on in several periods counts once.
    distinct_field="indicator__plan_id",
    visible=lambda viewer: permissions.initiatives_q(viewer, "indicator__plan__initiative__"),
)


class ProjectsMeetingTargets:
    """Counts, for each period's end, the plans of each country meeting their targets.
    Two queries per period (the indicators, their values), whatever the data."""

    name = "followup.projects_meeting_targets"
    label = _("Projects meeting their targets")
    unit = "number"
    splits: frozenset[str] = frozenset()
    needs = _("Computed once project monitoring plans have indicators with values.")

    def _plans(self, scope: Scope) -> Q:
        return Q(
            initiative__programme__code=scope.programme,
            initiative__country__code__in=list(scope.countries),
        )

    def available(self) -> bool:
        return bool(_counted_values().exists())

    def values(self, scope: Scope) -> dict[Cell, Decimal]:
        result: dict[Cell, Decimal] = {}
        by_day = selectors.plans_meeting_targets(self._plans(scope), [p.end for p in scope.periods])
        for period in scope.periods:
            counts = dict.fromkeys(scope.countries, Decimal(0))
            for _plan, country, meets in by_day[period.end]:
                if meets:
                    counts[country] = counts.get(country, Decimal(0)) + 1
            for country, value in counts.items():
                result[Cell(country, period.code)] = value
            result[Cell(None, period.code)] = sum(counts.values(), Decimal(0))
        return result

    def records(self, scope: Scope, cell: Cell) -> QuerySet[Any]:
        period = next((p for p in scope.periods if p.code == cell.period), None)
        condition = self._plans(scope)
        if cell.country is not None:
            condition &= Q(initiative__country__code=cell.country)
        as_of = period.end if period is not None else max(p.end for p in scope.periods)
        meeting = [
            plan
            for plan, _country, meets in selectors.plans_meeting_targets(condition, [as_of])[as_of]
            if meets
        ]
        return (
            MonitoringPlan.objects.filter(pk__in=meeting)
            .filter(permissions.initiatives_q(scope.viewer, "initiative__"))
            .select_related("initiative")
            .order_by("initiative__reference")
        )


PROJECTS_MEETING_TARGETS = ProjectsMeetingTargets()

MEASURES = [PROJECTS_MEETING_TARGETS, REPORTS_REVIEWED, MONITORING_PLANS_REPORTED]
