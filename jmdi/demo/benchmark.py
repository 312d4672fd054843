"""Server-side timing and query counts of named pages, as given roles.

Not a test: it measures whatever database the settings point at (DATABASE_URL), so run
it against the data set you want, e.g. after `manage.py generatedata --scale large`.
Requests go through the whole Django stack in-process (middleware, views, templates),
which is the server time a web process spends on a page, without network or browser.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from jmdi.accounts.models import Role, RoleAssignment, User
from jmdi.directory.models import Country


def _programme_page(suffix: str) -> Callable[[], str]:
    return lambda: f"/programmes/{settings.JMDI_DEFAULT_PROGRAMME}/{suffix}"


def _first_country() -> str:
    country = Country.objects.order_by("code").values_list("code", flat=True).first()
    return str(country or "MA")


PAGES: dict[str, Callable[[], str]] = {
    "home": lambda: "/",
    "overview": _programme_page(""),
    "results": _programme_page("results/"),
    "results-country": lambda: (
        f"/programmes/{settings.JMDI_DEFAULT_PROGRAMME}/results/?country={_first_country()}"
    ),
    "workplan": _programme_page("work-plan/"),
    "budget": _programme_page("budget/"),
    "risks": _programme_page("risks/"),
    "history": _programme_page("history/"),
    "people": lambda: "/people/",
    "countries": lambda: "/directory/countries/",
    "country": lambda: f"/directory/countries/{_first_country()}/",
    "contacts": lambda: f"/directory/countries/{_first_country()}/contacts/",
}
DEFAULT_PAGES = ["home", "overview", "results", "results-country", "workplan", "budget", "risks"]


@dataclass(frozen=True)
class Result:
    page: str
    role: str
    status: int
    p50_ms: float
    p95_ms: float
    queries: int
    requests: int


def user_for(role: str) -> User | None:
    if role == "anonymous":
        return None
    assignment = (
        RoleAssignment.objects.filter(role=role, revoked_at__isnull=True, user__is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if assignment is None:
        raise LookupError(
            f"No active user holds the role {role!r}; load the demo data first (manage.py loaddemo)."
        )
    return assignment.user


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    index = max(0, min(len(ordered) - 1, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def run(pages: list[str], roles: list[str], requests: int, warmup: int) -> list[Result]:
    results = []
    for role in roles:
        user = user_for(role)
        client = Client()
        if user is not None:
            client.force_login(user)
        for page in pages:
            path = PAGES[page]()
            for _ in range(warmup):
                client.get(path)
            timings = []
            status = 0
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(path)
            queries = len(ctx.captured_queries)
            for _ in range(requests):
                start = time.perf_counter()
                response = client.get(path)
                timings.append((time.perf_counter() - start) * 1000)
                status = response.status_code
            results.append(
                Result(
                    page,
                    role,
                    status,
                    statistics.median(timings),
                    percentile(timings, 0.95),
                    queries,
                    requests,
                )
            )
    return results


ROLE_CHOICES = ["anonymous", *Role.values]
