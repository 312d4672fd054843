from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jmdi.programmes.models import Programme
from jmdi.reporting import selectors
from jmdi.reporting.models import Report
from jmdi.reporting.services import languages


class LanguageSelect(forms.Select):
    """Each language named in itself ("français", "العربية"), marked with its `lang` so
    that screen readers pronounce it, and the page's own language is not claimed for it."""

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option: dict[str, Any] = super().create_option(*args, **kwargs)
        option["attrs"]["lang"] = option["value"]
        return option


class ReportRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Report"), choices=Report.Kind.choices)
    period = forms.ChoiceField(
        label=_("Period"),
        help_text=_("A quarter for a progress report, a year for an annual review."),
    )
    language = forms.ChoiceField(label=_("Language of the report"), widget=LanguageSelect)

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        quarters = selectors.periods_for(programme, Report.Kind.QUARTERLY)
        years = selectors.periods_for(programme, Report.Kind.ANNUAL)
        self.fields["period"].choices = [  # type: ignore[attr-defined]
            (_("Quarters"), [(p.code, p.code) for p in quarters]),
            (_("Years"), [(p.code, p.code) for p in years]),
        ]
        self.fields["language"].choices = languages()  # type: ignore[attr-defined]
