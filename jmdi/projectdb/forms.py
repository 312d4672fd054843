"""The project database's forms: the search with its facets, a suggestion, a message."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from jmdi.core.abuse import HoneypotMixin
from jmdi.directory.models import Country
from jmdi.projectdb.models import ProjectSuggestion
from jmdi.projectdb.selectors import SORTS, Filters

FACETS = ("country", "region", "theme", "partner_kind", "gender", "partnership", "status")
FACET_LABELS = {
    "country": _("Country"),
    "region": _("Region"),
    "theme": _("Theme"),
    "partner_kind": _("Partners"),
    "gender": _("Gender dimension"),
    "partnership": _("Partnership"),
    "status": _("Status"),
}


def filters_from(data) -> Filters:
    """The filters a query string asks for (unknown values simply match nothing)."""

    def values(name: str) -> list[str]:
        return [v[:40] for v in data.getlist(name) if v][:20]

    sort = data.get("sort", "relevance")
    return Filters(
        query=(data.get("q") or "").strip()[:200],
        countries=values("country"),
        regions=values("region"),
        themes=values("theme"),
        partner_kinds=values("partner_kind"),
        gender=values("gender"),
        partnerships=values("partnership"),
        statuses=values("status"),
        sort=sort if sort in SORTS else "relevance",
    )


class SuggestionForm(HoneypotMixin, forms.ModelForm):
    honeypot_name = "homepage"  # "website" is a real field of a suggestion
    language = forms.ChoiceField(label=_("Language written in"), choices=settings.LANGUAGES)

    class Meta:
        model = ProjectSuggestion
        fields = ["title", "summary", "country", "lead_authority", "language", "website"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        country = self.fields["country"]
        assert isinstance(country, forms.ModelChoiceField)
        country.queryset = Country.objects.all()
        country.label_from_instance = lambda c: str(c.name)  # type: ignore[method-assign,assignment]


class ContactForm(HoneypotMixin, forms.Form):
    message = forms.CharField(
        label=_("Your message"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=3000,
        help_text=_("Say who you are and why you write. The project's team answers you by e-mail."),
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Add to the mapping")), ("decline", _("Decline"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note to the member"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when you decline: the member reads it."),
    )
    reference = forms.CharField(
        label=_("Reference of the initiative recorded from it"),
        required=False,
        max_length=40,
        help_text=_("Optional: the mapping's reference, e.g. MA-031, once you have recorded it."),
    )
