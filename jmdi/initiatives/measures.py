"""The measures the registry computes for the results framework, per country of the
lead local authority:

- `initiatives.mapped`: initiatives recorded by the mapping, dated by `mapped_on` (the
  day the mapping recorded them, which an import may set to the mapping's own date);
  withdrawn ones included: they were mapped.
- `initiatives.selected`: initiatives selected for funding, dated by `selected_on`, the
  first day their status became selected (or funded, or completed): an initiative funded
  since still counts as selected, on the day it was.
- `initiatives.funded`: initiatives funded, dated by `funded_on`, the first day their
  status became funded (or completed).

The dates are set by `services.set_status`, the one way a status changes. The drill-down
shows only the initiatives the viewer may see (`permissions.visible_initiatives`).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from jmdi.core.measures import QuerysetMeasure
from jmdi.initiatives.models import Initiative
from jmdi.initiatives.permissions import visible_q


def _all() -> Any:
    return Initiative.objects.all()


def _selected() -> Any:
    return Initiative.objects.filter(selected_on__isnull=False)


def _funded() -> Any:
    return Initiative.objects.filter(funded_on__isnull=False)


MAPPED = QuerysetMeasure(
    name="initiatives.mapped",
    label=_("Initiatives mapped"),
    needs=_("Computed once initiatives are recorded in the mapping."),
    queryset=_all,
    date_field="mapped_on",
    country_field="country__code",
    programme_field="programme__code",
    visible=visible_q,
)
SELECTED = QuerysetMeasure(
    name="initiatives.selected",
    label=_("Initiatives selected for funding"),
    needs=_("Computed once initiatives are selected."),
    queryset=_selected,
    date_field="selected_on",
    country_field="country__code",
    programme_field="programme__code",
    visible=visible_q,
)
FUNDED = QuerysetMeasure(
    name="initiatives.funded",
    label=_("Initiatives funded"),
    needs=_("Computed once initiatives are funded."),
    queryset=_funded,
    date_field="funded_on",
    country_field="country__code",
    programme_field="programme__code",
    visible=visible_q,
)

MEASURES = [MAPPED, SELECTED, FUNDED]
