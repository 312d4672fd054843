"""Failed sign-ins lock the (account, address) pair under attack, and nothing else.

Everything goes through the real allauth sign-in form. Five failures for one account from
one address lock that pair: the sixth attempt is refused even with the right password.
The same address can still sign in to another account, and the same account can still
be signed in to from another address.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from jmdi.accounts.services import create_person

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("programme_once_per_module")]

PASSWORD = "correct-horse-battery"
WRONG = "wrong-horse-battery"
IP_1 = "198.51.100.1"
IP_2 = "203.0.113.2"
THROTTLED = "Too many failed login attempts. Try again later."
MISMATCH = "The email address and/or password you specified are not correct."


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def account_a():
    return create_person(
        actor=None,
        email="account.a@example.org",
        full_name="Account A",
        password=PASSWORD,
        verified=True,
    )


@pytest.fixture
def account_b():
    return create_person(
        actor=None,
        email="account.b@example.org",
        full_name="Account B",
        password=PASSWORD,
        verified=True,
    )


def sign_in(email: str, password: str, ip: str, client: Client | None = None):
    client = client or Client()
    response = client.post(
        "/accounts/login/", {"login": email, "password": password}, REMOTE_ADDR=ip
    )
    return client, response


def assert_signed_in(client: Client, response, user) -> None:
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == "/"
    assert client.session.get("_auth_user_id") == str(user.pk)


def assert_refused(client: Client, response, message: str) -> None:
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "_auth_user_id" not in client.session


def fail_five_times(email: str, ip: str) -> None:
    client = Client()
    for _ in range(5):
        _, response = sign_in(email, WRONG, ip, client)
        assert_refused(client, response, MISMATCH)


def test_the_right_password_signs_in(account_a):
    client, response = sign_in("account.a@example.org", PASSWORD, IP_1)
    assert_signed_in(client, response, account_a)


def test_four_failures_do_not_lock_the_account(account_a):
    client = Client()
    for _ in range(4):
        sign_in("account.a@example.org", WRONG, IP_1, client)
    client, response = sign_in("account.a@example.org", PASSWORD, IP_1)
    assert_signed_in(client, response, account_a)


def test_after_five_failures_the_sixth_attempt_is_refused_even_with_the_right_password(account_a):
    fail_five_times("account.a@example.org", IP_1)

    client, response = sign_in("account.a@example.org", PASSWORD, IP_1)

    assert_refused(client, response, THROTTLED)


def test_the_lock_ignores_the_case_of_the_address(account_a):
    fail_five_times("ACCOUNT.A@example.org", IP_1)

    client, response = sign_in("account.a@example.org", PASSWORD, IP_1)

    assert_refused(client, response, THROTTLED)


def test_another_account_can_still_sign_in_from_the_same_address(account_a, account_b):
    fail_five_times("account.a@example.org", IP_1)

    client, response = sign_in("account.b@example.org", PASSWORD, IP_1)

    assert_signed_in(client, response, account_b)


def test_the_same_account_can_still_sign_in_from_another_address(account_a):
    fail_five_times("account.a@example.org", IP_1)

    client, response = sign_in("account.a@example.org", PASSWORD, IP_2)

    assert_signed_in(client, response, account_a)
    # ...while the attacked pair stays locked.
    client, response = sign_in("account.a@example.org", PASSWORD, IP_1)
    assert_refused(client, response, THROTTLED)
