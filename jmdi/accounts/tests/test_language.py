"""The language a person chooses is kept on their account and follows them."""

from __future__ import annotations

import pytest
from django.test import Client

from conftest import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("programme_once_per_module")]


def _lang(response) -> str:
    html = response.content.decode()
    return html.split('<html lang="', 1)[1].split('"', 1)[0]


def test_choosing_a_language_signed_in_keeps_it_on_the_account(client_as, member):
    client = client_as("member")
    response = client.post("/i18n/setlang/", {"language": "ar", "next": "/"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.preferred_language == "ar"


def test_the_kept_language_applies_when_signing_in_from_another_browser(member):
    member.preferred_language = "ar"
    member.save(update_fields=["preferred_language"])
    elsewhere = Client()  # no language cookie: this browser would show English
    elsewhere.post("/accounts/login/", {"login": member.email, "password": PASSWORD})

    page = elsewhere.get("/programmes/jmdi-2/")

    assert _lang(page) == "ar"
    assert 'dir="rtl"' in page.content.decode()


def test_anonymous_visitors_switch_language_by_cookie_alone(client, programme):
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    assert response.status_code == 302
    assert _lang(client.get("/")) == "fr"


def test_an_unknown_language_changes_nothing(client_as, member):
    client_as("member").post("/i18n/setlang/", {"language": "xx", "next": "/"})
    member.refresh_from_db()
    assert member.preferred_language == ""


def test_a_pmu_invitee_sets_up_two_factor_right_after_the_invitation(
    client_as, pmu, settings, django_capture_on_commit_callbacks
):
    """The invitation proves the address, so an invited PMU officer needs no second,
    e-mailed enrolment link: setting the password leads to the TOTP set-up."""
    import re

    from django.core import mail

    from jmdi.accounts.models import Role
    from jmdi.accounts.tests.test_two_factor import add_totp, current_code

    settings.JMDI_REQUIRE_2FA_FOR_PMU = True
    inviter = client_as("pmu")
    secret = add_totp(pmu)
    inviter.post("/accounts/2fa/reauthenticate/?next=/", {"code": current_code(secret)})
    with django_capture_on_commit_callbacks(execute=True):
        inviter.post(
            "/people/add/",
            {
                "full_name": "New Officer",
                "email": "new.officer@example.org",
                "language": "en",
                "role": Role.PMU_OFFICER,
                "action": "give",
            },
        )
    link = re.search(
        r"https://platform\.jmdi\.test(/accounts/invitation/\S+/)", mail.outbox[-1].body
    )
    assert link, mail.outbox[-1].body

    invitee = Client()
    response = invitee.post(
        link.group(1), {"password1": "a-fresh-pass-phrase", "password2": "a-fresh-pass-phrase"}
    )

    assert response["Location"] == "/accounts/2fa/totp/activate/"
    # allauth asks for the password just set, then shows the set-up (no enrolment link).
    step = invitee.get("/accounts/2fa/totp/activate/")
    assert step["Location"].startswith("/accounts/reauthenticate/")
    invitee.post(step["Location"], {"password": "a-fresh-pass-phrase"})
    assert invitee.get("/accounts/2fa/totp/activate/").status_code == 200
    # Everything else stays closed until TOTP is set up.
    assert invitee.get("/people/")["Location"] == "/accounts/two-factor/"
