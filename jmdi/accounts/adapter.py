"""allauth adapter: throttle keys a client cannot vary, client addresses from the
settings, and e-mailed links built from the configured site address."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailConfirmation
from django.http import HttpRequest

from jmdi.core.http import client_address
from jmdi.core.site import current_site, on_site


def normalised_login(value: object) -> str:
    """The address someone signs in with, as the throttle counts it: trimmed, lower case."""
    return str(value or "").strip().lower()


class AccountAdapter(DefaultAccountAdapter):
    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        # allauth's own key starts with the request's Host header, which the client
        # chooses: every variant of it ("LOCALHOST", "127.0.0.1:7", a trailing dot) was a
        # fresh set of five attempts. Only the account and the client address go in, so
        # a stranger elsewhere cannot lock a colleague out either. (allauth hashes the key.)
        login = normalised_login(credentials.get("email", credentials.get("username")))
        return f"login:{login}:{client_address(request)}"

    def get_client_ip(self, request: HttpRequest) -> str:
        return client_address(request)

    def get_reset_password_from_key_url(self, key: str) -> str:
        return on_site(super().get_reset_password_from_key_url(key))

    def get_email_confirmation_url(
        self, request: HttpRequest, emailconfirmation: EmailConfirmation
    ) -> str:
        return on_site(super().get_email_confirmation_url(request, emailconfirmation))

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        # Every e-mail is sent through here. allauth builds some of its links from the
        # request (the sign-up and reset links in "account already exists", for one), so
        # any absolute address in the context is moved onto the configured site, and the
        # site's name and domain come from the settings too.
        from allauth.core import context as allauth_context

        values: dict[str, Any] = {"request": allauth_context.request, "email": email}
        values.update(
            {
                key: on_site(value) if isinstance(value, str) else value
                for key, value in context.items()
            }
        )
        values["current_site"] = current_site()
        self.render_mail(template_prefix, email, values).send()
