"""Two-factor sign-in for those who must use it: who they are, whether this session used
a second factor, and enrolment that needs more than the password.

Whether a session used a second factor is what django-allauth records in the session
when someone completes a TOTP (or recovery-code) step: an authentication record with the
method "mfa". Having an authenticator is not enough: a password alone, through any way
in, must not open a page that needs the second factor.
"""

from __future__ import annotations

import time
from typing import Any

from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.crypto import constant_time_compare, salted_hmac

from jmdi.accounts.models import User
from jmdi.core.scopes import scopes_of
from jmdi.core.site import absolute_url, current_site

_TOKEN_SALT = "jmdi.accounts.two-factor-enrolment"
_SESSION_KEY = "jmdi_two_factor_enrolment"


def must_use_two_factor(user: User | AnonymousUser) -> bool:
    """PMU officers (superusers count as PMU) and staff, where the settings require it."""
    if not settings.JMDI_REQUIRE_2FA_FOR_PMU or not user.is_authenticated:
        return False
    return bool(user.is_staff or scopes_of(user).is_pmu)


def has_totp(user: User) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def session_used_second_factor(request: HttpRequest) -> bool:
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def record_second_factor(request: HttpRequest, user: User, authenticator: Authenticator) -> None:
    """Someone who has just activated TOTP entered a valid code from it: this session
    has used the second factor, as allauth would record after a TOTP step."""
    record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)


def _password_fingerprint(user: User) -> str:
    # Changing the password voids every link sent before (the hash changes, salt and all).
    return salted_hmac(_TOKEN_SALT, user.password, algorithm="sha256").hexdigest()[:20]


def enrolment_token(user: User) -> str:
    return signing.dumps({"user": user.pk, "pw": _password_fingerprint(user)}, salt=_TOKEN_SALT)


def read_enrolment_token(token: str, user: User) -> bool:
    try:
        data: dict[str, Any] = signing.loads(
            token, salt=_TOKEN_SALT, max_age=settings.JMDI_TWO_FACTOR_ENROLMENT_MAX_AGE
        )
    except signing.BadSignature:
        return False
    return data.get("user") == user.pk and constant_time_compare(
        str(data.get("pw", "")), _password_fingerprint(user)
    )


def send_enrolment_link(*, user: User) -> None:
    """E-mail the account holder a link that lets *their* signed-in session enrol."""
    link = absolute_url(reverse("two_factor:confirm_enrolment") + f"?token={enrolment_token(user)}")
    language = user.preferred_language or translation.get_language() or settings.LANGUAGE_CODE
    context = {
        "user": user,
        "link": link,
        "site": current_site(),
        "minutes": settings.JMDI_TWO_FACTOR_ENROLMENT_MAX_AGE // 60,
    }
    with translation.override(language):
        subject = render_to_string("accounts/email/two_factor_enrolment_subject.txt", context)
        body = render_to_string("accounts/email/two_factor_enrolment_message.txt", context)
    message = EmailMultiAlternatives(
        " ".join(subject.split()), body.strip(), settings.DEFAULT_FROM_EMAIL, [user.email]
    )
    message.send()


def allow_enrolment(request: HttpRequest) -> None:
    request.session[_SESSION_KEY] = {"user": request.user.pk, "at": time.time()}


def enrolment_allowed(request: HttpRequest) -> bool:
    value = request.session.get(_SESSION_KEY)
    if not isinstance(value, dict) or value.get("user") != request.user.pk:
        return False
    return time.time() - float(value.get("at", 0)) < settings.JMDI_TWO_FACTOR_ENROLMENT_MAX_AGE
