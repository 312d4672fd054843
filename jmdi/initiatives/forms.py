"""The registry's forms: they parse what a person typed; the rules live in the services,
whose errors the views put back on the named fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jmdi.directory.models import Country, Organisation, SubnationalArea
from jmdi.initiatives.models import (
    GenderDimension,
    Initiative,
    PartnerRole,
    Setting,
    TargetGroup,
    Theme,
)
from jmdi.initiatives.selectors import CONTEXTS, DEFAULT_SORT, Filters

ANY = ("", pgettext_lazy("filter", "Any"))
#: The filter value for "not recorded" (the stored value is the empty string).
UNRECORDED = "unrecorded"
YES_NO = [ANY, ("yes", _("Yes")), ("no", _("No"))]
SORT_CHOICES = [
    ("title", _("Title, A to Z")),
    ("-title", _("Title, Z to A")),
    ("reference", _("Reference")),
    ("-reference", _("Reference, last first")),
    ("country", pgettext_lazy("sort", "Country")),
    ("start", _("Start date, earliest first")),
    ("-start", _("Start date, latest first")),
    ("budget", _("Budget, smallest first")),
    ("-budget", _("Budget, largest first")),
    ("-updated", _("Recently changed first")),
]
CONTEXT_LABELS = {
    "emigration": _("Emigration"),
    "immigration": _("Immigration"),
    "transit": _("Transit"),
    "return": _("Return"),
    "refugees": _("Refugees and displacement"),
}


def _recorded_choices(choices: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """A model's choices for a filter: "Any" first, "Not recorded" under its own value."""
    return (
        [ANY]
        + [(value or UNRECORDED, label) for value, label in choices if value != ""]
        + [(UNRECORDED, _("Not recorded"))]
    )


class InitiativeFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_("Words of the title, the reference or the lead local authority's name."),
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[ANY, *Initiative.Status.choices]
    )
    setting = forms.ChoiceField(
        label=_("Urban or rural"), required=False, choices=_recorded_choices(Setting.choices)
    )
    gender = forms.ChoiceField(
        label=_("Gender dimension"),
        required=False,
        choices=_recorded_choices(GenderDimension.choices),
    )
    context = forms.ChoiceField(
        label=_("Migration context"),
        required=False,
        choices=[ANY, *((code, CONTEXT_LABELS[code]) for code in CONTEXTS)],
    )
    south_south = forms.ChoiceField(label=_("South-South"), required=False, choices=YES_NO)
    published = forms.ChoiceField(label=_("Published"), required=False, choices=YES_NO)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)

    def __init__(
        self, *args: Any, countries: list[Country], themes: list[Theme], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._choices("country", [ANY, *((str(c.code), c.name) for c in countries)])
        self._choices("theme", [ANY, *((t.code, str(t.name)) for t in themes)])

    def _choices(self, name: str, choices: list[tuple[str, Any]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    def to_filters(self) -> Filters:
        if not self.is_bound or not self.is_valid():
            return Filters()
        data = self.cleaned_data

        def recorded(value: str) -> str | None:
            if not value:
                return None
            return "" if value == UNRECORDED else value

        def yes_no(value: str) -> bool | None:
            return {"yes": True, "no": False}.get(value)

        return Filters(
            country=data["country"],
            theme=data["theme"],
            status=data["status"],
            setting=recorded(data["setting"]),
            gender=recorded(data["gender"]),
            context=data["context"],
            south_south=yes_no(data["south_south"]),
            published=yes_no(data["published"]),
            q=data["q"],
            sort=data["sort"] or DEFAULT_SORT,
        )


class _LeadChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.country.code})" if obj.country_id else str(obj.name)


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 4})


