"""Browser tests: Debian's Chromium, driven by Playwright, against pytest-django's live server.

The whole package is skipped, with the reason shown, when /usr/bin/chromium or the
Playwright package is missing (`scripts/ensure-chromium` installs the browser). One
browser is started per test process (so one per pytest-xdist worker); each test gets a
fresh browser context, so no cookie or cache leaks from one test to the next.

Playwright's synchronous API keeps an asyncio event loop running in the test's thread from
the moment it starts, and Django then refuses database calls ("You cannot call this from an
async context"). The tests are plain synchronous code, so once the browser has started that
check is turned off (DJANGO_ALLOW_ASYNC_UNSAFE) until the end of the test process: with
pytest-xdist, other tests may run in the same process while the browser is up.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from conftest import PASSWORD

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Response


HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
VIEWPORT = {"width": 1280, "height": 900}


def _skip_reason() -> str | None:
    if not CHROMIUM.exists():
        return (
            "browser tests need Debian's Chromium at /usr/bin/chromium "
            "(install it with scripts/ensure-chromium or `apt-get install chromium`)"
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "browser tests need the Python package playwright (scripts/setup installs it)"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    reason = _skip_reason()
    for item in items:
        if HERE not in Path(item.path).resolve().parents:
            continue
        item.add_marker(pytest.mark.browser)
        if reason:
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(autouse=True)
def _fast_and_fresh(settings: Any) -> None:
    """Fast password hashing, and no rate-limit count left over from an earlier test.

    The live server runs in this process, so it sees both. (Django's default hasher takes
    about a second per sign-in and per persona, which would dominate these tests.)
    """
    from django.core.cache import cache

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()


@dataclass
class Visitor:
    """One person at one browser tab, with the page's console watched for CSP violations."""

    page: Page
    base_url: str
    csp_violations: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda exc: self.errors.append(f"uncaught: {exc}"))
        self.page.on("response", self._on_response)

    def _on_console(self, message: Any) -> None:
        text = message.text
        if "Content Security Policy" in text or "Content-Security-Policy" in text:
            self.csp_violations.append(f"{self.page.url}: {text}")
        elif message.type == "error" and not text.startswith("Failed to load resource"):
            self.errors.append(f"{self.page.url}: {text}")  # failed loads: see _on_response

    def _on_response(self, response: Any) -> None:
        # The browser asks for /favicon.ico by itself; every other failure is the page's.
        if response.status >= 400 and not response.url.endswith("/favicon.ico"):
            self.errors.append(f"{self.page.url}: {response.status} for {response.url}")

    def url(self, path: str) -> str:
        return self.base_url + path

    def goto(self, path: str) -> Response:
        response = self.page.goto(self.url(path))
        assert response is not None, path
        assert response.ok, f"{path} answered {response.status}"
        return response

    @property
    def path(self) -> str:
        return self.page.url.removeprefix(self.base_url)

    def html_attributes(self) -> tuple[str | None, str | None]:
        html = self.page.locator("html")
        return html.get_attribute("lang"), html.get_attribute("dir")

    def sign_in(self, email: str, password: str = PASSWORD) -> None:
        """Through the real sign-in form, as a person would."""
        self.goto("/accounts/login/")
        form = self.page.locator("main form", has=self.page.locator("input[name=login]"))
        form.locator("input[name=login]").fill(email)
        form.locator("input[name=password]").fill(password)
        with self.page.expect_navigation():
            form.locator("button[type=submit]").click()

    def switch_language(self, code: str) -> None:
        """With the header's language switcher: choose, then submit (no JavaScript needed)."""
        switcher = self.page.locator("form.language-switcher")
        switcher.locator("select[name=language]").select_option(code)
        with self.page.expect_navigation():
            switcher.locator("button[type=submit]").click()

    def nav_labels(self) -> list[str]:
        return [text.strip() for text in self.page.locator(".site-nav a").all_inner_texts()]

    def screenshot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.evaluate("document.fonts.ready.then(() => true)")
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def assert_clean(self) -> None:
        assert not self.csp_violations, "CSP violations:\n" + "\n".join(self.csp_violations)
        assert not self.errors, "Console errors:\n" + "\n".join(self.errors)


def new_context(browser: Browser, base_url: str, **options: Any) -> BrowserContext:
    options.setdefault("viewport", VIEWPORT)
    return browser.new_context(base_url=base_url, locale="en-GB", **options)


@pytest.fixture
def visitor(browser: Browser, live_server: Any) -> Iterator[Visitor]:
    """A browser tab with the Content-Security-Policy enforced, as in production."""
    context = new_context(browser, live_server.url)
    try:
        yield Visitor(context.new_page(), live_server.url)
    finally:
        context.close()


def signed_in_cookie(user: Any, base_url: str) -> dict[str, Any]:
    """A session cookie for `user`, made without the sign-in form (for pages under test)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": base_url,
    }


def language_cookie(code: str, base_url: str) -> dict[str, Any]:
    from django.conf import settings

    return {"name": settings.LANGUAGE_COOKIE_NAME, "value": code, "url": base_url}
