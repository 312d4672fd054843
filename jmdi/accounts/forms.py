"""Forms for people and roles. Which scope a role needs decides which fields are asked."""

from __future__ import annotations

from typing import Any

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.http import HttpRequest
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from jmdi.accounts.models import COUNTRY_SCOPED_ROLES, ORGANISATION_SCOPED_ROLES, Role
from jmdi.core.abuse import HoneypotMixin
from jmdi.core.people import Sex
from jmdi.directory.models import Country, Organisation
from jmdi.directory.selectors import in_name_order


class CountryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Country) -> str:
        return obj.name


class RoleScopeForm(forms.Form):
    """A role, and the country or organisation it is limited to when it is.

    `scope` tells the template what to ask: "country", "organisation" or "" (neither).
    The organisation is chosen among the results of a search (`organisation_query`),
    which works as a plain form submission and, with htmx, as you type.
    """

    role = forms.ChoiceField(label=_("Role"), choices=[("", _("Choose a role")), *Role.choices])
    country = CountryChoiceField(
        label=_("Country"),
        queryset=Country.objects.all(),
        empty_label=_("Choose a country"),
        required=False,
        help_text=_("Focal points and reviewers work in one country."),
    )
    organisation_query = forms.CharField(
        label=_("Find the organisation"),
        required=False,
        max_length=100,
        help_text=_("A grantee belongs to one organisation: type part of its name or acronym."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.all(), required=False
    )
    acknowledge_conflicts = forms.BooleanField(
        label=_("I know: give the role anyway"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The field the chosen role needs is required, with the message that says why.
        if self.scope == "country":
            self.fields["country"].required = True
            self.fields["country"].error_messages["required"] = _(
                "Choose the country this role covers: focal points and reviewers work in one "
                "country."
            )
        elif self.scope == "organisation":
            self.fields["organisation"].required = True
            self.fields["organisation"].error_messages["required"] = _(
                "Choose the organisation this grantee belongs to: search for it, then pick it "
                "in the list."
            )
        countries = in_name_order(Country.objects.all())
        self.fields["country"].choices = [  # type: ignore[attr-defined]
            ("", _("Choose a country")),
            *((c.pk, c.name) for c in countries),
        ]

    @property
    def chosen_role(self) -> str:
        value = self.data.get("role") if self.is_bound else self.initial.get("role")
        return str(value or "")

    @property
    def scope(self) -> str:
        if self.chosen_role in COUNTRY_SCOPED_ROLES:
            return "country"
        if self.chosen_role in ORGANISATION_SCOPED_ROLES:
            return "organisation"
        return ""

    @property
    def organisation_query_value(self) -> str:
        source = self.data if self.is_bound else self.initial
        return str(source.get("organisation_query") or "").strip()

    @property
    def chosen_organisation_id(self) -> str:
        source = self.data if self.is_bound else self.initial
        return str(source.get("organisation") or "")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # Only what the chosen role needs is kept; the rest of the page may hold leftovers.
        if self.scope != "country":
            data["country"] = None
        if self.scope != "organisation":
            data["organisation"] = None
        return data

    def scope_values(self) -> dict[str, Any]:
        return {
            "role": self.cleaned_data["role"],
            "country": self.cleaned_data.get("country"),
            "organisation": self.cleaned_data.get("organisation"),
            "acknowledge_conflicts": self.cleaned_data.get("acknowledge_conflicts", False),
        }


class InvitePersonForm(RoleScopeForm):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("The person signs in with this address. The invitation is sent to it."),
    )
    sex = forms.ChoiceField(
        label=_("Sex"),
        choices=Sex.choices,
        initial=Sex.NOT_RECORDED,
        required=False,
        help_text=_(
            "Used to count women and men in the programme's figures. "
            "Leave “Not recorded” unless the person has told you."
        ),
    )
    language = forms.ChoiceField(
        label=_("Language of the invitation"),
        choices=[],
        help_text=_("The invitation and the platform will be in this language for them."),
    )

    field_order = ["full_name", "email", "sex", "language", "role"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from django.utils.translation import get_language_info

        self.fields["language"].choices = [  # type: ignore[attr-defined]
            (code, get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES
        ]

    def clean_email(self) -> Any:
        return self.cleaned_data["email"].strip().lower()


class AssignRoleForm(RoleScopeForm):
    pass


class RevokeRoleForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the person's history, e.g. “left the programme”."),
    )


class SetPasswordForm(forms.Form):
    password1 = forms.CharField(
        label=_("New password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
        help_text=lazy(password_validators_help_text_html, str)(),
    )
    password2 = forms.CharField(
        label=_("New password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
    )

    def clean_password2(self) -> str:
        first, second = self.cleaned_data.get("password1"), self.cleaned_data.get("password2")
        if first and second and first != second:
            raise forms.ValidationError(_("The two passwords differ: type the same one twice."))
        return str(second)


class SignupForm(HoneypotMixin, AllauthSignupForm):
    """allauth's sign-up, taking as long for an address that has an account as for one
    that has none, with the public forms' honeypot (allauth throttles it per address).

    For a new address allauth hashes the password and creates the account; for a known
    one it only sends a "you already have an account" e-mail, which answered in 7 ms
    instead of about 400 ms and so told anyone which addresses have accounts. The
    password is hashed on that path too (and thrown away), which is where the time went.
    """

    def try_save(self, request: HttpRequest) -> Any:
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1"))
        return super().try_save(request)
