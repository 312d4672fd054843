from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jmdi.core.abuse import HoneypotMixin
from jmdi.discussions.models import LANGUAGES
from jmdi.discussions.services import BODY_MAX, TITLE_MAX

_BODY_HELP = _(
    'Plain text; leave an empty line between paragraphs. Mention a member with "@" and '
    "their full name."
)


class ThreadForm(HoneypotMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    body = forms.CharField(
        label=_("Message"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_BODY_HELP,
    )
    language = forms.ChoiceField(label=_("Language you write in"), choices=LANGUAGES)

    def __init__(self, *args: Any, language: str = "en", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = language if language in dict(LANGUAGES) else "en"


class EDiscussionForm(ThreadForm):
    opens_at = forms.DateTimeField(
        label=_("Opens at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    closes_at = forms.DateTimeField(
        label=_("Closes at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )


class ReplyForm(HoneypotMixin, forms.Form):
    body = forms.CharField(
        label=_("Your reply"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_BODY_HELP,
    )


class FlagForm(HoneypotMixin, forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with this post?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only the moderators read this."),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class BanForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is this member banned?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Kept in the moderation log and on the member's record."),
    )


class SummaryForm(forms.Form):
    summary = forms.CharField(
        label=_("Consolidated summary"),
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_("What the participants said, agreed and left open; plain text."),
    )
