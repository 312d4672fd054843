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


# --- Keys a client cannot vary --------------------------------------------------------------

HOSTS = ["127.0.0.1:1", "127.0.0.1:2", "LOCALHOST", "localhost.", "127.0.0.1:08022", "testserver"]


@pytest.fixture
def any_host(settings):
    """Every host variant is allowed here, as a host-routing proxy might let through."""
    settings.ALLOWED_HOSTS = ["*"]


@pytest.mark.parametrize("host", HOSTS)
def test_after_five_failures_no_host_header_opens_a_fresh_count(any_host, account_a, host):
    fail_five_times("account.a@example.org", IP_1)

    client = Client()
    response = client.post(
        "/accounts/login/",
        {"login": "account.a@example.org", "password": PASSWORD},
        REMOTE_ADDR=IP_1,
        HTTP_HOST=host,
    )

    assert_refused(client, response, THROTTLED)


def test_failures_sent_with_varied_host_headers_all_count(any_host, account_a):
    client = Client()
    for host in HOSTS[:5]:
        client.post(
            "/accounts/login/",
            {"login": "account.a@example.org", "password": WRONG},
            REMOTE_ADDR=IP_1,
            HTTP_HOST=host,
        )
    client, response = sign_in("account.a@example.org", PASSWORD, IP_1)
    assert_refused(client, response, THROTTLED)


def test_spaces_around_the_address_do_not_open_a_fresh_count(account_a):
    fail_five_times("account.a@example.org", IP_1)
    client, response = sign_in("  Account.A@Example.org ", PASSWORD, IP_1)
    assert_refused(client, response, THROTTLED)


def test_one_address_cannot_spray_passwords_at_every_account(programme):
    """10 failures a minute from one client address, whatever the accounts: the 11th
    attempt is refused, even at an account never tried before, with its right password."""
    people = [
        create_person(
            actor=None,
            email=f"person{i}@example.org",
            full_name=f"Person {i}",
            password=PASSWORD,
            verified=True,
        )
        for i in range(6)
    ]
    client = Client()
    for person in people[:5]:
        for _ in range(2):
            _, response = sign_in(person.email, WRONG, IP_1, client)
            assert_refused(client, response, MISMATCH)

    client, response = sign_in(people[5].email, PASSWORD, IP_1)

    assert_refused(client, response, THROTTLED)
    # Another address is not affected.
    client, response = sign_in(people[5].email, PASSWORD, IP_2)
    assert_signed_in(client, response, people[5])


def test_sign_up_is_throttled_per_address(programme):
    statuses = []
    for i in range(21):
        response = Client().post(
            "/accounts/signup/",
            {"email": f"new{i}@example.org", "password1": "x", "password2": "y"},
            REMOTE_ADDR=IP_1,
        )
        statuses.append(response.status_code)
    assert 429 not in statuses[:20]
    assert statuses[20] == 429


def test_password_reset_is_throttled_per_address_and_per_account(account_a):
    statuses = [
        Client()
        .post("/accounts/password/reset/", {"email": "account.a@example.org"}, REMOTE_ADDR=IP_1)
        .status_code
        for _ in range(6)
    ]
    assert 429 not in statuses[:5]
    assert statuses[5] == 429


# --- Client addresses behind a proxy -----------------------------------------------------


def _sign_in_through_proxy(email: str, password: str, forwarded: str):
    client = Client()
    response = client.post(
        "/accounts/login/",
        {"login": email, "password": password},
        REMOTE_ADDR="10.0.0.1",  # the proxy
        HTTP_X_FORWARDED_FOR=forwarded,
    )
    return client, response


def test_with_one_trusted_proxy_two_clients_behind_it_are_throttled_apart(settings, account_a):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(5):
        _sign_in_through_proxy("account.a@example.org", WRONG, IP_1)

    client, response = _sign_in_through_proxy("account.a@example.org", PASSWORD, IP_2)
    assert_signed_in(client, response, account_a)
    client, response = _sign_in_through_proxy("account.a@example.org", PASSWORD, IP_1)
    assert_refused(client, response, THROTTLED)


def test_with_one_trusted_proxy_a_forged_extra_hop_changes_nothing(settings, account_a):
    """The attacker at IP_1 sends X-Forwarded-For: <random>; the proxy appends IP_1."""
    settings.TRUSTED_PROXY_COUNT = 1
    for i in range(5):
        _sign_in_through_proxy("account.a@example.org", WRONG, f"6.6.6.{i}, {IP_1}")

    client, response = _sign_in_through_proxy(
        "account.a@example.org", PASSWORD, f"203.0.113.77, {IP_1}"
    )
    assert_refused(client, response, THROTTLED)


def test_without_a_trusted_proxy_forwarding_headers_are_ignored(settings, account_a):
    settings.TRUSTED_PROXY_COUNT = 0
    client = Client()
    for i in range(5):
        client.post(
            "/accounts/login/",
            {"login": "account.a@example.org", "password": WRONG},
            REMOTE_ADDR=IP_1,
            HTTP_X_FORWARDED_FOR=f"6.6.6.{i}",
        )
    client, response = sign_in("account.a@example.org", PASSWORD, IP_1)
    assert_refused(client, response, THROTTLED)


def test_a_failed_sign_in_costs_one_password_hash(account_a, monkeypatch):
    """Two authentication backends meant two hashes per attempt (twice the work for the
    server, none more for the attacker)."""
    from django.contrib.auth.hashers import get_hasher

    hasher_class = type(get_hasher())
    calls = []
    original = hasher_class.verify
    monkeypatch.setattr(
        hasher_class, "verify", lambda self, *a, **k: calls.append(1) or original(self, *a, **k)
    )
    sign_in("account.a@example.org", WRONG, IP_1)
    assert len(calls) == 1
