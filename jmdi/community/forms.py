"""The membership's forms: joining (a profile and the consent), the profile, the
directory's filters and the PMU's verification."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from jmdi.community.models import Member, StakeholderType, Visibility
from jmdi.core.abuse import HoneypotMixin
from jmdi.initiatives.models import Theme

LANGUAGE_CHOICES = [*settings.LANGUAGES, ("pt", "Português"), ("other", _("Other languages"))]


class ProfileForm(forms.Form):
    full_name = forms.CharField(label=_("Your name"), max_length=200)
    stakeholder_type = forms.ChoiceField(
        label=_("Who you are"), choices=[("", "—"), *StakeholderType.choices]
    )
    organisation_name = forms.CharField(
        label=_("Your organisation"),
        max_length=255,
        required=False,
        help_text=_(
            "As it is officially called, e.g. Commune de Thiès. The programme team links it to its registry."
        ),
    )
    position = forms.CharField(label=_("Your position"), max_length=200, required=False)
    country = forms.ChoiceField(label=_("Country you work in"), choices=[])
    languages = forms.MultipleChoiceField(
        label=_("Languages you work in"),
        choices=LANGUAGE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics of your expertise"),
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    bio = forms.CharField(
        label=_("About you"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=2000,
    )
    profile_visibility = forms.ChoiceField(
        label=_("Who sees your profile"),
        choices=Visibility.choices,
        initial=Visibility.MEMBERS,
        widget=forms.RadioSelect,
    )
    in_directory = forms.BooleanField(label=_("List me in the member directory"), required=False)
    show_email = forms.BooleanField(label=_("Show my e-mail address on my profile"), required=False)
    digest = forms.BooleanField(
        label=_("Send me a daily digest instead of each e-mail"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        country = self.fields["country"]
        assert isinstance(country, forms.ChoiceField)
        country.choices = [("", "—"), *[(code, name) for code, name in countries]]
        topics = self.fields["topics"]
        assert isinstance(topics, forms.ModelMultipleChoiceField)
        topics.queryset = Theme.objects.all()
        # Names and words in the writer's own language and script, whatever the page's.
        for name in ("full_name", "organisation_name", "position", "bio"):
            self.fields[name].widget.attrs["dir"] = "auto"

    @staticmethod
    def initial_for(member: Member) -> dict[str, Any]:
        return {
            "full_name": member.user.full_name,
            "stakeholder_type": member.stakeholder_type,
            "organisation_name": member.organisation.name
            if member.organisation
            else member.proposed_organisation,
            "position": member.position,
            "country": str(member.country),
            "languages": member.languages,
            "topics": list(member.topics.all()),
            "bio": member.bio,
            "profile_visibility": member.profile_visibility,
            "in_directory": member.in_directory,
            "show_email": member.show_email,
            "digest": member.digest,
        }


class JoinForm(HoneypotMixin, ProfileForm):
    consent = forms.BooleanField(label=_("I accept these terms"), required=False)


class DirectoryForm(forms.Form):
    q = forms.CharField(label=_("Name or organisation"), required=False, max_length=100)
    stakeholder_type = forms.ChoiceField(
        label=_("Who"), choices=[("", _("Everyone")), *StakeholderType.choices], required=False
    )
    country = forms.ChoiceField(label=_("Country"), choices=[], required=False)
    topic = forms.ChoiceField(label=_("Topic"), choices=[], required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        country = self.fields["country"]
        assert isinstance(country, forms.ChoiceField)
        country.choices = [("", _("All countries")), *[(code, name) for code, name in countries]]
        topic = self.fields["topic"]
        assert isinstance(topic, forms.ChoiceField)
        topic.choices = [
            ("", _("All topics")),
            *[(t.code, str(t.name)) for t in Theme.objects.all()],
        ]


class LeaveForm(forms.Form):
    confirm = forms.CharField(
        label=_("Type DELETE to confirm"),
        max_length=10,
        help_text=_(
            "Your account, profile and consents go; your posts stay, signed “former member”."
        ),
    )

    def clean_confirm(self) -> str:
        value = self.cleaned_data["confirm"].strip()
        if value.upper() != "DELETE" and value != str(_("DELETE")):
            raise forms.ValidationError(_("Type DELETE, in capitals, to confirm."))
        return value
