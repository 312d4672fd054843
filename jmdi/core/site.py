"""Where the platform is reached, from the settings, never from the request.

A request's Host header is chosen by whoever sends it; a link built from it and e-mailed
to someone would point wherever the sender liked. Every absolute address the platform
writes into an e-mail comes from `JMDI_SITE_URL` instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings


@dataclass(frozen=True)
class Site:
    """Shaped like `django.contrib.sites`' Site, which allauth's e-mail templates read."""

    name: str
    domain: str
    url: str

    def __str__(self) -> str:
        return self.name


def current_site() -> Site:
    url = settings.JMDI_SITE_URL
    return Site(name=settings.JMDI_SITE_NAME, domain=urlsplit(url).netloc, url=url)


def absolute_url(path: str) -> str:
    """`/accounts/login/` -> `https://platform.example.org/accounts/login/`."""
    return settings.JMDI_SITE_URL + (path if path.startswith("/") else f"/{path}")


def on_site(url: str) -> str:
    """The same address with the configured scheme and host, whatever it was built with."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return url
    site = urlsplit(settings.JMDI_SITE_URL)
    return urlunsplit((site.scheme, site.netloc, parts.path, parts.query, parts.fragment))
