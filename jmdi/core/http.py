"""The client's address, as far as the deployment's settings say it can be trusted.

One function, used by the sign-in throttles and by the logs alike, so the address a
throttle counts is the address an operator reads.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(candidate: str | None) -> str | None:
    if not candidate:
        return None
    candidate = candidate.strip()
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str:
    """The address of the client that made `request`.

    - `TRUSTED_CLIENT_IP_HEADER` set: that header, which the proxy sets and strips from
      incoming requests.
    - `TRUSTED_PROXY_COUNT` = n > 0: the n-th entry from the end of X-Forwarded-For, the
      one written by the outermost trusted proxy. Entries before it were written by the
      client and are ignored, so a forged extra hop changes nothing. A request carrying
      fewer entries than that reached an inner proxy directly: its first entry, written
      by a trusted proxy, is used.
    - Neither: the TCP peer (`REMOTE_ADDR`); forwarding headers are ignored.
    """
    peer = _valid(request.META.get("REMOTE_ADDR")) or "0.0.0.0"
    header = settings.TRUSTED_CLIENT_IP_HEADER
    if header:
        return _valid(request.headers.get(header)) or peer
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = request.headers.get("X-Forwarded-For", "")
    if count > 0 and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",")]
        return _valid(hops[-min(count, len(hops))]) or peer
    return peer
