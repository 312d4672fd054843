"""The measures the results framework itself provides: distinct participants from the
activity facts, and the *pending* measures of the apps still to come (grants, capacity,
networks), which say what they need instead of showing a zero.
A later app registers its real measure under the same name and it replaces the pending
one (`registry.build_registry`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Min, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from jmdi.core.measures import Cell, QuerysetMeasure, Scope
from jmdi.core.roles import Role
from jmdi.core.scopes import scopes_of
from jmdi.results.models import ActivityFact, FactDay, FactSubject

#: The country of a subject's whole-programme row.
WHOLE = ""

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise


@dataclass(frozen=True)
class PendingMeasure:
    """A measure whose records no app keeps yet: never available, no values."""

    name: str
    label: StrOrPromise
    needs: StrOrPromise
    unit: str = "number"
    splits: frozenset[str] = frozenset()
    pending: bool = True

    def available(self) -> bool:
        return False

    def values(self, scope: Scope) -> dict[Cell, Decimal]:
        return {}

    def records(self, scope: Scope, cell: Cell) -> QuerySet[Any]:
        return ActivityFact.objects.none()


def facts_visible(viewer: Any) -> Q:
    """Who sees the people behind a count: the PMU and the committees every country's,
    a focal point or reviewer their own country's; nobody else."""
    scopes = scopes_of(viewer)
    if scopes.has(Role.PMU_OFFICER, Role.STEERING, Role.TECHNICAL):
        return Q()
    countries = scopes.countries_for(Role.FOCAL_POINT) | scopes.countries_for(Role.REVIEWER)
    return Q(country__in=sorted(countries)) if countries else Q(pk__in=[])


SPLIT_FIELDS = {"sex": "sex", "stakeholder_type": "stakeholder_type"}


@dataclass(frozen=True)
class DistinctFactMeasure:
    """The distinct subjects of one kind of activity fact, by country and period.

    Per period, a distinct count over the facts of the period (the dashboard index
    covers it). Cumulative, a count of `FactSubject` rows first seen by the period's end,
    in one query: each subject once, never a sum of periods, and no scan of the facts;
    the whole programme has its own rows (country ""), so a subject seen in two countries
    counts once there too.
    """

    name: str
    label: StrOrPromise
    needs: StrOrPromise
    kind: str
    unit: str = "number"
    splits: frozenset[str] = field(default_factory=lambda: frozenset(SPLIT_FIELDS))

    def _over_facts(self) -> QuerysetMeasure:
        return QuerysetMeasure(
            name=self.name,
            label=self.label,
            needs=self.needs,
            queryset=lambda: ActivityFact.objects.filter(kind=self.kind),
            date_field="day",
            country_field="country",
            programme_field="programme__code",
            distinct_field="subject",
            split_fields=SPLIT_FIELDS,
            visible=facts_visible,
        )

    def _subjects(self, scope: Scope) -> QuerySet[Any]:
        return FactSubject.objects.filter(programme__code=scope.programme, kind=self.kind)

    def _cumulative(self, scope: Scope) -> dict[Cell, Decimal]:
        if not scope.periods:
            return {}
        split = SPLIT_FIELDS.get(scope.split) if scope.split else None
        group = ["country", *([split] if split else [])]
        last = max(p.end for p in scope.periods)
        countries = [*scope.countries, WHOLE]
        if split is None:
            # Without a split, the daily counts of subjects first seen: a few thousand rows.
            source = FactDay.objects.filter(
                programme__code=scope.programme,
                kind=self.kind,
                country__in=countries,
                day__lte=last,
            )
            aggregates: dict[str, Any] = {
                f"p{index}": Sum("subjects", filter=Q(day__lte=period.end))
                for index, period in enumerate(scope.periods)
            }
        else:
            source = self._subjects(scope).filter(country__in=countries, first_day__lte=last)
            aggregates = {
                f"p{index}": Count("pk", filter=Q(first_day__lte=period.end))
                for index, period in enumerate(scope.periods)
            }
        rows = source.values(*group).annotate(**aggregates).order_by()
        result: dict[Cell, Decimal] = {}
        for row in rows:
            country = row["country"] or None
            split_value = str(row[split]) if split else None
            for index, period in enumerate(scope.periods):
                result[Cell(country, period.code, split_value)] = Decimal(row[f"p{index}"] or 0)
        return result

    def available(self) -> bool:
        return FactSubject.objects.filter(kind=self.kind).exists()

    def values(self, scope: Scope) -> dict[Cell, Decimal]:
        if scope.cumulative:
            return self._cumulative(scope)
        return self._over_facts().values(scope)

    def records(self, scope: Scope, cell: Cell) -> QuerySet[Any]:
        """Each subject counted in the cell, once: for a cumulative value the subjects first
        seen by the period's end; for one period, the subjects of its facts with the number
        of times they took part."""
        if scope.cumulative:
            period = next((p for p in scope.periods if p.code == cell.period), scope.periods[-1])
            subjects = self._subjects(scope).filter(
                country=cell.country or WHOLE, first_day__lte=period.end
            )
            if cell.split is not None and scope.split in SPLIT_FIELDS:
                subjects = subjects.filter(**{SPLIT_FIELDS[scope.split]: cell.split})
            return (
                subjects.filter(facts_visible(scope.viewer))
                .values("subject", "country", "sex", "stakeholder_type", "first_day")
                .order_by("-first_day", "subject")
            )
        return (
            self._over_facts()
            .records(scope, cell)
            .values("subject", "country", "sex", "stakeholder_type")
            .annotate(first_day=Min("day"), times=Count("pk"))
            .order_by("-first_day", "subject")
        )


PARTICIPANTS = DistinctFactMeasure(
    name="results.participants",
    label=_("Distinct participants in meetings"),
    needs=_("Computed once meeting attendance is recorded."),
    kind=ActivityFact.Kind.ATTENDANCE,
)

TRAINING = _("Computed once training and coaching are recorded.")
NETWORKS = _("Computed once the meetings of the regional platforms are recorded.")

PENDING = [
    PendingMeasure(
        "capacity.stakeholders_coached",
        _("Stakeholders coached"),
        TRAINING,
        splits=frozenset(SPLIT_FIELDS),
    ),
    PendingMeasure("networks.meetings_organised", _("Meetings, events and workshops"), NETWORKS),
    PendingMeasure(
        "networks.actors_meeting_internationally",
        _("Small-scale actors meeting internationally"),
        NETWORKS,
        splits=frozenset({"stakeholder_type"}),
    ),
]

MEASURES: list[Any] = [PARTICIPANTS, *PENDING]
