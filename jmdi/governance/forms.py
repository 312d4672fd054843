from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jmdi.directory.models import Organisation
from jmdi.governance.models import Attendance, Decision, Meeting
from jmdi.programmes.models import GovernanceBody


class MeetingForm(forms.Form):
    date = forms.DateField(
        label=_("Date"),
        help_text=_("For example 2014-03-27"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    online = forms.BooleanField(label=_("Held online"), required=False)
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One item a line, in order."),
    )


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Agenda item"), max_length=300)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AttendanceForm(forms.Form):
    status = forms.ChoiceField(label=_("Attendance"), choices=Attendance.Status.choices)
    organisation = forms.ModelChoiceField(
        label=_("Member organisation"), queryset=Organisation.objects.none(), required=False
    )
    person = forms.CharField(
        label=_("Name"),
        max_length=200,
        required=False,
        help_text=_("Who represented the organisation, or the observer's name."),
    )
    observer_affiliation = forms.CharField(
        label=_("Observer's affiliation"), max_length=200, required=False
    )

    def __init__(self, *args: Any, body: GovernanceBody, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = body.members.order_by("name")  # type: ignore[attr-defined]


class MinutesForm(forms.Form):
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 10}))


class DecisionForm(forms.Form):
    text = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 4}))
    supersedes = forms.ModelChoiceField(
        label=_("Supersedes"),
        queryset=Decision.objects.none(),
        required=False,
        to_field_name="number",
        help_text=_("An earlier decision this one replaces, if any."),
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["supersedes"].queryset = (  # type: ignore[attr-defined]
            Decision.objects.filter(
                body__programme_id=meeting.body.programme_id,
                meeting__date__lte=meeting.date,
                superseded_by__isnull=True,
            )
            .exclude(meeting=meeting)
            .order_by("-year", "-sequence")
        )


class DecisionEditForm(forms.Form):
    text = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 4}))
