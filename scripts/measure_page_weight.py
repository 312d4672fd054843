#!/usr/bin/env python
"""Bytes a browser downloads per page: first visit (empty cache) and a second visit.

Budget: at most 150 KB on a first visit and 30 KB on a cached visit (1 KB = 1024 bytes).
The script starts nothing: it measures a server that is already running, with Debian's
Chromium driven by Playwright. For each language and each path it opens a fresh browser
context (so an empty cache), loads the page, then loads it again in the same context.
Every response is counted from Chromium's own network events (Chrome DevTools Protocol):

* "body" is the response bodies as they came over the wire, compressed where the server
  compressed them: the figure the budget is about;
* "wire" adds the response headers, i.e. what DevTools shows as "transferred".

Responses served from the browser's cache count as 0 bytes.

Measure production-like behaviour: whitenoise serves the collected, hashed, compressed
static files with a one-year cache lifetime only when JMDI_ENV=production. gunicorn is
not needed: with DEBUG off, `runserver --nostatic` leaves /static/ to whitenoise. (Not
`--insecure`: runserver would then serve /static/ itself, uncompressed and uncached, and
answer 404 for the hashed names the production pages use.) Production also
redirects to HTTPS and sends HSTS; both are switched off below for a plain-HTTP local
server (Chromium accepts the production Secure cookies on 127.0.0.1 and localhost).
Use a throw-away database and static root so nothing of the development setup changes:

    export JMDI_ENV=production SECRET_KEY=measure-only ALLOWED_HOSTS=127.0.0.1,localhost \\
           SECURE_SSL_REDIRECT=false SECURE_HSTS_SECONDS=0 \\
           DATABASE_URL=sqlite:////tmp/jmdi-weight/db.sqlite3 STATIC_ROOT=/tmp/jmdi-weight/static
    mkdir -p /tmp/jmdi-weight
    .venv/bin/python manage.py migrate --no-input -v 0
    .venv/bin/python manage.py loadprogramme programmes/jmdi-phase-2.yaml
    .venv/bin/python manage.py collectstatic --no-input -v 0
    .venv/bin/python manage.py runserver --nostatic --noreload 127.0.0.1:8001 &
    .venv/bin/python scripts/measure_page_weight.py --base-url http://127.0.0.1:8001

(Compile the translations first, `manage.py compilemessages`, for Arabic pages in Arabic.)
Without arguments it measures the home page and the public programme pages of
http://127.0.0.1:8000 in English and Arabic; `--path` (repeatable) and `--language` choose
others. The language is chosen as a first-time visitor's browser would: Accept-Language.
It exits 1 when a page is over budget, 2 when a page does not load.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# The repository root, so that the browser settings shared with the tests import.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS

DEFAULT_PATHS = [
    "/",
    "/programmes/jmdi-2/",
    "/programmes/jmdi-2/results/",
    "/programmes/jmdi-2/work-plan/",
    "/programmes/jmdi-2/budget/",
]
FIRST_VISIT_BUDGET = 150 * 1024
CACHED_VISIT_BUDGET = 30 * 1024


@dataclass
class Transfer:
    url: str = ""
    status: int = 0
    data: int = 0  # the sum of Network.dataReceived (not reported for every response)
    headers: int | None = None  # raw response header bytes, when Chromium gives them
    wire: int = 0
    from_cache: bool = False
    failed: bool = False

    @property
    def body(self) -> int:
        if self.headers is not None:
            return max(self.wire - self.headers, 0)
        return self.data


@dataclass
class Visit:
    transfers: dict[str, Transfer] = field(default_factory=dict)

    @property
    def body(self) -> int:
        return sum(t.body for t in self.transfers.values())

    @property
    def wire(self) -> int:
        return sum(t.wire for t in self.transfers.values())

    @property
    def requests(self) -> int:
        return sum(1 for t in self.transfers.values() if not t.from_cache)


def visit(page: Any, cdp: Any, url: str) -> Visit:
    """Load `url` once and add up what came over the network for it."""
    record = Visit()

    def transfer(params: dict[str, Any]) -> Transfer:
        return record.transfers.setdefault(params["requestId"], Transfer())

    def on_response(params: dict[str, Any]) -> None:
        t = transfer(params)
        t.url = params["response"]["url"]
        t.status = params["response"]["status"]
        t.from_cache = t.from_cache or bool(
            params["response"].get("fromDiskCache") or params["response"].get("fromPrefetchCache")
        )

    def on_headers(params: dict[str, Any]) -> None:
        if params.get("headersText"):
            transfer(params).headers = len(params["headersText"].encode("latin-1", "replace"))

    def on_data(params: dict[str, Any]) -> None:
        transfer(params).data += params.get("encodedDataLength", 0)

    def on_finished(params: dict[str, Any]) -> None:
        transfer(params).wire = int(params.get("encodedDataLength", 0))

    def on_cached(params: dict[str, Any]) -> None:
        transfer(params).from_cache = True

    def on_failed(params: dict[str, Any]) -> None:
        transfer(params).failed = True

    handlers = {
        "Network.responseReceived": on_response,
        "Network.responseReceivedExtraInfo": on_headers,
        "Network.dataReceived": on_data,
        "Network.loadingFinished": on_finished,
        "Network.requestServedFromCache": on_cached,
        "Network.loadingFailed": on_failed,
    }
    for event, handler in handlers.items():
        cdp.on(event, handler)
    try:
        response = page.goto(url, wait_until="networkidle")
    finally:
        for event, handler in handlers.items():
            cdp.remove_listener(event, handler)
    if response is None or not response.ok:
        status = response.status if response is not None else "no response"
        raise RuntimeError(f"{url} answered {status}")
    for t in record.transfers.values():
        if t.from_cache:
            t.data = t.wire = 0
            t.headers = None
    return record


def kb(n: int) -> str:
    return f"{n / 1024:6.1f} KB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--path", action="append", dest="paths", help="repeatable")
    parser.add_argument("--language", action="append", dest="languages", help="repeatable")
    parser.add_argument("--details", action="store_true", help="list every response")
    args = parser.parse_args(argv)
    base = args.base_url.rstrip("/")
    paths = args.paths or DEFAULT_PATHS
    languages = args.languages or ["en", "ar"]

    if not CHROMIUM.exists():
        print("Needs Debian's Chromium at /usr/bin/chromium (apt-get install chromium).")
        return 2
    from playwright.sync_api import sync_playwright

    over_budget = False
    with sync_playwright() as playwright:
        print(
            f"{'page':38} {'lang':4} | {'first visit (body / wire, requests)':37}"
            f" | {'second visit (body / wire, requests)':37}"
        )
        for language in languages:
            for path in paths:
                # A new browser each time: Chromium asks for /favicon.ico once per browser.
                browser = playwright.chromium.launch(
                    executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
                )
                context = browser.new_context(locale=language)
                page = context.new_page()
                cdp = context.new_cdp_session(page)
                cdp.send("Network.enable")
                try:
                    first = visit(page, cdp, base + path)
                    second = visit(page, cdp, base + path)
                except RuntimeError as exc:
                    print(f"error: {exc}")
                    return 2
                finally:
                    context.close()
                    browser.close()
                flags = []
                if first.body > FIRST_VISIT_BUDGET:
                    flags.append("FIRST VISIT OVER BUDGET")
                if second.body > CACHED_VISIT_BUDGET:
                    flags.append("CACHED VISIT OVER BUDGET")
                over_budget = over_budget or bool(flags)
                print(
                    f"{path:38} {language:4} | {kb(first.body)} / {kb(first.wire)}, {first.requests:2}"
                    f"            | {kb(second.body)} / {kb(second.wire)}, {second.requests:2}"
                    f"            {' '.join(flags)}"
                )
                if args.details:
                    for label, record in (("first", first), ("second", second)):
                        for t in record.transfers.values():
                            where = "cache" if t.from_cache else f"{t.body:7d} B body"
                            print(f"    {label:6} {t.status:3} {where:>14}  {t.url}")
    print(
        f"Budget: first visit <= {kb(FIRST_VISIT_BUDGET).strip()}, "
        f"cached visit <= {kb(CACHED_VISIT_BUDGET).strip()} (response bodies as transferred)."
    )
    return 1 if over_budget else 0


if __name__ == "__main__":
    sys.exit(main())
