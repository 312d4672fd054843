"""The manual-value forms: entering a value with its evidence, returning one with a reason."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jmdi.programmes.models import Indicator
from jmdi.results.models import EVIDENCE_EXTENSIONS


class ValueForm(forms.Form):
    value = forms.CharField(
        label=_("Value"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    text = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    evidence_file = forms.FileField(
        label=_("Evidence file"),
        required=False,
        help_text=_(
            "A document that shows the value (a list of participants, a signed plan), up to 10 MB."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": ",".join(f".{e}" for e in EVIDENCE_EXTENSIONS)}
        ),
    )
    evidence_link = forms.URLField(
        label=_("Or a link to the evidence"), required=False, assume_scheme="https"
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, indicator: Indicator, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = indicator.unit
        if unit == Indicator.Unit.QUALITATIVE:
            del self.fields["value"]
            self.fields["text"].required = True
        else:
            del self.fields["text"]
            self.fields["value"].required = True
            hints: dict[str, Any] = {
                Indicator.Unit.NUMBER: _("A number of at least 0, for this quarter only."),
                Indicator.Unit.PERCENTAGE: _("A percentage, from 0 to 100."),
                Indicator.Unit.YES_NO: _("1 for yes, 0 for no."),
            }
            self.fields["value"].help_text = hints.get(str(unit), "")


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it returned?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Say what to correct; the focal point sees it."),
    )
