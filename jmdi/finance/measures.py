"""The measures the finance app computes: money spent against the budget, per period.

A delivery rate (spent / budget) is a ratio of two sums over different records, which a
QuerysetMeasure (one aggregate of one queryset) cannot express; the budget execution page
and the report section give it instead.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jmdi.core.measures import QuerysetMeasure
from jmdi.finance.models import Expenditure

EXPENDITURE = QuerysetMeasure(
    name="finance.expenditure",
    label=_("Expenditure (EUR)"),
    needs=_("Computed once expenditures are recorded against the budget lines."),
    queryset=lambda: Expenditure.objects.all(),
    date_field="date",
    programme_field="line__programme__code",
    unit="money",
    aggregate="sum",
    value_field="amount_eur",
)

MEASURES = [EXPENDITURE]
