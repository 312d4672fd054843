"""The directory's forms: they parse what a person typed; the rules live in the model and
the services, whose errors the views put back on the named fields."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jmdi.directory.models import Country, Organisation, SubnationalArea

#: The languages an organisation's official name may be given in, besides its own.
NAME_LANGUAGES = (
    ("en", _("Name in English")),
    ("fr", _("Name in French")),
    ("es", _("Name in Spanish")),
    ("ar", _("Name in Arabic")),
)


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Name or acronym"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("Any kind")), *Organisation.Kind.choices],
    )
    setting = forms.ChoiceField(
        label=_("Urban or rural"),
        required=False,
        choices=[("", _("Any")), *Organisation.Setting.choices],
    )

    def __init__(self, *args: Any, countries: Iterable[Country], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [  # type: ignore[attr-defined]
            ("", _("Any country")),
            *((str(c.code), c.name) for c in countries),
        ]


class OrganisationForm(forms.ModelForm):
    """An organisation's record. The model checks it (a tier only for a local
    authority, an area in its country); the service refuses a likely duplicate, and
    `confirm_distinct` is the person's answer once the similar ones are shown."""

    confirm_distinct = forms.BooleanField(
        label=_("This is a different organisation"),
        required=False,
        help_text=_("Tick only after checking the similar organisations listed above."),
    )

    class Meta:
        model = Organisation
        fields = [
            "name",
            "acronym",
            "kind",
            "tier",
            "country",
            "area",
            "setting",
            "website",
            "note",
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(
        self,
        *args: Any,
        countries: Iterable[Country],
        show_confirm: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        codes = [c.code for c in countries]
        country_field = self.fields["country"]
        country_field.queryset = Country.objects.filter(code__in=codes)  # type: ignore[attr-defined]
        country_field.label_from_instance = lambda c: c.name  # type: ignore[attr-defined]
        self.fields["area"].queryset = (  # type: ignore[attr-defined]
            SubnationalArea.objects.filter(country__code__in=codes)
            .select_related("country")
            .order_by("country", "name")
        )
        self.fields["area"].label_from_instance = lambda a: f"{a.name} ({a.country.name})"  # type: ignore[attr-defined]
        instance = kwargs.get("instance")
        for code, label in NAME_LANGUAGES:
            self.fields[f"name_{code}"] = forms.CharField(
                label=label,
                required=False,
                max_length=250,
                initial=(instance.names.get(code, "") if instance is not None else ""),
            )
        if not show_confirm:
            del self.fields["confirm_distinct"]
        else:
            # Last, below the list of similar organisations.
            self.fields["confirm_distinct"] = self.fields.pop("confirm_distinct")

    def names(self) -> dict[str, str]:
        return {
            code: self.cleaned_data[f"name_{code}"].strip()
            for code, _label in NAME_LANGUAGES
            if self.cleaned_data.get(f"name_{code}", "").strip()
        }

    def changes(self) -> dict[str, Any]:
        """What the services take, from the cleaned data."""
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["names"] = self.names()
        return data


class MergeForm(forms.Form):
    duplicate = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Why are these one organisation?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text=_("Kept in both records' history, e.g. “Same commune, registered twice.”"),
        error_messages={"required": _("Say why these two records are one organisation.")},
    )


class ChooseDuplicateForm(forms.Form):
    duplicate = forms.IntegerField(
        label=_("Record number of the duplicate"),
        min_value=1,
        help_text=_("Shown on each organisation's page, after its name: “Record #123”."),
        error_messages={"invalid": _("Enter the record number, such as 123.")},
    )
