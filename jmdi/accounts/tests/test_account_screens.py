"""The sign-in and account screens (django-allauth's views, the platform's templates).

Each screen has one heading, a label above every field, no placeholder standing in for a
label, one primary button, sentence-case wording of the platform's own (none of
allauth's title-case defaults), an error summary that links to the field in error, and,
on the account pages, tabs that lead where they say and mark the page the reader is on.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import generate_totp_secret
from allauth.mfa.utils import encrypt
from django.core.cache import cache
from django.test import Client

from conftest import PASSWORD
from jmdi.core.tests.test_layout import links_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("programme_once_per_module")]

# allauth's own wording, which the platform's templates replace.
ALLAUTH_DEFAULTS = (
    "Sign In",
    "Sign Up",
    "Sign Out",
    "Remember Me",
    "Forgot your password?",
    "Forgot Password",
    "Password (again)",
    "Current Password",
    "New Password",
    "Reset My Password",
    "Change Password",
    "Set Password",
    "Email Addresses",
    "Add Email",
    "Make Primary",
    "Re-send Verification",
    "Two-Factor Authentication",
    "Authenticator App",
    "Activate Authenticator App",
    "Recovery Codes",
    "Download codes",
    "Generate new codes",
    "Confirm Access",
    "Menu:",
    "Messages:",
)

TABS = [
    ("/accounts/email/", "Email addresses"),
    ("/accounts/password/change/", "Password"),
    ("/accounts/2fa/", "Two-factor sign-in"),
]


class Screen(HTMLParser):
    """What the checks need from a page's <main>: headings, fields, labels, buttons."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.in_main = False
        self.h1: list[str] = []
        self.fields: list[dict[str, str | None]] = []
        self.label_targets: set[str] = set()
        self.primary: list[str] = []  # class="button" exactly: the page's main action
        self._h1: list[str] | None = None
        self._primary: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "main":
            self.in_main = True
        if not self.in_main:
            return
        if tag == "h1":
            self._h1 = []
        if tag == "label" and values.get("for"):
            self.label_targets.add(values["for"] or "")
        if tag in ("input", "select", "textarea") and values.get("type") not in (
            "hidden",
            "submit",
        ):
            self.fields.append(values)
        if tag in ("a", "button") and (values.get("class") or "").split() == ["button"]:
            self._primary = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self.in_main = False
        if tag == "h1" and self._h1 is not None:
            self.h1.append(" ".join("".join(self._h1).split()))
            self._h1 = None
        if tag in ("a", "button") and self._primary is not None:
            self.primary.append(" ".join("".join(self._primary).split()))
            self._primary = None

    def handle_data(self, data: str) -> None:
        for collector in (self._h1, self._primary):
            if collector is not None:
                collector.append(data)


def read(body: str) -> Screen:
    screen = Screen()
    screen.feed(body)
    screen.close()
    return screen


def assert_platform_screen(body: str, heading: str, primary: str | None) -> None:
    screen = read(body)
    assert screen.h1 == [heading]
    for text in ALLAUTH_DEFAULTS:
        assert text not in body, f"allauth's {text!r} is on the page"
    assert "placeholder=" not in body
    for field in screen.fields:
        assert field.get("id") in screen.label_targets, f"no label for {field}"
    assert screen.primary == ([primary] if primary else []), screen.primary


def add_totp(user) -> Authenticator:
    return Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": encrypt(generate_totp_secret())}
    )


@pytest.fixture
def signed_in(member) -> Client:
    """Signed in, and the password given again on the confirm-it-is-you screen, as the
    two-factor pages ask before any change. (Each test starts with no rate-limit count.)"""
    cache.clear()
    client = Client()
    response = client.post("/accounts/login/", {"login": member.email, "password": PASSWORD})
    assert response.status_code == 302
    response = client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert response.status_code == 302
    return client


# --- The screens on the way in ----------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "heading", "primary"),
    [
        ("/accounts/login/", "Sign in", "Sign in"),
        ("/accounts/signup/", "Create an account", "Create the account"),
        ("/accounts/password/reset/", "Reset your password", "Send me the link"),
        ("/accounts/password/reset/done/", "Check your email", None),
        ("/accounts/password/reset/key/1-not-a-key/", "This link no longer works", None),
        ("/privacy/", "Privacy", None),
    ],
)
def test_entrance_screens_use_the_platform_components_and_wording(client, path, heading, primary):
    body = client.get(path).content.decode()
    assert_platform_screen(body, heading, primary)
    assert 'class="tabs"' not in body


def test_the_sign_in_form_has_labels_above_fields_and_a_hint_for_staying_signed_in(client):
    body = client.get("/accounts/login/").content.decode()
    main = body.split("<main", 1)[1]
    assert main.index('<label for="id_login">Email address</label>') < main.index('name="login"')
    assert '<label for="id_remember">Keep me signed in on this device</label>' in main
    assert 'id="id_remember_helptext">Leave this unticked on a shared computer.' in main
    assert 'aria-describedby="id_remember_helptext"' in main


