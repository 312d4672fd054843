"""Plumbing middleware: compression that spares secret pages, and request logs."""

from __future__ import annotations

import structlog
from django.http import HttpRequest, HttpResponseBase
from django.middleware.gzip import GZipMiddleware as DjangoGZipMiddleware
from django_structlog.middlewares import RequestMiddleware

from jmdi.core.http import client_address

#: Pages that show a secret (recovery codes, a TOTP secret). Compressing a page that holds
#: a secret next to anything the request reflects (the `next` address in every page's
#: language form) lets an observer recover the secret from response sizes (BREACH).
UNCOMPRESSED_URL_NAMES = frozenset(
    {
        "mfa_activate_totp",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_download_recovery_codes",
    }
)


class GZipMiddleware(DjangoGZipMiddleware):
    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        match = getattr(request, "resolver_match", None)
        if match is not None and match.url_name in UNCOMPRESSED_URL_NAMES:
            return response
        return super().process_response(request, response)


class RequestLogMiddleware(RequestMiddleware):
    """django-structlog's request logs, with the client address the throttles use
    (its own reads X-Forwarded-For from anyone)."""

    @classmethod
    def bind_ip(cls, request: HttpRequest) -> None:
        structlog.contextvars.bind_contextvars(ip=client_address(request))
