"""The grants pages' forms: they parse what a person typed; the rules live in the services,
whose errors the views put back on the named fields."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from jmdi.finance.models import BudgetLine, Currency
from jmdi.grants.services import CONTRACTABLE, MilestoneData, output_one
from jmdi.initiatives.models import Initiative
from jmdi.programmes.models import Contribution, Programme

DATE = {"type": "date"}


def _date(label: Any, required: bool = True, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label, required=required, help_text=help_text, widget=forms.DateInput(attrs=DATE)
    )


def _money(label: Any, required: bool = True, help_text: Any = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        help_text=help_text,
        max_digits=14,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "field--narrow"}),
    )


class LineChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: BudgetLine) -> str:
        return f"{obj.code} — {obj.description}"[:120]


class ContractForm(forms.Form):
    initiative = forms.ModelChoiceField(
        label=_("Initiative"),
        queryset=Initiative.objects.none(),
        help_text=_("A selected initiative without a contract; its lead authority is the grantee."),
    )
    reference = forms.CharField(
        label=_("Contract reference"), max_length=40, help_text=_("For example JMDI-MA-2014-01.")
    )
    amount = _money(_("Amount (EUR)"), help_text=_("To the cent, for example 85000.00."))
    contribution = forms.ModelChoiceField(
        label=_("Funding source"), queryset=Contribution.objects.none()
    )
    line = LineChoiceField(
        label=_("Budget line"),
        queryset=BudgetLine.objects.none(),
        help_text=_("A line of Output 1 of the chosen donor's contribution."),
    )
    start_date = _date(_("Start date"))
    end_date = _date(_("End date"))

    def __init__(self, *args: Any, programme: Programme, editing: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["initiative"]
        else:
            initiatives = self.fields["initiative"]
            assert isinstance(initiatives, forms.ModelChoiceField)
            initiatives.queryset = (
                Initiative.objects.filter(
                    programme=programme, status__in=CONTRACTABLE, contract__isnull=True
                )
                .select_related("country")
                .order_by("country__code", "reference")
            )
        contribution = self.fields["contribution"]
        assert isinstance(contribution, forms.ModelChoiceField)
        contribution.queryset = Contribution.objects.filter(programme=programme).select_related(
            "donor"
        )
        line = self.fields["line"]
        assert isinstance(line, forms.ModelChoiceField)
        line.queryset = BudgetLine.objects.filter(
            programme=programme, output=output_one(programme)
        ).order_by("order", "code")


class MilestoneForm(forms.Form):
    pk = forms.IntegerField(required=False, widget=forms.HiddenInput)
    title = forms.CharField(label=_("Milestone"), max_length=200)
    deliverable = forms.CharField(label=_("Deliverable"), widget=forms.Textarea(attrs={"rows": 2}))
    due_date = _date(_("Due date"))
    tranche = _money(_("Tranche (EUR)"))


class BaseMilestoneFormSet(forms.BaseFormSet):
    def milestones(self) -> list[MilestoneData]:
        found = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or (self.can_delete and data.get("DELETE")):
                continue
            found.append(
                MilestoneData(
                    title=data["title"],
                    deliverable=data["deliverable"],
                    due_date=data["due_date"],
                    tranche=data["tranche"],
                    pk=data.get("pk"),
                )
            )
        return found


MilestoneFormSet = forms.formset_factory(
    MilestoneForm, formset=BaseMilestoneFormSet, extra=2, can_delete=True, max_num=20
)


def milestone_formset(data: Any, initial: list[dict[str, Any]]) -> BaseMilestoneFormSet:
    return cast(BaseMilestoneFormSet, MilestoneFormSet(data, initial=initial, prefix="milestones"))


def milestone_initial(contract: Any) -> list[dict[str, Any]]:
    return [
        {
            "pk": m.pk,
            "title": m.title,
            "deliverable": m.deliverable,
            "due_date": m.due_date,
            "tranche": m.tranche,
        }
        for m in contract.milestones.order_by("order")
    ]


class SignForm(forms.Form):
    signed_by_grantee_on = _date(_("Signed by the grantee on"))
    signed_by_un_on = _date(_("Signed by UNDP on"))


class AmendForm(forms.Form):
    date = _date(_("Date of the amendment"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    new_amount = _money(
        _("New amount (EUR)"),
        required=False,
        help_text=_("Leave empty to keep the amount. It can only be raised."),
    )
    new_end_date = _date(
        _("New end date"), required=False, help_text=_("Leave empty to keep the end date.")
    )


class CloseForm(forms.Form):
    terminate = forms.TypedChoiceField(
        label=_("How the contract ends"),
        choices=[
            ("0", _("Closed: the work is done")),
            ("1", _("Terminated early")),
        ],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    closed_on = _date(_("Date"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class ReportForm(forms.Form):
    text = forms.CharField(
        label=_("What the milestone delivered"),
        widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
    )
    evidence = forms.FileField(
        label=_("Evidence file"),
        required=False,
        help_text=_("PDF, PNG, JPEG, Word (DOCX) or Excel (XLSX), 10 MB at most."),
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Your decision"),
        choices=[
            ("approve", _("Approve the deliverable")),
            ("return", _("Return it with comments")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comments"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when you return the report: say what to correct."),
    )


class DisbursementForm(forms.Form):
    date = _date(_("Payment date"))
    amount = _money(_("Amount"))
    currency = forms.ChoiceField(label=_("Currency"), choices=Currency.choices, initial="EUR")
    reference = forms.CharField(
        label=_("Payment reference"), max_length=100, help_text=_("The payment voucher's number.")
    )
