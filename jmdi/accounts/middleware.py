"""Two-factor authentication is required of PMU officers where the settings say so."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from jmdi.accounts.selectors import scopes_of

# Paths a PMU officer without TOTP can still reach: setting it up, signing out, static.
_ALLOWED_PREFIXES = ("/accounts/", "/static/", "/health/", "/i18n/")


class RequireTwoFactorForPMUMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            settings.JMDI_REQUIRE_2FA_FOR_PMU
            and request.user.is_authenticated
            and not request.path.startswith(_ALLOWED_PREFIXES)
            and scopes_of(request.user).is_pmu
            and not _has_totp(request)
        ):
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)


def _has_totp(request: HttpRequest) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=request.user, type=Authenticator.Type.TOTP).exists()
