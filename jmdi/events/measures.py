"""The results framework's measures of Output 3's indicators on events, for the whole
programme (international and regional events are not the programme's countries').

- `events.local_dimension_events` (3.I7): events held that included the local dimension
  of migration and development, dated by their last day.
- `events.pmu_participations` (3.I6): the PMU's participations (speaker, panellist,
  organiser, attendee, exhibitor) in events held, dated by the event's last day.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from jmdi.core.measures import QuerysetMeasure
from jmdi.events.models import Event, EventParticipation, Status


def _local_dimension_events() -> QuerySet[Event]:
    return Event.objects.filter(status=Status.HELD, local_dimension=True)


def _participations() -> QuerySet[EventParticipation]:
    return EventParticipation.objects.filter(event__status=Status.HELD)


def _everyone(viewer: Any) -> Q:
    return Q()  # held events and the programme's participation are public


LOCAL_DIMENSION_EVENTS = QuerysetMeasure(
    name="events.local_dimension_events",
    label=_("Events held including the local dimension of migration and development"),
    needs=_("Computed once events with the local dimension are recorded as held."),
    queryset=_local_dimension_events,
    date_field="end_date",
    visible=_everyone,
)

PMU_PARTICIPATIONS = QuerysetMeasure(
    name="events.pmu_participations",
    label=_("Participations of the PMU in events held"),
    needs=_("Computed once the PMU's participation in events held is recorded."),
    queryset=_participations,
    date_field="event__end_date",
    visible=_everyone,
)

MEASURES = [LOCAL_DIMENSION_EVENTS, PMU_PARTICIPATIONS]
