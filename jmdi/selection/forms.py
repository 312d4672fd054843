"""The selection pages' forms: they parse what a person typed; the rules live in the
services, whose errors the views put back on the named fields."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jmdi.directory.models import Country
from jmdi.governance.models import Meeting
from jmdi.programmes.models import ProgrammeCountry
from jmdi.selection.models import Criterion, EligibilityCheck, EligibilityResult, Outcome, Score

NOT_APPLICABLE = "na"


class ScoresheetForm(forms.Form):
    """One score (or "not applicable") and one comment per criterion."""

    def __init__(
        self, *args: Any, criteria: list[Criterion], scores: dict[int, Score], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            existing = scores.get(criterion.pk)
            initial = ""
            if existing is not None:
                if existing.not_applicable:
                    initial = NOT_APPLICABLE
                elif existing.value is not None:
                    initial = str(existing.value)
            choices = [
                ("", _("Not scored yet")),
                *[(str(i), str(i)) for i in range(criterion.scale_max + 1)],
                (NOT_APPLICABLE, _("Not applicable")),
            ]
            self.fields[f"score_{criterion.pk}"] = forms.ChoiceField(
                label=f"{criterion.code} · {criterion.label}",
                choices=choices,
                required=False,
                initial=initial,
                help_text=_("Weight %(weight)s, from 0 to %(max)s.")
                % {"weight": criterion.weight.normalize(), "max": criterion.scale_max},
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment on %(code)s") % {"code": criterion.code},
                required=False,
                initial=existing.comment if existing else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def rows(self) -> list[tuple[Criterion, forms.BoundField, forms.BoundField]]:
        return [(c, self[f"score_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.criteria]

    def scores(self) -> dict[int, tuple[int | None, bool, str]]:
        parsed: dict[int, tuple[int | None, bool, str]] = {}
        for criterion in self.criteria:
            raw = self.cleaned_data.get(f"score_{criterion.pk}") or ""
            comment = self.cleaned_data.get(f"comment_{criterion.pk}") or ""
            if raw == NOT_APPLICABLE:
                parsed[criterion.pk] = (None, True, comment)
            else:
                parsed[criterion.pk] = (int(raw) if raw else None, False, comment)
        return parsed

    def field_for(self, service_key: str) -> str | None:
        """The form field a service error names ("value_12" -> "score_12")."""
        if service_key.startswith("value_"):
            return "score_" + service_key.removeprefix("value_")
        return None


class EligibilityForm(forms.Form):
    def __init__(
        self,
        *args: Any,
        checks: list[EligibilityCheck],
        results: dict[int, EligibilityResult | None],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.checks = checks
        for check in checks:
            result = results.get(check.pk)
            self.fields[f"check_{check.pk}"] = forms.ChoiceField(
                label=check.label,
                choices=[("", _("Not checked yet")), ("yes", _("Yes")), ("no", _("No"))],
                required=False,
                initial="" if result is None else ("yes" if result.passed else "no"),
            )
            self.fields[f"note_{check.pk}"] = forms.CharField(
                label=_("Note on “%(check)s”") % {"check": check.label},
                required=False,
                max_length=500,
                initial=result.note if result else "",
            )

    def answers(self) -> list[tuple[EligibilityCheck, bool, str]]:
        found = []
        for check in self.checks:
            raw = self.cleaned_data.get(f"check_{check.pk}")
            if raw in ("yes", "no"):
                found.append((check, raw == "yes", self.cleaned_data.get(f"note_{check.pk}", "")))
        return found


class ConflictForm(forms.Form):
    note = forms.CharField(
        label=_("What is the conflict of interest?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Once declared, you no longer score this candidate."),
        error_messages={"required": _("Say what the conflict of interest is.")},
    )


if TYPE_CHECKING:
    _ModelChoice = forms.ModelChoiceField[Meeting]
else:
    _ModelChoice = forms.ModelChoiceField


class MeetingField(_ModelChoice):
    def label_from_instance(self, obj: Meeting) -> str:
        return obj.date.isoformat() + (f" · {obj.place}" if obj.place else "")


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("The committee's decision"),
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose selected, reserve or rejected.")},
    )
    rationale = forms.CharField(
        label=_("Rationale"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Enter the committee's rationale for its decision.")},
    )
    meeting = MeetingField(
        label=_("Steering committee meeting"),
        queryset=Meeting.objects.none(),
        error_messages={"required": _("Choose the steering committee meeting that decided.")},
    )

    def __init__(self, *args: Any, programme_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["meeting"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Meeting.objects.filter(
            body__programme_id=programme_id,
            body__code="steering_committee",
            minutes_status="draft",
        ).order_by("-date")


class MoveForm(forms.Form):
    status = forms.ChoiceField(choices=[("open", "open"), ("closed", "closed")])


class RoundForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    country = forms.ModelChoiceField(
        label=_("Country"),
        queryset=Country.objects.none(),
        required=False,
        empty_label=_("All programme countries"),
        help_text=_("Leave empty for a global round open to every programme country."),
    )
    opens_on = forms.DateField(
        label=_("Scoring opens on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    closes_on = forms.DateField(
        label=_("Scoring closes on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    checks = forms.CharField(
        label=_("Eligibility checks"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One yes/no check a line, e.g. Led by a local authority."),
    )

    def __init__(self, *args: Any, programme_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["country"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Country.objects.filter(
            pk__in=ProgrammeCountry.objects.filter(programme_id=programme_id).values("country")
        ).order_by("code")


class AddCandidateForm(forms.Form):
    reference = forms.CharField(
        label=_("Initiative's reference"),
        max_length=40,
        help_text=_("The mapping's code, e.g. MA-017."),
    )


class AssignReviewerForm(forms.Form):
    email = forms.EmailField(label=_("Reviewer's e-mail address"))
