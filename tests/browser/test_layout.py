"""The layout in a real browser: pagination clicked through, every main page at phone
width (390 px) in English and Arabic, and the menu that folds into a disclosure.

The phone pages are opened as a phone would (mobile viewport, touch): a page wider than
the screen then opens shifted in Arabic, with the title and menu off-screen, which is
what these tests measure (`document.documentElement.scrollWidth` against the viewport).
Screenshots go to test-artifacts/screenshots/ for a person to look at.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

import pytest
from django.core.management import call_command

from .conftest import SCREENSHOTS, language_cookie, new_context, signed_in_cookie

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

    from .conftest import Visitor

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}

# name -> (path, persona signed in or None)
MAIN_PAGES: dict[str, tuple[str, str | None]] = {
    "home": ("/", "pmu"),
    "overview": ("/programmes/jmdi-2/", "pmu"),
    "results": ("/programmes/jmdi-2/results/", "pmu"),
    "results-MA": ("/programmes/jmdi-2/results/?country=MA", "pmu"),
    "work-plan": ("/programmes/jmdi-2/work-plan/", "pmu"),
    "budget": ("/programmes/jmdi-2/budget/", "pmu"),
    "risks": ("/programmes/jmdi-2/risks/", "pmu"),
    "history": ("/programmes/jmdi-2/history/", "pmu"),
    "dashboard": ("/programmes/jmdi-2/dashboard/", "pmu"),
    "dashboard-MA": ("/programmes/jmdi-2/dashboard/?country=MA", "pmu"),
    "values": ("/programmes/jmdi-2/values/", "focal_ma"),
    "tracking": ("/programmes/jmdi-2/work-plan/tracking/", "pmu"),
    "risk-log": ("/programmes/jmdi-2/risk-log/", "pmu"),
    "issues": ("/programmes/jmdi-2/issues/", "pmu"),
    "schedule": ("/programmes/jmdi-2/monitoring-schedule/", "pmu"),
    "committees": ("/programmes/jmdi-2/committees/", "pmu"),
    "decisions": ("/programmes/jmdi-2/decisions/", "pmu"),
    "budget-execution": ("/programmes/jmdi-2/budget/execution/", "pmu"),
    "reports": ("/programmes/jmdi-2/reports/", "pmu"),
    "people": ("/people/", "pmu"),
    "person": ("/people/{member.pk}/", "pmu"),
    "countries": ("/directory/countries/", "pmu"),
    "country": ("/directory/countries/MA/", "pmu"),
    "contacts": ("/directory/countries/MA/contacts/", "pmu"),
    "account-email": ("/accounts/email/", "pmu"),
    "account-password": ("/accounts/password/change/", "pmu"),
    "account-two-factor": ("/accounts/2fa/", "pmu"),
    "help": ("/help/", None),
    "privacy": ("/privacy/", None),
    "sign-in": ("/accounts/login/", None),
    "sign-up": ("/accounts/signup/", None),
    "password-reset": ("/accounts/password/reset/", None),
}
# What sticks out of the screen, outside any scrolling region: named in a failure.
OUTSIDE_THE_SCREEN_JS = """() => {
  const width = document.documentElement.clientWidth, found = [];
  for (const el of document.body.querySelectorAll('*')) {
    let parent = el.parentElement, scrolls = false;
    for (; parent && parent !== document.body; parent = parent.parentElement) {
      if (getComputedStyle(parent).overflowX !== 'visible') { scrolls = true; break; }
    }
    if (scrolls) continue;
    const box = el.getBoundingClientRect();
    if (box.width && (box.right > width + 1 || box.left < -1)) {
      found.push(`<${el.localName} class="${el.className}"> from ${Math.round(box.left)} to ${Math.round(box.right)}`);
    }
  }
  return found.slice(0, 6);
}"""


@pytest.fixture
def directory_data(programme: Any) -> None:
    """Morocco with an organisation and a contact whose texts are long, as real ones are."""
    from jmdi.directory.tests.factories import ContactFactory, OrganisationFactory

    organisation = OrganisationFactory(
        country__code="MA",
        name="Association Migrations et Développement de la région de l'Oriental",
        kind="civil_society",
    )
    ContactFactory(
        organisation=organisation,
        full_name="Fatima Zahra El Amrani",
        position="other",
        position_other="Responsable des partenariats internationaux",
        email="fatima.zahra.el.amrani@migrations-developpement.example.org",
        phone="+212 5 36 00 00 00",
    )


def measure_pages(
    browser: Browser,
    base: str,
    request: pytest.FixtureRequest,
    member: Any,
    pages: dict[str, tuple[str, str | None]],
    language: str,
) -> list[str]:
    """Open each page on a phone; return what is wider than the screen, page by page."""
    contexts: dict[str | None, Any] = {}
    problems = []
    try:
        for name, (path, persona) in pages.items():
            if persona not in contexts:
                context = new_context(browser, base, viewport=PHONE, is_mobile=True, has_touch=True)
                context.set_default_timeout(15_000)
                cookies = [language_cookie(language, base)]
                if persona:
                    cookies.append(signed_in_cookie(request.getfixturevalue(persona), base))
                context.add_cookies(cookies)
                contexts[persona] = context
                context.new_page()
            page: Page = contexts[persona].pages[0]
            response = page.goto(base + path.format(member=member))
            assert response is not None
            assert response.ok, f"{path} answered {response.status}"
            assert page.locator("html").get_attribute("lang") == language
            page.evaluate("document.fonts.ready.then(() => true)")
            scroll_width, viewport, scroll_x = page.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.clientWidth,"
                " window.scrollX]"
            )
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"phone-{name}-{language}.png"))
            if scroll_width > viewport or scroll_x:
                outside = page.evaluate(OUTSIDE_THE_SCREEN_JS)
                problems.append(
                    f"{name} ({path}, {language}): {scroll_width} px wide on a {viewport} px "
                    f"screen, opened scrolled by {scroll_x} px; outside the screen: {outside}"
                )
    finally:
        for context in contexts.values():
            context.close()
    return problems


@pytest.mark.parametrize("language", ["en", "ar"])
def test_no_main_page_is_wider_than_a_phone(
    browser: Browser,
    live_server: Any,
    request: pytest.FixtureRequest,
    member: Any,
    directory_data: None,
    language: str,
) -> None:
    # The records of the programme at work (values, statuses, logs, meetings, money), so
    # that the tables are as full and as long as they get.
    call_command("loaddemo", stdout=io.StringIO())
    problems = measure_pages(browser, live_server.url, request, member, MAIN_PAGES, language)
    assert not problems, "pages wider than the screen:\n" + "\n".join(problems)


def test_the_pages_of_a_long_list_are_reached_by_clicking_next_and_previous(
    visitor: Visitor, pmu: Any
) -> None:
    """120 organisations, 50 a page: Next page leads to page 2, then 3; Previous back."""
    from jmdi.directory.tests.factories import OrganisationFactory

    OrganisationFactory.create_batch(120, country__code="MA")
    visitor.page.context.add_cookies([signed_in_cookie(pmu, visitor.base_url)])
    page = visitor.page

    def rows() -> list[str]:
        return page.locator("main table tbody th").all_inner_texts()

    def position() -> str:
        return page.locator(".pagination__position").inner_text().strip()

    visitor.goto("/directory/countries/MA/")
    seen = [rows()]
    assert position() == "Page 1 of 3"
    assert page.locator(".pagination a[rel=prev]").count() == 0
    for number in (2, 3):
        with page.expect_navigation():
            page.locator(".pagination").get_by_role("link", name="Next page").click()
        assert visitor.path == f"/directory/countries/MA/?page={number}"
        assert position() == f"Page {number} of 3"
        seen.append(rows())
    assert [len(names) for names in seen] == [50, 50, 20]
    assert len({name for names in seen for name in names}) == 120, "a page repeated another"
    assert page.locator(".pagination a[rel=next]").count() == 0, "no Next on the last page"

    with page.expect_navigation():
        page.locator(".pagination").get_by_role("link", name="Previous page").click()
    assert visitor.path == "/directory/countries/MA/?page=2"
    assert rows() == seen[1]
    visitor.assert_clean()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_menu_folds_into_a_disclosure_on_a_phone_and_works_without_javascript(
    browser: Browser, live_server: Any, pmu: Any, language: str
) -> None:
    base = live_server.url
    context = new_context(browser, base, java_script_enabled=False, viewport=PHONE)
    context.add_cookies([language_cookie(language, base), signed_in_cookie(pmu, base)])
    try:
        page = context.new_page()
        page.goto(base + "/directory/countries/")
        toggle = page.locator("summary.site-menu__toggle")
        current = page.locator('.site-nav a[aria-current="page"]')
        assert toggle.is_visible()
        assert not current.is_visible(), "the menu starts folded"
        assert not page.locator("#language-select").is_visible()

        # Mirrored in Arabic: the button sits at the end of the line, after the name.
        brand = page.locator(".site-header__brand").bounding_box()
        button = toggle.bounding_box()
        assert brand
        assert button
        if language == "ar":
            assert button["x"] + button["width"] <= brand["x"] + 1
        else:
            assert button["x"] >= brand["x"] + brand["width"] - 1

        toggle.click()
        assert current.is_visible()
        assert page.locator("#language-select").is_visible()
        page.screenshot(path=str(SCREENSHOTS / f"phone-menu-open-{language}.png"))
        toggle.focus()
        page.keyboard.press("Enter")
        assert not current.is_visible(), "the keyboard folds it again"
        page.keyboard.press("Space")
        assert current.is_visible(), "and opens it"

        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(base + "/directory/countries/")
        assert not toggle.is_visible(), "a wide screen shows the bar, not the button"
        assert current.is_visible()
        assert page.locator("#language-select").is_visible()
        page.screenshot(path=str(SCREENSHOTS / f"desktop-header-{language}.png"))
    finally:
        context.close()
