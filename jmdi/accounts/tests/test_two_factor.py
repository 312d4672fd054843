"""Those who must use a second factor (PMU officers, staff, superusers, where the
settings say so) cannot use the platform with a password alone, whichever way in.

Tests sign in through the real forms wherever a way in is under test; `force_login`
stands for any other way a session could come to be signed in (an e-mailed link, a
future sign-in method): the rule is on the session, not on the door it came through.
"""

from __future__ import annotations

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD
from jmdi.accounts.models import RoleAssignment

pytestmark = pytest.mark.usefixtures("programme_once_per_module")

ENROL = reverse("two_factor:enrol")
TOTP_SETUP = reverse("mfa_activate_totp")
TOTP_STEP = reverse("mfa_reauthenticate")
#: Pages only a PMU officer opens, and the personal data on one of them.
PMU_PAGES = [
    "/",
    "/programmes/jmdi-2/",
    "/programmes/jmdi-2/risks/",
    "/programmes/jmdi-2/history/",
    "/people/",
    "/people/add/",
    "/directory/countries/",
    "/directory/countries/MA/contacts/",
    "/admin/",
]


@pytest.fixture(autouse=True)
def require_2fa(settings):
    settings.JMDI_REQUIRE_2FA_FOR_PMU = True
    cache.clear()  # throttles and used TOTP codes
    yield
    cache.clear()


