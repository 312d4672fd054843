"""The resources' forms: they parse what was typed; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from jmdi.core.abuse import HoneypotMixin
from jmdi.resources.models import Kind, Language, QualityReview, Theme


def _body_widget() -> forms.Textarea:
    # The toolbar (static/resources/editor.js) finds the textarea by this attribute;
    # without JavaScript it is a plain textarea taking HTML.
    return forms.Textarea(attrs={"rows": 16, "dir": "auto", "data-rich-editor": "on"})


def split_tags(text: str) -> list[str]:
    return [part.strip() for part in (text or "").split(",") if part.strip()][:12]


class TextFields(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=255, widget=forms.TextInput(attrs={"dir": "auto"})
    )
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        help_text=_("Two or three sentences shown in the library."),
    )
    body = forms.CharField(
        label=_("Text"),
        required=False,
        widget=_body_widget(),
        help_text=_(
            "Paragraphs, headings, lists, links, quotes and tables. Anything else (scripts, "
            "styles, images, embedded frames) is removed when you save."
        ),
    )


class ProposeForm(HoneypotMixin, TextFields):
    theme = forms.ModelChoiceField(label=_("Theme"), queryset=Theme.objects.all())
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices, initial=Kind.GUIDE)
    language = forms.ChoiceField(
        label=_("Language it is written in"), choices=Language.choices, initial=Language.EN
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        help_text=_("Separated by commas, e.g. remittances, youth."),
    )
    field_order = ["title", "theme", "kind", "language", "summary", "body", "tags"]


class TextForm(TextFields):
    complete = forms.BooleanField(
        label=_("This translation is complete"),
        required=False,
        help_text=_("Only complete translations are shown to readers of that language."),
    )

    def __init__(self, *args: Any, translation: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not translation:
            del self.fields["complete"]


class SettingsForm(forms.Form):
    theme = forms.ModelChoiceField(label=_("Theme"), queryset=Theme.objects.all())
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    tags = forms.CharField(label=_("Tags"), required=False, help_text=_("Separated by commas."))
    quality_reviewer = forms.EmailField(
        label=_("Quality reviewer's e-mail address"),
        required=False,
        help_text=_("Besides the PMU, this person may review the product's quality."),
    )

    def __init__(self, *args: Any, pmu: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not pmu:
            del self.fields["quality_reviewer"]

    def clean_quality_reviewer(self) -> Any:
        email = self.cleaned_data.get("quality_reviewer")
        if not email:
            return None
        user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("Nobody has an account with this address."))
        return user


class DecisionForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        help_text=_("Needed when you return the resource: say what should change."),
    )


class QualityReviewForm(forms.Form):
    relevance = forms.BooleanField(label=_("Relevant to local authorities"), required=False)
    evidence = forms.BooleanField(label=_("Grounded in evidence"), required=False)
    clarity = forms.BooleanField(label=_("Clear and usable"), required=False)
    translations = forms.BooleanField(label=_("Translations complete"), required=False)
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=QualityReview.Outcome.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
    )


class AttachmentForm(forms.Form):
    title = forms.CharField(label=_("Title of the file"), max_length=255, required=False)
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, Word (DOCX), Excel (XLSX), ODT, PNG or JPEG; 20 MB at most."),
    )


class EditorForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the member"))

    def clean_email(self) -> Any:
        email = self.cleaned_data["email"]
        user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("Nobody has an account with this address."))
        return user
