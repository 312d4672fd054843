from __future__ import annotations

from typing import Any

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.contrib.auth.hashers import make_password
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from jmdi.accounts.models import Role
from jmdi.directory.models import Country, Organisation


class CountryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Country) -> str:
        return obj.name


class AssignRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=[("", _("Choose a role")), *Role.choices])
    country = CountryChoiceField(
        label=_("Country"),
        queryset=Country.objects.all(),
        empty_label=_("No country"),
        required=False,
        help_text=_("Required for focal points and reviewers; leave empty for other roles."),
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        required=False,
        max_length=250,
        help_text=_("Required for grantees: the organisation's name exactly as in the directory."),
    )

    def clean_organisation(self) -> Organisation | None:
        name = self.cleaned_data.get("organisation", "").strip()
        if not name:
            return None
        matches = list(Organisation.objects.filter(name__iexact=name)[:2])
        if not matches:
            raise forms.ValidationError(
                _("No organisation has this name; check the spelling in the directory.")
            )
        if len(matches) > 1:
            raise forms.ValidationError(
                _("Several organisations have this name; ask the PMU to make the names distinct.")
            )
        return matches[0]


class PersonForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_(
            "The person signs in with this address and sets a password from the email they receive."
        ),
    )

    def clean_email(self) -> Any:
        return self.cleaned_data["email"].strip().lower()


class SignupForm(AllauthSignupForm):
    """allauth's sign-up, taking as long for an address that has an account as for one
    that has none.

    For a new address allauth hashes the password and creates the account; for a known
    one it only sends a "you already have an account" e-mail, which answered in 7 ms
    instead of about 400 ms and so told anyone which addresses have accounts. The
    password is hashed on that path too (and thrown away), which is where the time went.
    """

    def try_save(self, request: HttpRequest) -> Any:
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1"))
        return super().try_save(request)
