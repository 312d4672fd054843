"""The follow-up's forms: they parse what was typed; the services decide."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jmdi.core.uploads import ALLOWED
from jmdi.followup.models import Assessment, BudgetHeading, PlanIndicator
from jmdi.programmes.models import Indicator


def _money(label: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=Decimal("0"),
        max_digits=14,
        decimal_places=2,
        help_text=_("In euros, to the cent."),
    )


def _value(label: Any, hint: Any = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=False, max_digits=14, decimal_places=2, help_text=hint
    )


class IndicatorValuesMixin:
    """One field per indicator of the plan, named indicator_<pk>."""

    fields: dict[str, Any]

    def add_indicator_fields(self, indicators: list[PlanIndicator]) -> None:
        for indicator in indicators:
            self.fields[f"indicator_{indicator.pk}"] = _value(
                indicator.name,
                _("In %(unit)s; target %(target)s, baseline %(baseline)s.")
                % {
                    "unit": indicator.unit,
                    "target": indicator.target,
                    "baseline": indicator.baseline,
                },
            )

    def indicator_values(self) -> dict[int, Decimal | None]:
        data: dict[str, Any] = self.cleaned_data  # type: ignore[attr-defined]
        return {
            int(name.removeprefix("indicator_")): value
            for name, value in data.items()
            if name.startswith("indicator_")
        }


class ReportForm(IndicatorValuesMixin, forms.Form):
    achievements = forms.CharField(
        label=_("Achievements"),
        widget=forms.Textarea(attrs={"rows": 5, "dir": "auto"}),
        required=False,
        help_text=_("What the project achieved in the period, against its plan."),
    )
    difficulties = forms.CharField(
        label=_("Difficulties"),
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        required=False,
    )
    next_steps = forms.CharField(
        label=_("Next steps"),
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        required=False,
    )

    def __init__(self, *args: Any, indicators: list[PlanIndicator] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        for heading, label in BudgetHeading.choices:
            self.fields[f"spent_{heading}"] = _money(label)
        self.add_indicator_fields(list(indicators))

    def amounts(self) -> dict[str, Decimal | None]:
        return {h: self.cleaned_data.get(f"spent_{h}") for h in BudgetHeading.values}


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label=_("Evidence file"),
        help_text=_("PDF, PNG, JPEG, Word (DOCX), Excel (XLSX) or OpenDocument text (ODT)."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(f".{e}" for e in ALLOWED)}),
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("return", _("Return to the grantee"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        help_text=_("Needed when you return the report: say what to change."),
    )


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("Start"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("End"), widget=forms.DateInput(attrs={"type": "date"}))
    due = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))


class GenerateForm(forms.Form):
    months = forms.IntegerField(label=_("Months per period"), min_value=1, max_value=12, initial=6)


class IndicatorForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    unit = forms.CharField(
        label=_("Unit"), max_length=60, help_text=_("For example “people”, “%”.")
    )
    baseline = forms.DecimalField(label=_("Baseline"), max_digits=14, decimal_places=2)
    target = forms.DecimalField(label=_("Target"), max_digits=14, decimal_places=2)
    direction = forms.ChoiceField(
        label=_("Direction"), choices=PlanIndicator.Direction.choices, initial="increase"
    )
    jmdi_indicator = forms.ModelChoiceField(
        label=_("JMDI indicator"),
        queryset=Indicator.objects.none(),
        required=False,
        help_text=_("Optional: the programme indicator this one feeds."),
    )

    def __init__(self, *args: Any, programme: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["jmdi_indicator"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Indicator.objects.filter(output__programme=programme).order_by(
            "output__order", "code"
        )
        field.label_from_instance = lambda i: f"{i.code} {i.name}"  # type: ignore[method-assign,assignment]


class VisitForm(IndicatorValuesMixin, forms.Form):
    visited_on = forms.DateField(
        label=_("Date of the visit"), widget=forms.DateInput(attrs={"type": "date"})
    )
    participants = forms.CharField(
        label=_("Participants"), widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"})
    )
    findings = forms.CharField(
        label=_("Findings"), widget=forms.Textarea(attrs={"rows": 5, "dir": "auto"})
    )
    recommendations = forms.CharField(
        label=_("Recommendations"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
    )
    follow_up = forms.CharField(
        label=_("Follow-up"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        help_text=_("Who does what next, and by when."),
    )

    def __init__(self, *args: Any, indicators: list[PlanIndicator] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.add_indicator_fields(list(indicators))


class AssessmentForm(forms.Form):
    assessed_on = forms.DateField(
        label=_("Assessed on"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = {
            "relevance": _("Relevance"),
            "effectiveness": _("Effectiveness"),
            "efficiency": _("Efficiency"),
            "sustainability": _("Sustainability"),
        }
        for criterion in Assessment.CRITERIA:
            self.fields[criterion] = forms.TypedChoiceField(
                label=labels[criterion],
                choices=Assessment.Rating.choices,
                coerce=int,
                widget=forms.RadioSelect,
            )
            self.fields[f"{criterion}_why"] = forms.CharField(
                label=_("Why this rating"),
                widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
            )


class LessonForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(
        label=_("Lesson"),
        widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
        help_text=_("What was learnt, so that other projects can use it."),
    )
