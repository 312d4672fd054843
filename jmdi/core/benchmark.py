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
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from jmdi.core.plugins import BenchmarkPage, benchmark_pages, benchmark_user
from jmdi.core.roles import Role

#: The home page and the inbox belong to core; every other page is declared by its app's
#: plug-in.
HOME = BenchmarkPage("home", lambda: "/", default=True)
INBOX = BenchmarkPage("inbox", lambda: "/inbox/", default=True)
INBOX_COUNT = BenchmarkPage("inbox-count", lambda: "/inbox/count/")


def pages() -> dict[str, BenchmarkPage]:
    return {"home": HOME, "inbox": INBOX, "inbox-count": INBOX_COUNT, **benchmark_pages()}


def default_pages() -> list[str]:
    return [name for name, page in pages().items() if page.default]


@dataclass(frozen=True)
class Result:
    page: str
    role: str
    status: int
    p50_ms: float
    p95_ms: float
    queries: int
    requests: int


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    index = max(0, min(len(ordered) - 1, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def run(page_names: list[str], roles: list[str], requests: int, warmup: int) -> list[Result]:
    results = []
    known = pages()
    for role in roles:
        user = benchmark_user(role)
        client = Client()
        if user is not None:
            client.force_login(user)
        for page in page_names:
            path = known[page].path()
            form = known[page].form

            def fetch(
                client: Client = client,
                path: str = path,
                form: Callable[[], dict[str, str]] | None = form,
            ) -> Any:
                return client.post(path, form()) if form else client.get(path)

            for _ in range(warmup):
                fetch()
            timings = []
            status = 0
            with CaptureQueriesContext(connection) as ctx:
                response = fetch()
            queries = len(ctx.captured_queries)
            for _ in range(requests):
                start = time.perf_counter()
                response = fetch()
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