class InitiativeForm(forms.Form):
    reference = forms.CharField(
        label=_("Reference"),
        max_length=40,
        help_text=_("The mapping's own code for the initiative, e.g. MA-017."),
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    summary = forms.CharField(label=_("Summary"), required=False, widget=TEXT)
    language = forms.CharField(
        label=_("Language written in"),
        max_length=3,
        initial="fr",
        help_text=_("The two-letter code of the language of the title and summary, e.g. fr."),
    )
    lead_authority = _LeadChoiceField(
        label=_("Lead local authority"), queryset=Organisation.objects.none()
    )
    area = forms.ModelChoiceField(
        label=_("Place"), required=False, queryset=SubnationalArea.objects.none()
    )
    location = forms.CharField(label=_("Location details"), required=False, max_length=200)
    origin_countries = forms.ModelMultipleChoiceField(
        label=_("Countries of origin"),
        required=False,
        queryset=Country.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    destination_countries = forms.ModelMultipleChoiceField(
        label=_("Countries of destination"),
        required=False,
        queryset=Country.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    south_south = forms.BooleanField(
        label=_("South-South migration"),
        required=False,
        help_text=_("Migration between countries of the South."),
    )
    emigration = forms.BooleanField(label=_("Emigration"), required=False)
    immigration = forms.BooleanField(label=_("Immigration"), required=False)
    transit = forms.BooleanField(label=_("Transit"), required=False)
    return_migration = forms.BooleanField(label=_("Return"), required=False)
    refugees = forms.BooleanField(label=_("Refugees and displacement"), required=False)
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        required=False,
        queryset=Theme.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    gender_dimension = forms.ChoiceField(
        label=_("Gender dimension"), required=False, choices=GenderDimension.choices
    )
    target_groups = forms.MultipleChoiceField(
        label=_("Target groups"),
        required=False,
        choices=TargetGroup.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    setting = forms.ChoiceField(label=_("Urban or rural"), required=False, choices=Setting.choices)
    start_date = forms.DateField(label=_("Start date"), required=False, widget=DATE)
    end_date = forms.DateField(label=_("End date"), required=False, widget=DATE)
    budget = forms.DecimalField(label=_("Budget"), required=False, max_digits=14, decimal_places=2)
    budget_currency = forms.CharField(label=_("Currency"), max_length=3, initial="EUR")
    results = forms.CharField(label=_("Results so far"), required=False, widget=TEXT)
    sources = forms.CharField(label=_("Sources"), required=False, widget=TEXT)
    mapped_on = forms.DateField(label=_("Mapped on"), required=False, widget=DATE)

    def __init__(self, *args: Any, countries: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lead = self.fields["lead_authority"]
        lead.queryset = (  # type: ignore[attr-defined]
            Organisation.objects.filter(
                kind=Organisation.Kind.LOCAL_AUTHORITY, country__code__in=countries
            )
            .select_related("country")
            .order_by("country__code", "name", "pk")
        )
        self.fields["area"].queryset = SubnationalArea.objects.filter(  # type: ignore[attr-defined]
            country__code__in=countries
        ).order_by("country__code", "name")
        # One translation of the title and summary per platform language (optional).
        for code, name in settings.LANGUAGES:
            self.fields[f"title_{code}"] = forms.CharField(
                label=_("Title in %(language)s") % {"language": name},
                required=False,
                max_length=300,
            )
            self.fields[f"summary_{code}"] = forms.CharField(
                label=_("Summary in %(language)s") % {"language": name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    @staticmethod
    def translation_initial(initiative: Initiative) -> dict[str, str]:
        initial: dict[str, str] = {}
        for code, texts in (initiative.translations or {}).items():
            for part in ("title", "summary"):
                if texts.get(part):
                    initial[f"{part}_{code}"] = texts[part]
        return initial

    def translation_fields(self) -> list[Any]:
        return [
            self[f"{part}_{code}"]
            for code, _n in settings.LANGUAGES
            for part in ("title", "summary")
        ]

    def record_fields(self) -> list[Any]:
        return [field for field in self if not field.name.startswith(("title_", "summary_"))]

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        translations: dict[str, dict[str, str]] = {}
        for code, _name in settings.LANGUAGES:
            title = data.pop(f"title_{code}", "")
            summary = data.pop(f"summary_{code}", "")
            if (title or summary) and code != data.get("language"):
                translations[code] = {
                    k: v for k, v in (("title", title), ("summary", summary)) if v
                }
        data["translations"] = translations
        data["language"] = (data.get("language") or "").lower()
        data["budget_currency"] = (data.get("budget_currency") or "").upper()
        if data.get("mapped_on") is None:
            data.pop("mapped_on", None)
        return data


class PartnerForm(forms.Form):
    organisation = forms.TypedChoiceField(
        label=_("Organisation"), required=False, coerce=int, empty_value=None
    )
    role = forms.ChoiceField(
        label=_("Role"),
        required=False,
        choices=PartnerRole.choices,
        initial=PartnerRole.IMPLEMENTING,
    )

    def __init__(self, *args: Any, organisations: list[tuple[Any, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("No partner")), *organisations]


PartnerFormSet = forms.formset_factory(PartnerForm, extra=3)


def partner_choices(countries: list[str]) -> list[tuple[Any, str]]:
    """The organisations that may be partners (one query, shared by every row)."""
    return [
        (pk, f"{name} ({code})" if code else name)
        for pk, name, code in Organisation.objects.filter(country__code__in=countries)
        .order_by("country__code", "name", "pk")
        .values_list("pk", "name", "country__code")
    ]


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Initiative.Status.choices)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=100,
        help_text=_("Why the status changes, e.g. the steering committee's decision."),
    )


class PublishForm(forms.Form):
    published = forms.BooleanField(required=False)
