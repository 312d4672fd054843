"""The events' forms: they parse what was typed; the services decide."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from jmdi.core.abuse import HoneypotMixin
from jmdi.directory.models import Organisation
from jmdi.events import selectors
from jmdi.events.models import Event, EventParticipation, Kind, Outcome, Scope, timezone_names
from jmdi.events.services import EVENT_FIELDS

FORM_FIELDS = [name for name in EVENT_FIELDS if name not in ("translations", "status")]


class EventForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Languages of the event"),
        choices=settings.LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    timezone = forms.ChoiceField(
        label=_("Time zone"),
        initial="UTC",
        help_text=_("Where the times are read. Leave the times empty for whole days."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organiser in the registry"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
    )

    class Meta:
        model = Event
        fields = FORM_FIELDS
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "description": forms.Textarea(attrs={"rows": 6}),
            "summary": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["timezone"]).choices = [
            (name, name) for name in timezone_names()
        ]
        known = self.instance.translations or {}
        for code, name in settings.LANGUAGES:
            self.fields[f"title_{code}"] = forms.CharField(
                label=format_lazy(_("Title in {language}"), language=name),
                max_length=255,
                required=False,
                initial=(known.get(code) or {}).get("title", ""),
                help_text=_("Only if the event gives its title in this language too."),
            )

    def event_data(self) -> dict[str, Any]:
        data = {
            name: self.cleaned_data[name]
            for name in self._meta.fields or ()
            if name in self.cleaned_data
        }
        translations = {code: dict(v) for code, v in (self.instance.translations or {}).items()}
        for code, _name in settings.LANGUAGES:
            title = (self.cleaned_data.get(f"title_{code}") or "").strip()
            entry = translations.setdefault(code, {})
            if title and code != data.get("language"):
                entry["title"] = title
            else:
                entry.pop("title", None)
            if not entry:
                translations.pop(code)
        data["translations"] = translations
        return data

    def _post_clean(self) -> None:
        # The services validate the event (Event.clean) and report back field by field.
        pass


class PMUEventForm(EventForm):
    class Meta(EventForm.Meta):
        fields = [*FORM_FIELDS, "status"]


class ProposeEventForm(HoneypotMixin, EventForm):
    # The event has a "website" field: the trap takes another name.
    honeypot_name = "leave_this_empty"


class InterestForm(HoneypotMixin, forms.Form):
    """Registering interest is one button; the trap is the only field."""

    honeypot_name = "leave_this_empty"


class ParticipationForm(forms.ModelForm):
    person = forms.ModelChoiceField(
        label=_("PMU officer"), queryset=selectors.pmu_officers(), required=False
    )

    class Meta:
        model = EventParticipation
        fields = ["person", "name", "role", "notes"]
        help_texts = {"name": _("When the person is not a PMU officer with an account.")}
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def _post_clean(self) -> None:
        pass


class OutcomeForm(forms.ModelForm):
    class Meta:
        model = Outcome
        fields = ["summary", "participants", "local_authorities", "follow_up", "documents_url"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 5}),
            "follow_up": forms.Textarea(attrs={"rows": 3}),
        }

    def _post_clean(self) -> None:
        pass


def _choices(pairs: Any) -> list[tuple[str, Any]]:
    return [("", _("Any")), *pairs]


class FilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=_choices(Kind.choices), required=False)
    scope = forms.ChoiceField(label=_("Scope"), choices=_choices(Scope.choices), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    local = forms.BooleanField(label=_("Local dimension of migration"), required=False)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["country"]).choices = _choices(list(countries))
        cast(forms.ChoiceField, self.fields["year"]).choices = _choices(
            [(str(y), str(y)) for y in years]
        )

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        found: dict[str, Any] = {}
        for name in ("kind", "scope", "country"):
            if data.get(name):
                found[name] = data[name]
        if data.get("year"):
            found["start_date__year"] = data["year"]
        if data.get("local"):
            found["local_dimension"] = True
        return found
