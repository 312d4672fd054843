"""The support facility's forms. They check the shape of the input; the services check
the rules (and raise ValidationError naming the field)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from jmdi.core.abuse import HoneypotMixin
from jmdi.support.models import Topic, Urgency


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented recipe)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


def _attachments() -> MultipleFileField:
    return MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=_(
            "Up to five files: PDF, PNG, JPEG, Word (DOCX), Excel (XLSX) or OpenDocument text "
            "(ODT)."
        ),
    )


def _text(label: Any, rows: int = 6, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label, widget=forms.Textarea(attrs={"rows": rows, "dir": "auto"}), **kwargs
    )


class RequestForm(HoneypotMixin, forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    topic = forms.ChoiceField(label=_("Topic"), choices=Topic.choices)
    country = forms.ChoiceField(
        label=_("Country"), help_text=_("The country your question concerns.")
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"),
        choices=Urgency.choices,
        initial=Urgency.NORMAL,
        help_text=_("Urgent: a deadline within days (a call for proposals, a council vote)."),
    )
    description = _text(
        _("Your question"),
        rows=8,
        help_text=_("What you need, what you have tried, and by when you need an answer."),
    )
    attachments = _attachments()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["country"]).choices = list(countries)


class MessageForm(forms.Form):
    body = _text(_("Your message"), rows=4)
    attachments = _attachments()


class AnswerForm(forms.Form):
    body = _text(_("Answer"), rows=6, help_text=_("The requester reads it and is told by e-mail."))
    attachments = _attachments()


class TriageForm(forms.Form):
    topic = forms.ChoiceField(label=_("Topic"), choices=Topic.choices)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices)
    note = _text(
        _("Triage notes"),
        rows=3,
        required=False,
        help_text=_("For the programme team only; the requester does not see them."),
    )


class AssignForm(forms.Form):
    assignee: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("PMU colleague"), queryset=None
    )
    note = _text(_("Note for the colleague"), rows=2, required=False)

    def __init__(self, *args: Any, colleagues: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from jmdi.accounts.models import User

        cast("forms.ModelChoiceField[Any]", self.fields["assignee"]).queryset = User.objects.filter(
            pk__in=[person.pk for person in colleagues or []]
        ).order_by("full_name", "pk")


class ReferForm(forms.Form):
    focal_point: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("The country's focal point"), queryset=None, required=False
    )
    organisation: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Or an organisation (UN country team, partner)"), queryset=None, required=False
    )
    contact = forms.CharField(
        label=_("Contact at the organisation"),
        max_length=255,
        required=False,
        help_text=_("A name, an e-mail address or a telephone number."),
    )
    note = _text(_("Note"), rows=2, required=False)

    def __init__(self, *args: Any, request: Any = None, focal_points: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        from jmdi.accounts.models import User
        from jmdi.directory.models import Organisation

        cast(
            "forms.ModelChoiceField[Any]", self.fields["focal_point"]
        ).queryset = User.objects.filter(
            pk__in=[person.pk for person in focal_points or []]
        ).order_by("full_name", "pk")
        country = str(request.country) if request is not None else ""
        cast("forms.ModelChoiceField[Any]", self.fields["organisation"]).queryset = (
            Organisation.objects.filter(country__code=country)
            .exclude(kind=Organisation.Kind.LOCAL_AUTHORITY)
            .order_by("name", "pk")
        )


class ResolveForm(forms.Form):
    note = _text(_("Note"), rows=2, required=False)


class CloseForm(forms.Form):
    reason = _text(
        _("Why it is closed without an answer"),
        rows=2,
        help_text=_("The requester reads it."),
    )


class FaqForm(forms.Form):
    question = forms.CharField(label=_("Question"), max_length=300)
    answer = _text(
        _("Answer"), rows=8, help_text=_("Leave out names, places and anything personal.")
    )
    topic = forms.ChoiceField(label=_("Topic"), choices=Topic.choices)
    published = forms.BooleanField(label=_("Published on the public FAQ"), required=False)
