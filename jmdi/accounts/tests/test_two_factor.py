"""PMU officers must set up an authenticator app (TOTP) where the settings require it."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import generate_totp_secret
from allauth.mfa.utils import encrypt
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.usefixtures("programme_once_per_module")

TOTP_SETUP = reverse("mfa_activate_totp")
PROGRAMME_PAGES = [
    "/",
    "/programmes/jmdi-2/",
    "/programmes/jmdi-2/risks/",
    "/programmes/jmdi-2/history/",
    "/people/",
    "/directory/countries/",
]


@pytest.fixture
def require_2fa(settings):
    settings.JMDI_REQUIRE_2FA_FOR_PMU = True


def add_totp(user) -> Authenticator:
    """What allauth stores when someone activates TOTP: the secret, encrypted."""
    authenticator = Authenticator(
        user=user, type=Authenticator.Type.TOTP, data={"secret": encrypt(generate_totp_secret())}
    )
    authenticator.save()
    return authenticator


def test_the_totp_set_up_page_is_where_allauth_says():
    assert TOTP_SETUP == "/accounts/2fa/totp/activate/"


@pytest.mark.parametrize("page", PROGRAMME_PAGES)
def test_a_pmu_officer_without_totp_is_sent_to_set_it_up(require_2fa, client_as, page):
    response = client_as("pmu").get(page)
    assert response.status_code == 302
    assert response["Location"] == TOTP_SETUP


def test_posting_does_not_get_round_the_requirement(require_2fa, client_as, focal_ma):
    from jmdi.accounts.models import RoleAssignment

    response = client_as("pmu").post(f"/people/{focal_ma.pk}/", {"role": "member"})
    assert response.status_code == 302
    assert response["Location"] == TOTP_SETUP
    assert not RoleAssignment.objects.filter(user=focal_ma, role="member").exists()


@pytest.mark.parametrize(
    "page", ["/accounts/email/", "/accounts/2fa/", "/accounts/password/change/", "/health/"]
)
def test_a_pmu_officer_without_totp_can_still_reach_account_pages_and_health(
    require_2fa, client_as, page
):
    response = client_as("pmu").get(page)
    assert response.status_code == 200, response.get("Location")


def test_signing_in_leads_a_pmu_officer_to_the_totp_set_up_without_a_loop(require_2fa, pmu):
    """Sign in -> home -> TOTP set-up; allauth first asks for the password again (MFA
    changes need a fresh re-authentication), then shows the set-up form."""
    from conftest import PASSWORD

    client = Client()
    response = client.post(
        "/accounts/login/", {"login": pmu.email, "password": PASSWORD}, follow=True
    )
    reauthenticate = (
        f"{reverse('account_reauthenticate')}?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F"
    )
    assert response.redirect_chain == [("/", 302), (TOTP_SETUP, 302), (reauthenticate, 302)]
    assert response.status_code == 200

    response = client.post(reauthenticate, {"password": PASSWORD}, follow=True)

    assert response.redirect_chain == [(TOTP_SETUP, 302)]
    assert response.status_code == 200
    assert 'name="code"' in response.content.decode()  # the form to confirm the first code


def test_a_pmu_officer_without_totp_can_still_sign_out(require_2fa, client_as):
    client = client_as("pmu")
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert response["Location"] != TOTP_SETUP
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("page", PROGRAMME_PAGES)
def test_a_pmu_officer_with_totp_is_let_through(require_2fa, client_as, pmu, page):
    add_totp(pmu)
    assert client_as("pmu").get(page).status_code == 200


def test_recovery_codes_alone_are_not_enough(require_2fa, client_as, pmu):
    Authenticator.objects.create(
        user=pmu, type=Authenticator.Type.RECOVERY_CODES, data={"seed": "x", "used_mask": 0}
    )
    response = client_as("pmu").get("/programmes/jmdi-2/")
    assert response["Location"] == TOTP_SETUP


@pytest.mark.parametrize(
    "persona",
    ["focal_ma", "focal_sn", "reviewer_ma", "steering", "technical", "member", "outsider"],
)
def test_other_roles_are_never_redirected(require_2fa, client_as, persona):
    response = client_as(persona).get("/programmes/jmdi-2/")
    assert response.status_code == 200


def test_anonymous_visitors_are_not_redirected(require_2fa, client, programme):
    assert client.get("/programmes/jmdi-2/").status_code == 200


def test_a_revoked_pmu_officer_is_no_longer_redirected(require_2fa, client_as, pmu):
    from jmdi.accounts.models import RoleAssignment

    RoleAssignment.objects.filter(user=pmu).update(revoked_at="2026-01-01T00:00Z")
    assert client_as("pmu").get("/programmes/jmdi-2/").status_code == 200


@pytest.mark.parametrize("persona", ["pmu", "focal_ma"])
def test_without_the_setting_nobody_is_redirected(settings, client_as, persona):
    settings.JMDI_REQUIRE_2FA_FOR_PMU = False
    response = client_as(persona).get("/programmes/jmdi-2/")
    assert response.status_code == 200
