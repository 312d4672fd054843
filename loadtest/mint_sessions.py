"""Signed-in sessions for the load check, minted before a run and revoked after it.

The sign-in form is throttled per client address (a security property the load check
must not switch off), so a hundred simulated people cannot all sign in through it from
127.0.0.1. Instead this script signs existing people in the way a finished sign-in does:
it creates a session in the configured session engine and calls
`django.contrib.auth.login()` on it (user id, backend and password hash in the session,
a new session key, `user_logged_in` sent). For PMU officers it first records, with
allauth's own function, what allauth records after a password and TOTP sign-in, having
given the officer a real TOTP authenticator if they had none. Then it writes the
session cookies, with what the locustfile needs to build its URLs, to a JSON file.

Run it with the same environment as the server (same SECRET_KEY, DATABASE_URL and, for
cache-backed sessions, REDIS_URL), or the server will not recognise the sessions:

    .venv/bin/python loadtest/mint_sessions.py mint --users 100 --out var/loadcheck/sessions.json
    .venv/bin/python loadtest/mint_sessions.py revoke var/loadcheck/sessions.json

`make loadcheck` does both around the run.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import random
import sys
from collections.abc import Iterator
from importlib import import_module
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from mix import LANGUAGES, sessions_needed  # noqa: E402

BACKEND = "allauth.account.auth_backends.AuthenticationBackend"
PAGE_SIZE = 50  # the directory's and the people pages' page size
PERSON_SAMPLE = 300


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def _holders(role: str) -> list[Any]:
    """Active holders of a role: their demo login first, then everyone else by id."""
    from jmdi.accounts.models import RoleAssignment

    assignments = (
        RoleAssignment.objects.filter(role=role, revoked_at__isnull=True, user__is_active=True)
        .select_related("user", "country")
        .order_by("user_id")
    )
    demo = [a for a in assignments[:50] if a.user.email.endswith("@demo.jmdi.example.org")]
    return demo or list(assignments[:1])


def _people_for(role: str, count: int) -> Iterator[tuple[Any, str]]:
    """(user, country code) for `count` sessions of a role.

    Members are many, so each session is a different member. Every other role has a few
    holders in the demo data; their sessions go round them, as one person signed in on
    several devices would.
    """
    from jmdi.accounts.models import RoleAssignment

    if role == "member":
        assignments = list(
            RoleAssignment.objects.filter(role=role, revoked_at__isnull=True, user__is_active=True)
            .select_related("user")
            .order_by("user_id")[:count]
        )
    else:
        assignments = _holders(role)
        if not assignments:
            raise SystemExit(
                f"No active person holds the role {role!r}: load the demo data first "
                "(manage.py loaddemo)."
            )
    for assignment in itertools.islice(itertools.cycle(assignments), count):
        yield assignment.user, str(assignment.country.code) if assignment.country else ""


def _totp_authenticator(user: Any) -> Any:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    return existing or TOTP.activate(user, generate_totp_secret()).instance


def _sign_in(user: Any, *, two_factor: bool) -> str:
    """A new session in which `user` has signed in; returns its cookie value."""
    from allauth.account.internal.flows.login import record_authentication
    from django.conf import settings
    from django.contrib.auth import login
    from django.http import HttpRequest

    request = HttpRequest()
    request.META.update({"REMOTE_ADDR": "127.0.0.1", "SERVER_NAME": "127.0.0.1"})
    request.session = import_module(settings.SESSION_ENGINE).SessionStore()
    record_authentication(request, user, method="password", email=user.email)
    if two_factor:
        authenticator = _totp_authenticator(user)
        record_authentication(request, user, method="mfa", id=authenticator.pk, type="totp")
    login(request, user, backend=BACKEND)
    request.session.save()
    return str(request.session.session_key)


def _site_facts() -> dict[str, Any]:
    """What the locustfile needs to build valid URLs on this data set."""
    from django.conf import settings
    from django.db.models import Count

    from jmdi.accounts.models import User
    from jmdi.directory.models import Contact, Country, Organisation

    countries = list(Country.objects.order_by("code").values_list("code", flat=True))
    organisations = dict(
        Organisation.objects.order_by()
        .values_list("country__code")
        .annotate(n=Count("pk"))
        .values_list("country__code", "n")
    )
    contacts = dict(
        Contact.objects.order_by()
        .values_list("organisation__country__code")
        .annotate(n=Count("pk"))
        .values_list("organisation__country__code", "n")
    )
    people = list(User.objects.values_list("pk", flat=True))
    sample = random.Random(2012).sample(people, min(PERSON_SAMPLE, len(people)))

    def pages(n: int) -> int:
        return max(1, math.ceil(n / PAGE_SIZE))

    return {
        "programme": settings.JMDI_DEFAULT_PROGRAMME,
        "countries": [str(c) for c in countries],
        "organisation_pages": {str(c): pages(organisations.get(c, 0)) for c in countries},
        "contact_pages": {str(c): pages(contacts.get(c, 0)) for c in countries},
        "people_pages": pages(len(people)),
        "people": sample,
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "language_cookie": settings.LANGUAGE_COOKIE_NAME,
    }


def mint(users: int, out: Path) -> None:
    _setup_django()
    from django.db import transaction

    facts = _site_facts()
    sessions: dict[str, list[dict[str, Any]]] = {}
    with transaction.atomic():
        for role, count in sessions_needed(users).items():
            sessions[role] = []
            languages = itertools.cycle(LANGUAGES)
            if role == "anonymous":
                sessions[role] = [{"language": next(languages)} for _ in range(count)]
                continue
            for user, country in _people_for(role, count):
                key = _sign_in(user, two_factor=role == "pmu_officer")
                sessions[role].append(
                    {"key": key, "user": user.pk, "country": country, "language": next(languages)}
                )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({**facts, "sessions": sessions}, indent=1))
    out.chmod(0o600)  # the file holds live session keys
    minted = sum(len(s) for r, s in sessions.items() if r != "anonymous")
    print(f"mint_sessions: {minted} signed-in sessions for {users} users written to {out}")


def revoke(path: Path) -> None:
    _setup_django()
    from django.conf import settings

    store = import_module(settings.SESSION_ENGINE).SessionStore
    data = json.loads(path.read_text())
    keys = [s["key"] for role in data["sessions"].values() for s in role if "key" in s]
    for key in keys:
        store(session_key=key).delete()
    path.unlink()
    print(f"mint_sessions: {len(keys)} sessions revoked; {path} removed")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    mint_parser = commands.add_parser("mint", help="sign people in and write the cookie file")
    mint_parser.add_argument("--users", type=int, default=100, help="simulated users (100)")
    mint_parser.add_argument("--out", type=Path, required=True, help="the cookie file to write")
    revoke_parser = commands.add_parser("revoke", help="end the sessions of a cookie file")
    revoke_parser.add_argument("file", type=Path)
    args = parser.parse_args()
    if args.command == "mint":
        if args.users < 1:
            parser.error("--users must be at least 1")
        mint(args.users, args.out)
    else:
        revoke(args.file)


if __name__ == "__main__":
    main()
