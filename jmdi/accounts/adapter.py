"""allauth adapter: throttles failed sign-ins per (address, account) pair."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal.ratelimit import get_ip
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        # allauth keys failed attempts on the account alone, so a stranger could lock
        # a colleague out from anywhere. Keying on the account *and* the client address
        # locks out only the pair under attack; tested in test_login_throttling.py.
        return f"{super()._get_login_attempts_cache_key(request, **credentials)}:{get_ip(request)}"