def add_totp(user) -> str:
    """What allauth stores when someone activates TOTP; returns the secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def current_code(secret: str) -> str:
    """The code an authenticator app shows now.

    allauth yields the accepted counters oldest first; the oldest one stops
    being accepted as soon as the period turns, so a test that took it a
    moment before a turn failed. The middle one stays good for a full period.
    """
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def sign_in_with_password(client: Client, user, url: str = "/accounts/login/"):
    return client.post(url, {"login": user.email, "password": PASSWORD})


def assert_not_let_in(response, to: str) -> None:
    assert response.status_code == 302, response.status_code
    assert response["Location"].startswith(to), response["Location"]


# --- With TOTP: the password alone opens nothing ------------------------------------------


def test_signing_in_with_the_password_alone_stops_at_the_totp_step(pmu):
    add_totp(pmu)
    client = Client()
    response = sign_in_with_password(client, pmu)

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    for page in PMU_PAGES[4:]:
        response = client.get(page)
        assert response.status_code == 302
        assert response["Location"].startswith(("/accounts/login/", "/admin/login/"))


def test_the_admin_sign_in_is_the_platform_sign_in(pmu):
    """/admin/login/ no longer checks passwords itself: it sends people to allauth's form,
    with its throttles and second factor. A password posted to it signs no one in."""
    pmu.is_staff = True
    pmu.save(update_fields=["is_staff"])
    add_totp(pmu)
    client = Client()

    response = client.post("/admin/login/", {"username": pmu.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert "_auth_user_id" not in client.session
    assert_not_let_in(client.get("/admin/"), "/admin/login/")


def test_the_admin_sign_in_shows_no_password_form():
    response = Client().get("/admin/login/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/login/")
    assert b'name="username"' not in response.content


@pytest.mark.parametrize("page", PMU_PAGES)
def test_a_session_that_skipped_the_second_factor_opens_no_pmu_page(client, pmu, page):
    pmu.is_staff = True  # the admin too
    pmu.save(update_fields=["is_staff"])
    add_totp(pmu)
    client.force_login(pmu)

    response = client.get(page)

    assert_not_let_in(response, TOTP_STEP)
    assert b"@" not in response.content  # no contact, no person, nothing of the page


def test_posting_does_not_get_round_the_requirement(client, pmu):
    add_totp(pmu)
    client.force_login(pmu)

    response = client.post("/people/add/", {"full_name": "Intruder", "email": "x@example.org"})

    assert_not_let_in(response, TOTP_STEP)
    from jmdi.accounts.models import User

    assert not User.objects.filter(email="x@example.org").exists()


def test_the_totp_step_lets_the_session_through_and_back_to_the_page(client, pmu):
    secret = add_totp(pmu)
    client.force_login(pmu)
    response = client.get("/people/")
    assert response["Location"] == f"{TOTP_STEP}?next=%2Fpeople%2F"

    response = client.post(response["Location"], {"code": current_code(secret)})

    assert response.status_code == 302
    assert response["Location"] == "/people/"
    assert client.get("/people/").status_code == 200


def test_signing_in_with_password_and_code_opens_every_pmu_page(pmu):
    secret = add_totp(pmu)
    client = Client()
    sign_in_with_password(client, pmu)
    response = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert response.status_code == 302
    for page in PMU_PAGES[:-1]:  # not /admin/: this PMU officer is not staff
        assert client.get(page).status_code == 200, page


def test_a_wrong_code_does_not_count(client, pmu):
    add_totp(pmu)
    client.force_login(pmu)
    response = client.post(f"{TOTP_STEP}?next=/people/", {"code": "000000"})
    assert response.status_code == 200
    assert_not_let_in(client.get("/people/"), TOTP_STEP)


def test_recovery_codes_alone_are_not_an_authenticator_to_skip_enrolment(client, pmu):
    Authenticator.objects.create(
        user=pmu, type=Authenticator.Type.RECOVERY_CODES, data={"seed": "x", "used_mask": 0}
    )
    client.force_login(pmu)
    assert_not_let_in(client.get("/programmes/jmdi-2/"), ENROL)


# --- Without TOTP: enrolling needs the e-mailed link ------------------------------------


@pytest.mark.parametrize("page", [*PMU_PAGES, TOTP_SETUP, "/accounts/2fa/", "/accounts/email/"])
def test_a_pmu_officer_without_totp_is_sent_to_enrol(client, pmu, page):
    client.force_login(pmu)
    assert_not_let_in(client.get(page), ENROL)


def test_the_password_alone_cannot_enrol_an_authenticator(client, pmu):
    """An attacker who knows the password cannot register their own authenticator:
    the set-up page stays closed until the link mailed to the account holder is used."""
    client.force_login(pmu)
    assert_not_let_in(client.get(TOTP_SETUP), ENROL)
    response = client.post(TOTP_SETUP, {"code": "123456"})
    assert_not_let_in(response, ENROL)
    assert not Authenticator.objects.filter(user=pmu).exists()


def _enrolment_link(client: Client, pmu) -> str:
    mail.outbox.clear()
    response = client.post(ENROL)
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[pmu.email]]
    match = re.search(
        r"https://platform\.jmdi\.test(/accounts/two-factor/confirm/\S+)", mail.outbox[0].body
    )
    assert match, mail.outbox[0].body
    return match.group(1)


def test_the_mailed_link_opens_the_totp_set_up_for_this_session(client, pmu):
    client.force_login(pmu)
    link = _enrolment_link(client, pmu)

    page = client.get(link)
    assert page.status_code == 200
    token = re.search(r'name="token" value="([^"]+)"', page.content.decode()).group(1)
    response = client.post(reverse("two_factor:confirm_enrolment"), {"token": token})

    assert response["Location"] == TOTP_SETUP
    # allauth asks for the password again before any change to the second factor.
    response = client.get(TOTP_SETUP)
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    client.post(response["Location"], {"password": PASSWORD})
    assert client.get(TOTP_SETUP).status_code == 200


def test_activating_totp_counts_as_using_it_and_tells_the_account_holder(
    client, pmu, django_capture_on_commit_callbacks
):
    client.force_login(pmu)
    link = _enrolment_link(client, pmu)
    token = link.split("token=")[1]
    client.post(reverse("two_factor:confirm_enrolment"), {"token": token})
    client.post(client.get(TOTP_SETUP)["Location"], {"password": PASSWORD})
    client.get(TOTP_SETUP)  # puts the secret to scan in the session
    secret = client.session["mfa.totp.secret"]
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(TOTP_SETUP, {"code": current_code(secret)})

    assert response.status_code == 302
    assert Authenticator.objects.filter(user=pmu, type=Authenticator.Type.TOTP).exists()
    assert client.get("/people/").status_code == 200
    assert [m.to for m in mail.outbox] == [[pmu.email]]
    assert "authenticator" in mail.outbox[0].subject.lower()


def test_removing_the_authenticator_tells_the_account_holder(client, pmu):
    secret = add_totp(pmu)
    client.force_login(pmu)
    client.post(f"{TOTP_STEP}?next=/", {"code": current_code(secret)})
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    mail.outbox.clear()

    response = client.post(reverse("mfa_deactivate_totp"))

    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=pmu, type=Authenticator.Type.TOTP).exists()
    assert [m.to for m in mail.outbox] == [[pmu.email]]


def test_a_link_sent_to_someone_else_does_not_work(client, pmu, focal_ma):
    from jmdi.accounts.two_factor import enrolment_token

    client.force_login(pmu)
    response = client.post(
        reverse("two_factor:confirm_enrolment"), {"token": enrolment_token(focal_ma)}
    )
    assert response.status_code == 400
    assert_not_let_in(client.get(TOTP_SETUP), ENROL)


def test_an_expired_link_does_not_work(client, pmu, settings):
    client.force_login(pmu)
    link = _enrolment_link(client, pmu)
    settings.JMDI_TWO_FACTOR_ENROLMENT_MAX_AGE = -1
    response = client.post(
        reverse("two_factor:confirm_enrolment"), {"token": link.split("token=")[1]}
    )
    assert response.status_code == 400
    assert_not_let_in(client.get(TOTP_SETUP), ENROL)


def test_a_password_change_voids_the_links_sent_before(client, pmu):
    client.force_login(pmu)
    link = _enrolment_link(client, pmu)
    pmu.set_password("another-long-pass-phrase")
    pmu.save()
    client.force_login(pmu)
    response = client.post(
        reverse("two_factor:confirm_enrolment"), {"token": link.split("token=")[1]}
    )
    assert response.status_code == 400


def test_links_are_not_sent_without_end(client, pmu):
    client.force_login(pmu)
    for _ in range(3):
        client.post(ENROL)
    client.post(ENROL)
    assert len(mail.outbox) == 3


def test_a_pmu_officer_without_totp_can_still_sign_out(client, pmu):
    client.force_login(pmu)
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


# --- Who the rule applies to --------------------------------------------------------------


@pytest.mark.parametrize("kind", ["staff", "superuser"])
def test_staff_and_superusers_must_use_it_too(client, outsider, kind):
    setattr(outsider, f"is_{kind}", True)
    if kind == "superuser":
        outsider.is_staff = True
    outsider.save()
    client.force_login(outsider)
    assert_not_let_in(client.get("/admin/"), ENROL)


@pytest.mark.parametrize(
    "persona",
    ["focal_ma", "focal_sn", "reviewer_ma", "steering", "technical", "member", "outsider"],
)
def test_other_roles_are_never_redirected(client_as, persona):
    assert client_as(persona).get("/programmes/jmdi-2/").status_code == 200


def test_anonymous_visitors_are_not_redirected(client, programme):
    assert client.get("/programmes/jmdi-2/").status_code == 200


def test_a_revoked_pmu_officer_is_no_longer_redirected(client_as, pmu):
    RoleAssignment.objects.filter(user=pmu).update(revoked_at="2026-01-01T00:00Z")
    assert client_as("pmu").get("/programmes/jmdi-2/").status_code == 200


@pytest.mark.parametrize("persona", ["pmu", "focal_ma"])
def test_without_the_setting_nobody_is_redirected(settings, client_as, persona):
    settings.JMDI_REQUIRE_2FA_FOR_PMU = False
    assert client_as(persona).get("/programmes/jmdi-2/").status_code == 200


def test_a_signed_in_person_who_is_not_staff_is_refused_by_the_admin(client_as):
    settings_off = client_as("focal_ma")
    assert settings_off.get("/admin/login/").status_code == 403


# --- Secrets at rest --------------------------------------------------------------------


def test_totp_secrets_are_stored_encrypted_and_still_work(pmu):
    secret = add_totp(pmu)
    stored = Authenticator.objects.get(user=pmu, type=Authenticator.Type.TOTP).data["secret"]
    assert secret not in stored
    assert stored.startswith("fernet:")
    client = Client()
    sign_in_with_password(client, pmu)
    response = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(pmu.pk)


def test_a_rotated_secret_key_still_reads_the_stored_secrets(pmu, settings):
    from allauth.mfa.utils import decrypt

    secret = add_totp(pmu)
    stored = Authenticator.objects.get(user=pmu, type=Authenticator.Type.TOTP).data["secret"]
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-after-rotation-" + "x" * 30
    assert decrypt(stored) == secret


def test_secrets_stored_before_encryption_are_still_read(pmu):
    from allauth.mfa.utils import decrypt

    assert decrypt("JBSWY3DPEHPK3PXP") == "JBSWY3DPEHPK3PXP"


@pytest.mark.parametrize("page", ["/help/", "/privacy/"])
def test_help_and_privacy_stay_open_to_those_setting_up_two_factor(client, pmu, page):
    client.force_login(pmu)
    assert client.get(page).status_code == 200
