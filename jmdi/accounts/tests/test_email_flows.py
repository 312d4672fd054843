"""Sign-up needs a verified address; a forgotten password is reset by email (allauth)."""

import re

import pytest
from django.core import mail

from conftest import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("programme_once_per_module")]


def _link_in(message) -> str:
    match = re.search(r"https://platform\.jmdi\.test(/accounts/\S+)", message.body)
    assert match, message.body
    return match.group(1)


def test_a_new_member_must_verify_their_address_before_signing_in(client):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "new.member@example.org",
            "password1": "a-long-pass-phrase",
            "password2": "a-long-pass-phrase",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert len(mail.outbox) == 1

    # Not signed in yet: signing in sends them back to confirm.
    client.logout()
    response = client.post(
        "/accounts/login/", {"login": "new.member@example.org", "password": "a-long-pass-phrase"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session

    confirm = _link_in(mail.outbox[-1])
    client.post(confirm)
    response = client.post(
        "/accounts/login/", {"login": "new.member@example.org", "password": "a-long-pass-phrase"}
    )
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_a_forgotten_password_is_reset_through_the_emailed_link(client, member):
    response = client.post("/accounts/password/reset/", {"email": member.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [member.email]

    link = _link_in(mail.outbox[0])
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link
    response = client.post(
        form_url, {"password1": "a-brand-new-pass-phrase", "password2": "a-brand-new-pass-phrase"}
    )
    assert response.status_code == 302

    member.refresh_from_db()
    assert member.check_password("a-brand-new-pass-phrase")
    assert not member.check_password(PASSWORD)


def test_reset_for_an_unknown_address_sends_nothing_that_reveals_accounts(client):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    # allauth may send an "unknown account" notice, but never a reset link.
    assert all("/accounts/password/reset/key/" not in m.body for m in mail.outbox)


@pytest.mark.parametrize(
    "path", ["/accounts/email/", "/accounts/password/change/", "/accounts/2fa/"]
)
def test_account_pages_link_to_email_password_and_two_factor_set_up(client, member, path):
    client.force_login(member)
    body = client.get(path).content.decode()
    for target in ("/accounts/email/", "/accounts/password/change/", "/accounts/2fa/"):
        assert f'href="{target}"' in body
    assert body.count('aria-current="page"') == 1
