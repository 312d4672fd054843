"""Those who must sign in with a second factor cannot use the platform without it.

Applies to PMU officers, staff and superusers when `JMDI_REQUIRE_2FA_FOR_PMU` is on, on
every page they can reach, whichever way they signed in (the sign-in form, the admin's,
an e-mailed link): a session that has not completed a second factor sees only the pages
that let it complete one, or sign out.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

from jmdi.accounts import two_factor

# Reachable by everyone: signing out, changing language, help and privacy, the health check.
_ALWAYS = frozenset({"account_logout", "set_language", "core:health", "core:help", "core:privacy"})
# Someone with TOTP whose session has not used it yet: the TOTP step.
_TO_USE_IT = _ALWAYS | {"mfa_reauthenticate"}
# Someone without TOTP: ask for the e-mailed link, follow it, then set TOTP up (allauth
# first asks for the password again).
_TO_ENROL = _ALWAYS | {"two_factor:enrol", "two_factor:confirm_enrolment"}
_ONCE_THE_LINK_IS_USED = _TO_ENROL | {"account_reauthenticate", "mfa_activate_totp"}


class RequireTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        user = request.user
        if not two_factor.must_use_two_factor(user):
            return None
        match = request.resolver_match
        name = match.view_name if match is not None else None
        if two_factor.has_totp(user):  # type: ignore[arg-type]
            if two_factor.session_used_second_factor(request) or name in _TO_USE_IT:
                return None
            return redirect(_with_next(reverse("mfa_reauthenticate"), request))
        allowed = _ONCE_THE_LINK_IS_USED if two_factor.enrolment_allowed(request) else _TO_ENROL
        if name in allowed:
            return None
        return redirect(reverse("two_factor:enrol"))


def _with_next(url: str, request: HttpRequest) -> str:
    target = request.get_full_path()
    if request.method != "GET" or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    ):
        return url
    return f"{url}?{urlencode({'next': target})}"


class PreferredLanguageMiddleware:
    """The language kept on the account wins over the browser's, for whoever is signed
    in: someone who chose Arabic reads Arabic on any computer they sign in from."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        language = getattr(user, "preferred_language", "") if user is not None else ""
        if language and language in _LANGUAGES and user is not None and user.is_authenticated:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)


_LANGUAGES = frozenset(code for code, _name in settings.LANGUAGES)
