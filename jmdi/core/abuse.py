"""Defences for the public forms of the M4D Net: a rate limit counted in the shared cache,
and a honeypot field that people never see and robots fill in.

Both are one call in a view or a form, so every public form uses the same ones:

    if not rate_limit.allow(request, "community:post", "10/h"):
        return rate_limit.refused(request)

    class SupportRequestForm(HoneypotMixin, forms.ModelForm): ...

A limit is counted per signed-in account when there is one, otherwise per client address
(jmdi.core.http.client_address, which honours only the trusted proxies). The windows are
fixed (the count starts at the first request and lasts the window), which is enough to
stop a flood without storing a list of timestamps.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from jmdi.core.http import client_address

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> Rate:
        """'10/h', '5/10m', '100/d'."""
        count, _, period = text.partition("/")
        digits = period[:-1] or "1"
        if not count.isdigit() or period[-1:] not in _UNITS or not digits.isdigit():
            raise ValueError(f"A rate reads like '10/h' or '5/10m', not {text!r}.")
        return cls(int(count), int(digits) * _UNITS[period[-1]])


def _who(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"ip:{client_address(request)}"


def _key(scope: str, who: str) -> str:
    digest = hashlib.sha256(f"{scope}|{who}".encode()).hexdigest()[:32]
    return f"jmdi:rate:{digest}"


class RateLimit:
    def allow(self, request: HttpRequest, scope: str, rate: str, *, who: str = "") -> bool:
        """Count one more action of `scope` by this client, and say whether it is within
        `rate`. `who` replaces the client's identity (for example an e-mail address)."""
        limit = Rate.parse(rate)
        key = _key(scope, who or _who(request))
        cache.add(key, 0, timeout=limit.seconds)
        try:
            used = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=limit.seconds)
            used = 1
        return used <= limit.count

    def refused(self, request: HttpRequest) -> HttpResponse:
        """The page shown instead of the action: 429, with what to do."""
        return render(request, "core/rate_limited.html", status=429)


rate_limit = RateLimit()


class HoneypotMixin(forms.Form):
    """Adds a field hidden from people (off-screen, out of the tab order, labelled "leave
    empty" for screen readers) that automated form fillers tend to fill. A filled one is a
    form error that names nothing a robot could learn from."""

    honeypot_name = "website"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[self.honeypot_name] = forms.CharField(
            label=_("Leave this field empty"),
            required=False,
            widget=forms.TextInput(
                attrs={"class": "honeypot", "tabindex": "-1", "autocomplete": "off"}
            ),
        )

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        if cleaned.get(self.honeypot_name):
            raise forms.ValidationError(
                _("This form could not be sent. Please try again."), code="honeypot"
            )
        cleaned.pop(self.honeypot_name, None)
        return cleaned
