"""The rate limit and the honeypot every public form of the M4D Net relies on."""

import pytest
from django import forms
from django.core.cache import cache
from django.test import RequestFactory

from jmdi.core.abuse import HoneypotMixin, Rate, rate_limit


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _request(address="203.0.113.5", user=None):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().post("/", REMOTE_ADDR=address)
    request.user = user or AnonymousUser()
    return request


def test_rates_read_as_count_over_a_window():
    assert Rate.parse("10/h") == Rate(10, 3600)
    assert Rate.parse("5/10m") == Rate(5, 600)
    with pytest.raises(ValueError, match="10/h"):
        Rate.parse("ten an hour")


def test_a_client_is_stopped_after_its_allowance_and_others_are_not():
    for _ in range(3):
        assert rate_limit.allow(_request(), "test:post", "3/h")
    assert not rate_limit.allow(_request(), "test:post", "3/h")
    assert rate_limit.allow(_request("198.51.100.7"), "test:post", "3/h")
    assert rate_limit.allow(_request(), "test:other", "3/h")


def test_a_forged_forwarded_for_header_is_not_a_fresh_allowance(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert rate_limit.allow(_request(), "test:post", "1/h")
    forged = _request()
    forged.META["HTTP_X_FORWARDED_FOR"] = "192.0.2.99"
    assert not rate_limit.allow(forged, "test:post", "1/h")


def test_the_refusal_says_what_to_do(rf):
    response = rate_limit.refused(_request())
    assert response.status_code == 429
    assert b"try again" in response.content


class _Form(HoneypotMixin, forms.Form):
    name = forms.CharField()


def test_a_filled_honeypot_is_refused_and_an_empty_one_passes():
    person = _Form({"name": "Aminata"})
    assert person.is_valid(), person.errors
    assert "website" not in person.cleaned_data
    robot = _Form({"name": "Aminata", "website": "http://spam.example"})
    assert not robot.is_valid()
    assert robot.non_field_errors().as_data()[0].code == "honeypot"


def test_the_honeypot_is_out_of_the_tab_order():
    html = str(_Form()["website"])
    assert 'tabindex="-1"' in html
    assert 'class="honeypot"' in html
