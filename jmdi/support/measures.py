"""The support facility's measures, per country of the request.

- `support.requests_received`: support requests received, dated by the day submitted.
- `support.requests_resolved_within_target`: requests resolved within the programme's
  resolution target (`targets.py`, as it stood when each was resolved), dated by the day
  resolved.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from jmdi.core.measures import QuerysetMeasure
from jmdi.support import permissions
from jmdi.support.models import SupportRequest


def _received() -> QuerySet[SupportRequest]:
    return SupportRequest.objects.all()


def _resolved_in_time() -> QuerySet[SupportRequest]:
    return SupportRequest.objects.filter(status="resolved", resolved_within_target=True)


def _visible(viewer: Any) -> Q:
    return permissions.requests_visible_q(viewer)


REQUESTS_RECEIVED = QuerysetMeasure(
    name="support.requests_received",
    label=_("Support requests received"),
    needs=_("Computed once members send requests to the support facility."),
    queryset=_received,
    date_field="submitted_on",
    country_field="country",
    programme_field="programme__code",
    visible=_visible,
)

REQUESTS_RESOLVED_WITHIN_TARGET = QuerysetMeasure(
    name="support.requests_resolved_within_target",
    label=_("Support requests resolved within the target"),
    needs=_("Computed once support requests are resolved."),
    queryset=_resolved_in_time,
    date_field="resolved_on",
    country_field="country",
    programme_field="programme__code",
    visible=_visible,
)

MEASURES = [REQUESTS_RECEIVED, REQUESTS_RESOLVED_WITHIN_TARGET]
