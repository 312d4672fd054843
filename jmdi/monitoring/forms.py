"""The monitoring pages' forms: they parse what a person typed; the rules live in the
services, whose errors the views put back on the named fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jmdi.core.periods import quarters
from jmdi.core.roles import Role
from jmdi.directory.models import Country
from jmdi.monitoring.models import Issue, QualityAssessment, RiskReview, WorkPlanStatus
from jmdi.programmes.models import Output, Programme

SCALE = [(i, str(i)) for i in range(1, 6)]


class WorkPlanStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=WorkPlanStatus.Status.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the sub-activity is delayed: say why."),
    )


class RiskReviewForm(forms.Form):
    reviewed_on = forms.DateField(
        label=_("Date of the review"), widget=forms.DateInput(attrs={"type": "date"})
    )
    status = forms.ChoiceField(label=_("Status"), choices=RiskReview.Status.choices)
    probability = forms.TypedChoiceField(label=_("Probability (1 to 5)"), choices=SCALE, coerce=int)
    impact = forms.TypedChoiceField(label=_("Impact (1 to 5)"), choices=SCALE, coerce=int)
    countermeasures = forms.CharField(
        label=_("Countermeasures / management response"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Leave empty to keep the countermeasures as they stand."),
    )
    owner = forms.CharField(label=_("Owner"), required=False, max_length=200)
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class AsOfForm(forms.Form):
    as_of = forms.DateField(
        label=_("The risk log as it stood on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


def _country_field(countries: list[Country], required: bool) -> forms.ModelChoiceField[Any]:
    return forms.ModelChoiceField(
        label=_("Country"),
        queryset=Country.objects.filter(pk__in=[c.pk for c in countries]).order_by("code"),
        required=required,
        empty_label=_("The whole programme"),
    )


def issue_owners() -> Any:
    """Who may own an issue: the people holding a PMU or focal-point role."""
    from jmdi.accounts.models import User

    return (
        User.objects.filter(
            role_assignments__role__in=[Role.PMU_OFFICER, Role.FOCAL_POINT],
            role_assignments__revoked_at__isnull=True,
            is_active=True,
        )
        .distinct()
        .order_by("full_name")
    )


class IssueForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    type = forms.ChoiceField(label=_("Type"), choices=Issue.Type.choices)
    priority = forms.ChoiceField(label=_("Priority"), choices=Issue.Priority.choices)
    owner = forms.ModelChoiceField(
        label=pgettext_lazy("issue", "Owner"),
        queryset=Country.objects.none(),
        required=False,
        empty_label=_("Nobody in particular"),
        help_text=_("A person of the programme management unit or a focal point."),
    )
    owner_role = forms.CharField(
        label=_("Owner (role)"),
        required=False,
        max_length=200,
        help_text=_("Or a role, e.g. “Programme Manager”."),
    )
    country = forms.ModelChoiceField(label=_("Country"), queryset=Country.objects.none())
    output = forms.ModelChoiceField(
        label=_("Related output"),
        queryset=Output.objects.none(),
        required=False,
        empty_label=_("None"),
    )

    def __init__(
        self,
        *args: Any,
        programme: Programme,
        countries: list[Country],
        any_country: bool,
        **kw: Any,
    ) -> None:
        super().__init__(*args, **kw)
        self.fields["country"] = _country_field(countries, required=not any_country)
        self.fields["owner"].queryset = issue_owners()  # type: ignore[attr-defined]
        self.fields["output"].queryset = Output.objects.filter(programme=programme).order_by(  # type: ignore[attr-defined]
            "order"
        )


class IssueUpdateForm(IssueForm):
    status = forms.ChoiceField(label=_("Status"), choices=Issue.Status.choices)
    resolution = forms.CharField(
        label=_("Resolution"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to resolve or close the issue."),
    )


class IssueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any")), *Issue.Status.choices]
    )
    priority = forms.ChoiceField(
        label=_("Priority"), required=False, choices=[("", _("Any")), *Issue.Priority.choices]
    )
    country = forms.ChoiceField(label=_("Country"), required=False)

    def __init__(self, *args: Any, countries: list[Country], **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["country"].choices = [  # type: ignore[attr-defined]
            ("", _("Any")),
            ("-", _("The whole programme")),
        ] + [(str(c.code), c.name) for c in countries]


class LessonForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(label=_("Lesson"), widget=forms.Textarea(attrs={"rows": 6}))
    outputs = forms.ModelMultipleChoiceField(
        label=_("Outputs"),
        queryset=Output.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    countries = forms.ModelMultipleChoiceField(
        label=_("Countries"),
        queryset=Country.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    subject = forms.CharField(
        label=_("Subject"),
        required=False,
        max_length=120,
        help_text=_("Optional: what the lesson is about, as “app.record:key”."),
    )

    def __init__(
        self, *args: Any, programme: Programme, countries: list[Country], **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        self.fields["outputs"].queryset = Output.objects.filter(programme=programme).order_by(  # type: ignore[attr-defined]
            "order"
        )
        self.fields["countries"].queryset = Country.objects.filter(  # type: ignore[attr-defined]
            pk__in=[c.pk for c in countries]
        ).order_by("code")


class MarkDoneForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class QualityAssessmentForm(forms.Form):
    output = forms.ModelChoiceField(label=_("Output"), queryset=Output.objects.none())
    quarter = forms.ChoiceField(label=_("Quarter"))
    rating = forms.ChoiceField(
        label=_("Rating"), choices=QualityAssessment.Rating.choices, widget=forms.RadioSelect
    )
    findings = forms.CharField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 4}))
    recommended_actions = forms.CharField(
        label=_("Recommended actions"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, programme: Programme, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["output"].queryset = Output.objects.filter(programme=programme).order_by(  # type: ignore[attr-defined]
            "order"
        )
        codes = [p.code for p in quarters(programme.start_date, programme.end_date)]
        self.fields["quarter"].choices = [(c, c) for c in reversed(codes)]  # type: ignore[attr-defined]
