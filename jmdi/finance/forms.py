from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Subquery
from django.utils.translation import gettext_lazy as _

from jmdi.finance.models import BudgetLine, Commitment, Currency


class _MovementForm(forms.Form):
    date = forms.DateField(
        label=_("Date"),
        help_text=_("For example 2014-03-27"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    amount = forms.DecimalField(
        label=_("Amount"),
        max_digits=16,
        help_text=_("To the cent, for example 12500.00"),
    )
    currency = forms.ChoiceField(
        label=_("Currency"),
        choices=Currency.choices,
        help_text=_("USD is converted to EUR at the programme's stored rate."),
    )
    reference = forms.CharField(label=_("Reference"), max_length=100)
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    allow_overrun = forms.BooleanField(label=_("Allow exceeding the line's budget"), required=False)
    overrun_reason = forms.CharField(
        label=_("Reason for exceeding the budget"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CommitmentForm(_MovementForm):
    pass


class ExpenditureForm(_MovementForm):
    commitment = forms.ModelChoiceField(
        label=_("Settles commitment"),
        queryset=Commitment.objects.none(),
        required=False,
        to_field_name="pk",
        help_text=_("One of the line's 50 most recent commitments, if the payment settles one."),
    )

    def __init__(self, *args: Any, line: BudgetLine, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The most recent ones only: a line of a large programme holds thousands.
        recent = line.commitments.order_by("-date", "-pk").values("pk")[:50]
        self.fields["commitment"].queryset = Commitment.objects.filter(  # type: ignore[attr-defined]
            pk__in=Subquery(recent)
        ).order_by("-date", "-pk")
