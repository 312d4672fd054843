"""Forms of the programme pages: the filters of the history page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from jmdi.programmes.history import Person


class HistoryFilterForm(forms.Form):
    """Which changes to list. Every field is optional; an empty form lists them all."""

    kind = forms.ChoiceField(label=_("Record type"), required=False)
    person = forms.ChoiceField(
        label=_("Changed by"),
        required=False,
        help_text=_("A person, or the programme file when it was loaded."),
    )
    date_from = forms.DateField(
        label=_("From"),
        required=False,
        help_text=_("The first day to list, as YYYY-MM-DD, e.g. 2013-01-31."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label=_("To"),
        required=False,
        help_text=_("The last day to list, as YYYY-MM-DD."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(
        self, *args: Any, kinds: list[tuple[str, str]], people: list[Person], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All records")), *kinds]  # type: ignore[attr-defined]
        self.fields["person"].choices = [  # type: ignore[attr-defined]
            ("", _("Anyone")),
            *((p.value, p.name) for p in people),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start: dt.date | None = data.get("date_from")
        end: dt.date | None = data.get("date_to")
        if start and end and end < start:
            self.add_error(
                "date_to",
                _("The last day is before the first; choose a day on or after %(start)s.")
                % {"start": start.isoformat()},
            )
        return data


class PlanDateForm(forms.Form):
    """The day the work plan marks with a line; it must fall within the programme."""

    date = forms.DateField(
        label=_("Mark a day on the plan"),
        required=False,
        help_text=_("A day within the programme, e.g. the end of a reporting period."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, start: dt.date, end: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.start, self.end = start, end
        self.fields["date"].widget.attrs.update(min=start.isoformat(), max=end.isoformat())

    def clean_date(self) -> dt.date | None:
        day: dt.date | None = self.cleaned_data.get("date")
        if day and not self.start <= day <= self.end:
            raise forms.ValidationError(
                _(
                    "%(day)s is outside the programme, which ran from %(start)s to %(end)s; "
                    "choose a day between them."
                ),
                params={
                    "day": formats.date_format(day, "DATE_FORMAT"),
                    "start": formats.date_format(self.start, "DATE_FORMAT"),
                    "end": formats.date_format(self.end, "DATE_FORMAT"),
                },
            )
        return day
