"""The first screens, as a person goes through them, in English and in Arabic.

Sign in, set up two-factor sign-in (scanning is replaced by reading the key the page
shows), keep the recovery codes, sign out, pass the two-factor step with a recovery
code, and set a password from an emailed link. axe-core checks each screen on the way
(no serious or critical violation), with the Content-Security-Policy off only for axe's
own script; every screen is photographed at desktop and phone width.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from conftest import PASSWORD

from .conftest import SCREENSHOTS, language_cookie, new_context
from .test_accessibility import FAILING_IMPACTS, audit, describe

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

# The words a person acts on, in each language: what the tests click and read.
WORDS = {
    "en": {
        "sign_in": "Sign in",
        "confirm": "Confirm",
        "turn_on": "Turn on two-factor sign-in",
        "set_password": "Set the password",
        "sign_in_heading": "Sign in",
        "set_up_heading": "Set up two-factor sign-in",
        "step_heading": "Two-factor sign-in",
        "codes_heading": "Recovery codes",
        "set_heading": "Set your password",
    },
    "ar": {
        "sign_in": "تسجيل الدخول",
        "confirm": "تأكيد",
        "turn_on": "تفعيل تسجيل الدخول بخطوتين",
        "set_password": "تعيين كلمة المرور",
        "sign_in_heading": "تسجيل الدخول",
        "set_up_heading": "إعداد تسجيل الدخول بخطوتين",
        "step_heading": "تسجيل الدخول بخطوتين",
        "codes_heading": "رموز الاسترداد",
        "set_heading": "عيّن كلمة مرورك",
    },
}


class Screens:
    """One browser context in one language; checks and photographs each screen."""

    def __init__(self, browser: Browser, base: str, language: str) -> None:
        self.base, self.language = base, language
        self.context = new_context(browser, base, bypass_csp=True)
        self.context.add_cookies([language_cookie(language, base)])
        self.page: Page = self.context.new_page()
        self.failures: list[str] = []

    @property
    def path(self) -> str:
        return self.page.url.removeprefix(self.base)

    def check(self, name: str, heading: str) -> None:
        page = self.page
        assert page.locator("html").get_attribute("lang") == self.language
        assert page.locator("main h1").inner_text().strip() == heading, (name, self.path)
        serious = [v for v in audit(page) if v["impact"] in FAILING_IMPACTS]
        if serious:
            self.failures.append(f"== {name} ({self.path}, {self.language})\n{describe(serious)}")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{self.language}.png"), full_page=True)
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=str(SCREENSHOTS / f"phone-{name}-{self.language}.png"), full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})

    def submit(self, button: str) -> None:
        with self.page.expect_navigation():
            self.page.locator("main").get_by_role("button", name=button, exact=True).click()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_sign_in_two_factor_set_up_recovery_codes_and_the_two_factor_step(
    browser: Browser, live_server: Any, member: Any, language: str
) -> None:
    import time

    from allauth.mfa import app_settings
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    words = WORDS[language]
    screens = Screens(browser, live_server.url, language)
    page = screens.page
    try:
        page.goto(live_server.url + "/accounts/login/")
        screens.check("sign-in", words["sign_in_heading"])
        page.locator("#id_login").fill(member.email)
        page.locator("#id_password").fill("not-the-password")
        screens.submit(words["sign_in"])
        assert page.locator(".error-summary").is_visible()
        assert page.locator("#id_login").input_value() == member.email, "the address is kept"
        screens.check("sign-in-error", words["sign_in_heading"])
        page.locator("#id_password").fill(PASSWORD)
        screens.submit(words["sign_in"])
        assert screens.path == "/"

        # Setting up asks for the password again first.
        page.goto(live_server.url + "/accounts/2fa/totp/activate/")
        assert screens.path.startswith("/accounts/reauthenticate/")
        page.locator("#id_password").fill(PASSWORD)
        screens.submit(words["confirm"])
        assert screens.path == "/accounts/2fa/totp/activate/"
        screens.check("two-factor-set-up", words["set_up_heading"])
        secret = page.locator("code.secret").inner_text().strip()
        # What the app would show now, computed from the key the page gives.
        counter = int(time.time()) // app_settings.TOTP_PERIOD
        page.locator("#id_code").fill(format_hotp_value(hotp_value(secret, counter)))
        screens.submit(words["turn_on"])

        assert screens.path == "/accounts/2fa/recovery-codes/"
        assert Authenticator.objects.filter(user=member, type="totp").exists()
        screens.check("recovery-codes", words["codes_heading"])
        codes = page.locator(".codes code").all_inner_texts()
        assert len(codes) == 10

        page.locator("form[action='/accounts/logout/'] button").first.click()
        page.wait_for_url(f"{live_server.url}/")
        page.goto(live_server.url + "/accounts/login/")
        page.locator("#id_login").fill(member.email)
        page.locator("#id_password").fill(PASSWORD)
        screens.submit(words["sign_in"])
        assert screens.path == "/accounts/2fa/authenticate/"
        screens.check("two-factor-step", words["step_heading"])
        page.locator("#id_code").fill(codes[0])
        screens.submit(words["sign_in"])
        assert screens.path == "/"
    finally:
        screens.context.close()
    assert not screens.failures, "accessibility violations:\n" + "\n".join(screens.failures)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_emailed_link_opens_the_set_password_form(
    browser: Browser, live_server: Any, member: Any, language: str
) -> None:
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    words = WORDS[language]
    key = default_token_generator.make_token(member)
    screens = Screens(browser, live_server.url, language)
    page = screens.page
    try:
        page.goto(
            f"{live_server.url}/accounts/password/reset/key/{user_pk_to_url_str(member)}-{key}/"
        )
        screens.check("set-password", words["set_heading"])
        page.locator("#id_password1").fill("a-new-pass-phrase-2026")
        page.locator("#id_password2").fill("a-different-one-2026")
        screens.submit(words["set_password"])
        assert page.locator(".error-summary a[href='#id_password2']").is_visible()
        screens.check("set-password-error", words["set_heading"])
        page.locator("#id_password1").fill("a-new-pass-phrase-2026")
        page.locator("#id_password2").fill("a-new-pass-phrase-2026")
        screens.submit(words["set_password"])
        assert screens.path == "/accounts/password/reset/key/done/"
    finally:
        screens.context.close()
    member.refresh_from_db()
    assert member.check_password("a-new-pass-phrase-2026")
    assert not screens.failures, "accessibility violations:\n" + "\n".join(screens.failures)
