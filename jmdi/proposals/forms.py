"""The forms of the project-document pages: the text sections in one form, the list
sections (activities, budget lines, indicators, partners) as formsets; `to_content` puts
them back together as the document's content."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jmdi.proposals.content import SECTIONS, TEXT, money
from jmdi.proposals.models import SECTION_CHOICES

TEXT_HINTS = {
    "summary": _("What the project will do, where, with whom, in a few paragraphs."),
    "general_objective": _("The change the project contributes to, in one or two sentences."),
    "specific_objectives": _("What the project itself will achieve; one objective a line."),
    "expected_results": _("The results you expect at the end of the project; one a line."),
    "risks": _("What could stop the project, how likely, and what you will do about it."),
    "sustainability": _("What will continue after the programme's funding ends, and how."),
}


class SectionsForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, label, kind in SECTIONS:
            if kind == TEXT:
                self.fields[key] = forms.CharField(
                    label=label,
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 5}),
                    help_text=TEXT_HINTS.get(key, ""),
                )


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


class ActivityForm(forms.Form):
    title = forms.CharField(label=_("Activity"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    start = forms.DateField(
        label=_("Start"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("End"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    responsible = forms.ChoiceField(label=_("Responsible partner"), required=False)

    def __init__(self, *args: Any, partners: list[tuple[str, str]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["responsible"].choices = [("", "—"), *partners]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The activity must end after it starts."))
        return data


class BudgetLineForm(forms.Form):
    heading = forms.CharField(label=_("Budget heading"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, max_length=500)
    amount = forms.DecimalField(
        label=_("Amount requested (EUR)"), min_value=Decimal("0"), max_digits=12, decimal_places=2
    )
    co_funding = forms.DecimalField(
        label=_("Co-funding (EUR)"),
        min_value=Decimal("0"),
        max_digits=12,
        decimal_places=2,
        required=False,
        help_text=_("Contributed by the local authority or its partners."),
    )


class IndicatorForm(forms.Form):
    indicator = forms.CharField(label=_("Indicator"), max_length=300)
    baseline = forms.CharField(label=_("Baseline"), required=False, max_length=300)
    target = forms.CharField(label=_("Target"), required=False, max_length=300)
    means = forms.CharField(label=_("Means of verification"), required=False, max_length=300)


class PartnerForm(forms.Form):
    organisation_id = forms.CharField(widget=forms.HiddenInput, required=False)
    organisation = forms.CharField(label=_("Organisation"), max_length=300)
    role = forms.CharField(label=_("Role"), max_length=200, required=False)
    responsibilities = forms.CharField(
        label=_("Responsibilities in the project"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def _formset(form: type[forms.Form], extra: int) -> Any:
    return forms.formset_factory(form, extra=extra, can_delete=True, max_num=200)


ActivityFormSet = _formset(ActivityForm, 2)
BudgetFormSet = _formset(BudgetLineForm, 2)
IndicatorFormSet = _formset(IndicatorForm, 1)
PartnerFormSet = _formset(PartnerForm, 0)


class DraftForms:
    """The edit page's form and formsets, bound together."""

    def __init__(
        self, content: dict[str, Any], revision: int, partners: list[tuple[str, str]], data: Any
    ) -> None:
        initial = {key: content.get(key, "") for key, _l, kind in SECTIONS if kind == TEXT}
        self.sections = SectionsForm(data, initial={**initial, "revision": revision})
        activities = [
            {
                **row,
                "start": _date(row.get("start", "")),
                "end": _date(row.get("end", "")),
                "responsible": row.get("organisation_id", ""),
            }
            for row in content.get("activities", [])
        ]
        budget = [
            {**row, "amount": money(row.get("amount")), "co_funding": money(row.get("co_funding"))}
            for row in content.get("budget", [])
        ]
        self.partner_names = dict(partners)
        self.activities = ActivityFormSet(
            data, initial=activities, prefix="activities", form_kwargs={"partners": partners}
        )
        self.budget = BudgetFormSet(data, initial=budget, prefix="budget")
        self.monitoring = IndicatorFormSet(
            data, initial=content.get("monitoring", []), prefix="monitoring"
        )
        self.partners = PartnerFormSet(data, initial=content.get("partners", []), prefix="partners")

    @property
    def all(self) -> list[Any]:
        return [self.sections, self.activities, self.budget, self.monitoring, self.partners]

    def is_valid(self) -> bool:
        # Every form is checked (no short cut), so every error shows at once.
        results = [form.is_valid() for form in self.all]
        return all(results)

    def _rows(self, formset: Any) -> list[dict[str, Any]]:
        return [
            form.cleaned_data
            for form in formset.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]

    def to_content(self) -> dict[str, Any]:
        data = self.sections.cleaned_data
        content: dict[str, Any] = {
            key: data.get(key, "") for key, _l, kind in SECTIONS if kind == TEXT
        }
        content["activities"] = [
            {
                "title": row["title"],
                "description": row.get("description", ""),
                "start": row["start"].isoformat() if row.get("start") else "",
                "end": row["end"].isoformat() if row.get("end") else "",
                "responsible": self.partner_names.get(row.get("responsible", ""), ""),
                "organisation_id": row.get("responsible", ""),
            }
            for row in self._rows(self.activities)
        ]
        content["budget"] = [
            {
                "heading": row["heading"],
                "description": row.get("description", ""),
                "amount": str(money(row["amount"])),
                "co_funding": str(money(row.get("co_funding"))),
            }
            for row in self._rows(self.budget)
        ]
        content["monitoring"] = [
            {name: row.get(name, "") for name in ("indicator", "baseline", "target", "means")}
            for row in self._rows(self.monitoring)
        ]
        content["partners"] = [
            {
                name: row.get(name, "")
                for name in ("organisation_id", "organisation", "role", "responsibilities")
            }
            for row in self._rows(self.partners)
        ]
        return content


class CommentForm(forms.Form):
    section = forms.ChoiceField(
        label=_("Section"),
        required=False,
        choices=[("", _("The whole document")), *SECTION_CHOICES],
    )
    text = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("What should change"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text=_("The drafters see this as a comment on the version returned."),
    )
    section = forms.ChoiceField(
        label=_("Section"),
        required=False,
        choices=[("", _("The whole document")), *SECTION_CHOICES],
    )


class TransitionForm(forms.Form):
    reason = forms.CharField(
        label=_("Note"), required=False, max_length=100, widget=forms.TextInput()
    )
