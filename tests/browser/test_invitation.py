"""An invited person opens the link from the e-mail in their language, sets a password on
the "Set your password" page and is signed in; the page passes axe in English and Arabic."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.conftest import new_context
from tests.browser.test_accessibility import FAILING_IMPACTS, audit, describe

pytestmark = pytest.mark.browser


def _invite(language: str) -> str:
    from django.core import mail

    from jmdi.accounts.models import Role
    from jmdi.accounts.services import assign_role, create_person, invite_person

    inviter = create_person(actor=None, email="officer@example.org", full_name="Cécile Martin")
    assign_role(actor=None, user=inviter, role=Role.PMU_OFFICER)
    mail.outbox.clear()
    invite_person(
        actor=inviter,
        email=f"new.{language}@example.org",
        full_name="Nadia Idrissi",
        language=language,
        role=Role.MEMBER,
    )
    match = re.search(
        r"https://platform\.jmdi\.test(/accounts/invitation/\S+/)", mail.outbox[-1].body
    )
    assert match, mail.outbox[-1].body
    return match.group(1)


@pytest.mark.parametrize(
    ("language", "heading", "button", "direction"),
    [
        ("en", "Set your password", "Set my password", "ltr"),
        ("ar", "عيّن كلمة مرورك", "تعيين كلمة المرور", "rtl"),
    ],
)
def test_the_invitation_link_opens_set_your_password_in_the_invitees_language(
    browser: Any,
    live_server: Any,
    programme: Any,
    language: str,
    heading: str,
    button: str,
    direction: str,
) -> None:
    from jmdi.accounts.models import User

    link = _invite(language)
    # axe is injected where the Content-Security-Policy is bypassed; the journey itself
    # runs under the policy, as in production.
    auditing = new_context(browser, live_server.url, bypass_csp=True)
    try:
        page = auditing.new_page()
        page.goto(live_server.url + link)
        serious = [v for v in audit(page) if v["impact"] in FAILING_IMPACTS]
        assert not serious, describe(serious)
    finally:
        auditing.close()
    context = new_context(browser, live_server.url)
    page = context.new_page()
    try:
        page.goto(live_server.url + link)
        assert page.locator("html").get_attribute("dir") == direction
        assert page.get_by_role("heading", level=1).inner_text() == heading
        page.locator("#id_password1").fill("a-fresh-pass-phrase")
        page.locator("#id_password2").fill("a-fresh-pass-phrase")
        with page.expect_navigation():
            page.get_by_role("button", name=button).click()
        assert page.url.rstrip("/") == live_server.url
        assert User.objects.get(email=f"new.{language}@example.org").invitation_accepted_at
    finally:
        context.close()
