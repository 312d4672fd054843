"""Public pages about the platform itself: privacy and help.

Both are readable without signing in (someone who cannot sign in needs help most).
The figures they quote come from the settings that enforce them, so the page cannot
promise something the platform does not do.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def _days(seconds: int) -> int:
    return max(timedelta(seconds=seconds).days, 1)


def privacy(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/privacy.html",
        {
            "contact_email": settings.JMDI_CONTACT_EMAIL,
            "session_days": _days(settings.SESSION_COOKIE_AGE),
            "language_cookie_days": _days(settings.LANGUAGE_COOKIE_AGE),
        },
    )


def help_page(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/help.html",
        {
            "contact_email": settings.JMDI_CONTACT_EMAIL,
            "pmu_must_use_two_factor": settings.JMDI_REQUIRE_2FA_FOR_PMU,
        },
    )