def test_a_wrong_password_is_summarised_at_the_top_keeps_the_address_and_signs_no_one_in(
    client, member
):
    response = client.post("/accounts/login/", {"login": member.email, "password": "wrong-one"})
    body = response.content.decode()
    assert response.status_code == 200
    summary = re.search(r'<div class="error-summary".*?</div>', body, re.DOTALL)
    assert summary, "no error summary"
    assert "There is a problem" in summary.group(0)
    assert f'value="{member.email}"' in body
    assert "_auth_user_id" not in client.session


def test_the_set_password_link_shows_the_set_password_form(client, member):
    key = default_token_generator.make_token(member)
    response = client.get(
        f"/accounts/password/reset/key/{user_pk_to_url_str(member)}-{key}/", follow=True
    )
    body = response.content.decode()
    assert_platform_screen(body, "Set your password", "Set the password")
    assert '<label for="id_password1">New password</label>' in body
    assert '<label for="id_password2">Confirm the new password</label>' in body

    response = client.post(
        response.redirect_chain[-1][0], {"password1": "a-new-pass-phrase", "password2": "other"}
    )
    body = response.content.decode()
    summary = re.search(r'<div class="error-summary".*?</div>', body, re.DOTALL)
    assert summary
    assert '<a href="#id_password2">Confirm the new password: ' in summary.group(0)
    member.refresh_from_db()
    assert member.check_password(PASSWORD), "a refused form changes nothing"


def test_the_two_factor_step_asks_for_the_code_in_the_platforms_words(client, member):
    add_totp(member)
    response = client.post("/accounts/login/", {"login": member.email, "password": PASSWORD})
    assert response["Location"] == "/accounts/2fa/authenticate/"
    body = client.get("/accounts/2fa/authenticate/").content.decode()
    assert_platform_screen(body, "Two-factor sign-in", "Sign in")
    assert 'inputmode="numeric"' in body
    assert 'autocomplete="one-time-code"' in body
    assert "recovery codes" in body


# --- The account pages -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "heading", "primary"),
    [
        ("/accounts/email/", "Email addresses", "Add the address"),
        ("/accounts/password/change/", "Change your password", "Change the password"),
        ("/accounts/2fa/", "Two-factor sign-in", "Set up two-factor sign-in"),
        ("/accounts/2fa/totp/activate/", "Set up two-factor sign-in", "Turn on two-factor sign-in"),
    ],
)
def test_account_screens_use_the_platform_components_and_wording(signed_in, path, heading, primary):
    response = signed_in.get(path)
    assert response.status_code == 200
    assert_platform_screen(response.content.decode(), heading, primary)


# path -> the tab that must be marked as the current page
CURRENT_TAB = {
    "/accounts/email/": "Email addresses",
    "/accounts/password/change/": "Password",
    "/accounts/2fa/": "Two-factor sign-in",
    "/accounts/2fa/totp/activate/": "Two-factor sign-in",
    "/accounts/2fa/recovery-codes/": "Two-factor sign-in",
}


@pytest.mark.parametrize(("path", "current"), list(CURRENT_TAB.items()))
def test_the_account_tabs_lead_where_they_say_and_mark_the_page_the_reader_is_on(
    signed_in, member, path, current
):
    if "recovery-codes" in path:
        add_totp(member)
        RecoveryCodes.activate(member)
    body = signed_in.get(path).content.decode()
    tabs = links_in(body, "tabs")
    assert [(href, label) for href, label, _ in tabs] == TABS
    assert [label for _href, label, marked in tabs if marked == "page"] == [current]


def test_a_person_without_a_password_sets_one_under_the_password_tab(member):
    member.set_unusable_password()
    member.save(update_fields=["password"])
    client = Client()
    client.force_login(member)
    body = client.get("/accounts/password/set/").content.decode()
    assert_platform_screen(body, "Set a password", "Set the password")
    tabs = links_in(body, "tabs")
    assert [label for _href, label, marked in tabs if marked == "page"] == ["Password"]


def test_changing_the_password_with_a_mismatch_names_the_field_and_changes_nothing(
    signed_in, member
):
    response = signed_in.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": "a-brand-new-one", "password2": "not-the-same"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert '<a href="#id_password2">Confirm the new password: ' in body
    member.refresh_from_db()
    assert member.check_password(PASSWORD)


def test_the_recovery_codes_page_says_to_store_them_offline_with_separate_actions(
    signed_in, member
):
    add_totp(member)
    codes = RecoveryCodes.activate(member).get_unused_codes()
    body = signed_in.get("/accounts/2fa/recovery-codes/").content.decode()
    assert_platform_screen(body, "Recovery codes", "Download the codes as a text file")
    assert "Store these codes somewhere safe and offline." in body
    for code in codes:
        assert f'<code class="secret">{code}</code>' in body
    actions = links_in(body, "button-group")
    assert [label for _href, label, _ in actions] == [
        "Download the codes as a text file",
        "Make new codes",
        "Back to two-factor sign-in",
    ]
    assert actions[0][0] == "/accounts/2fa/recovery-codes/download/"
    assert actions[1][0] == "/accounts/2fa/recovery-codes/generate/"


@pytest.mark.parametrize("language", ["fr", "es", "ar"])
def test_the_sign_in_screen_is_in_the_readers_language(client, language):
    client.cookies["jmdi_language"] = language
    body = client.get("/accounts/login/").content.decode()
    for english in ("Keep me signed in on this device", "Forgotten your password?"):
        assert english not in body
