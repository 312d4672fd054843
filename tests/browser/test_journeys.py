"""Journeys through a real browser, with the Content-Security-Policy enforced.

Each role signs in through the sign-in form and finds its role and its navigation; the
language switcher works without JavaScript and turns the page right-to-left for Arabic;
a PMU officer adds a person and gives them a role. Screenshots of every programme page,
in English and in Arabic, go to test-artifacts/screenshots/ for a person to look at.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from .conftest import Visitor

pytestmark = pytest.mark.browser

PUBLIC_NAV = [
    "Home",
    "M4D Net",
    "Programme",
    "Results framework",
    "Dashboard",
    "Work plan",
    "Budget",
]
STAFF_NAV = [*PUBLIC_NAV, "Risks", "Directory"]
#: The programme's own people (PMU, focal points, committees) also follow its execution
#: (a tab of "Budget"), its monitoring and its committees, read the submitted reports, and
#: follow the chain from a mapped initiative to money ("Initiatives and grants", whose
#: pages are tabs).
READER_NAV = [
    *PUBLIC_NAV,
    "Risks",
    "Monitoring",
    "Committees",
    "Directory",
    "Initiatives and grants",
    "Reports",
]
#: The technical committee reads the chain too (without the selection tab).
TECHNICAL_NAV = READER_NAV
#: A grantee follows its own initiative, document, contract and reports.
GRANTEE_NAV = [*PUBLIC_NAV, "Initiatives and grants", "Waiting for me"]

# persona -> (the role as the home page names it, the navigation that role opens)
ROLES = {
    "pmu": ("PMU officer", [*READER_NAV, "People and roles", "Changes", "Waiting for me"]),
    "focal_ma": ("Country focal point (Morocco)", [*READER_NAV, "Waiting for me"]),
    "reviewer_ma": ("Country reviewer (Morocco)", [*STAFF_NAV, "Waiting for me"]),
    "steering": ("Steering committee member", READER_NAV),
    "technical": ("Technical committee member", TECHNICAL_NAV),
    "grantee": ("Grantee (Commune d'Oujda)", GRANTEE_NAV),
    "training_staff": ("Training staff", PUBLIC_NAV),
    "member": ("M4D Net member", PUBLIC_NAV),
}

PROGRAMME_PAGES = {
    "overview": "/programmes/jmdi-2/",
    "results": "/programmes/jmdi-2/results/",
    "results-MA": "/programmes/jmdi-2/results/?country=MA",
    "work-plan": "/programmes/jmdi-2/work-plan/",
    "budget": "/programmes/jmdi-2/budget/",
    "risks": "/programmes/jmdi-2/risks/",
    "history": "/programmes/jmdi-2/history/",
}


@pytest.mark.parametrize("persona", list(ROLES))
def test_each_role_signs_in_sees_its_role_and_navigation_and_switches_language(
    visitor: Visitor, request: pytest.FixtureRequest, persona: str
) -> None:
    user = request.getfixturevalue(persona)
    role_label, nav = ROLES[persona]
    page = visitor.page

    visitor.sign_in(user.email)

    assert visitor.path == "/", f"signed in, {persona} landed on {visitor.path}"
    assert visitor.html_attributes() == ("en", "ltr")
    assert page.locator(".site-header__user").inner_text().strip() == user.full_name
    roles = page.locator("h2", has_text="Your roles").locator("xpath=following-sibling::p[1]")
    assert role_label in roles.inner_text()
    assert visitor.nav_labels() == nav
    if persona == "pmu":
        assert {"People and roles", "Risks"} <= set(visitor.nav_labels())
    if persona == "member":
        assert not {"People and roles", "Risks"} & set(visitor.nav_labels())

    visitor.switch_language("ar")
    assert visitor.path == "/", "the switcher returns to the page it was used on"
    assert visitor.html_attributes() == ("ar", "rtl")
    assert page.locator("#language-select").input_value() == "ar"
    assert len(visitor.nav_labels()) == len(nav)

    with page.expect_navigation():
        page.locator('.site-nav a[href="/programmes/jmdi-2/"]').click()  # "Programme"
    assert visitor.path == "/programmes/jmdi-2/"
    assert visitor.html_attributes() == ("ar", "rtl"), "the choice of Arabic was not remembered"

    visitor.switch_language("fr")
    assert visitor.path == "/programmes/jmdi-2/"
    assert visitor.html_attributes() == ("fr", "ltr")
    visitor.goto("/")
    assert visitor.html_attributes() == ("fr", "ltr")

    visitor.assert_clean()


def test_pmu_invites_a_person_with_a_role_then_gives_and_revokes_another(
    visitor: Visitor, pmu
) -> None:
    from jmdi.accounts.models import RoleAssignment, User
    from jmdi.directory.tests.factories import OrganisationFactory

    organisation = OrganisationFactory(country__code="SN", name="Commune de Thiès")
    page = visitor.page
    visitor.sign_in(pmu.email)

    with page.expect_navigation():
        page.locator(".site-nav").get_by_role("link", name="People and roles").click()
    assert visitor.path == "/people/"
    with page.expect_navigation():
        page.get_by_role("link", name="Add a person").click()
    assert visitor.path == "/people/add/"

    page.get_by_label("Full name").fill("Amina Benali")
    page.get_by_label("Email address").fill("Amina.Benali@example.org")
    page.get_by_label("Language of the invitation").select_option("fr")
    # Choosing a role asks, in place (htmx), only for what that role needs.
    assert page.locator("#id_country").count() == 0
    with page.expect_response(lambda r: r.request.headers.get("hx-request") == "true"):
        page.get_by_label("Role", exact=True).select_option(label="Country focal point")
    page.locator("#role-scope:not(.htmx-added):not(.htmx-settling) #id_country").wait_for()
    assert page.locator("#id_organisation_query").count() == 0
    # Without a country the form says so, at the top and at the field, and adds no one.
    with page.expect_navigation():
        page.get_by_role("button", name="Add and send the invitation").click()
    assert page.locator(".error-summary").is_visible()
    assert not User.objects.filter(email="amina.benali@example.org").exists()
    assert page.get_by_label("Full name").input_value() == "Amina Benali", "input kept"

    page.locator("#id_country").select_option(label="Morocco")
    with page.expect_navigation():
        page.get_by_role("button", name="Add and send the invitation").click()

    person = User.objects.get(email="amina.benali@example.org")
    assert visitor.path == f"/people/{person.pk}/"
    assert page.get_by_role("heading", level=1).inner_text() == "Amina Benali"
    assert "invited by e-mail" in page.locator(".messages").inner_text()
    assert "not used yet" in page.locator(".facts").inner_text()

    # A grantee's organisation is found by typing part of its name.
    with page.expect_response(lambda r: r.request.headers.get("hx-request") == "true"):
        page.get_by_label("Role", exact=True).select_option(label="Grantee")
    # Wait until htmx has settled the swapped fields (and bound their triggers).
    page.locator(
        "#role-scope:not(.htmx-added):not(.htmx-settling) #id_organisation_query"
    ).wait_for()
    with page.expect_response(lambda r: "organisation_query=thi" in r.url):
        page.locator("#id_organisation_query").fill("thi")
    page.get_by_label("Commune de Thiès").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Give the role").click()
    # Grantee in Senegal and focal point in Morocco: no conflict.
    assert "Grantee (Commune de Thiès)" in page.locator(".messages").inner_text()
    assert RoleAssignment.objects.get(user=person, role="grantee").organisation == organisation

    # Revoking asks first, then keeps the role in the history.
    row = page.locator("tr", has_text="Commune de Thiès")
    with page.expect_navigation():
        row.get_by_role("link", name="Revoke").click()
    page.get_by_label("Reason").fill("Wrong organisation")
    with page.expect_navigation():
        page.get_by_role("button", name="Revoke the role").click()
    past = page.locator("tr.muted", has_text="Commune de Thiès")
    assert "Wrong organisation" in past.inner_text()
    assert RoleAssignment.objects.get(user=person, role="grantee").revoked_by == pmu

    visitor.assert_clean()


def test_screenshots_of_the_programme_pages_in_english_and_arabic(visitor: Visitor, pmu) -> None:
    visitor.sign_in(pmu.email)
    for language, direction in (("en", "ltr"), ("ar", "rtl")):
        if language != "en":
            visitor.switch_language(language)
        for name, path in PROGRAMME_PAGES.items():
            visitor.goto(path)
            assert visitor.html_attributes() == (language, direction), path
            visitor.screenshot(f"{name}-{language}")
    visitor.assert_clean()


def test_choosing_a_country_updates_the_results_in_place_with_htmx(
    visitor: Visitor, programme
) -> None:
    """Progressive enhancement: the filter form works without JavaScript (tested in
    test_pages.py); with htmx, choosing a country swaps only the results and the address."""
    from playwright.sync_api import expect

    visitor.goto("/programmes/jmdi-2/results/")
    # A marker on the page that a full reload would wipe out.
    visitor.page.evaluate("document.querySelector('h1').dataset.marker = 'same-page'")
    with visitor.page.expect_response(
        lambda r: "country=MA" in r.url and r.request.headers.get("hx-request") == "true"
    ):
        visitor.page.locator("#country-filter").select_option("MA")
    expect(visitor.page.locator("#results .notice")).to_contain_text("Morocco")
    assert visitor.page.locator("h1").get_attribute("data-marker") == "same-page"
    assert visitor.path.endswith("/results/?country=MA")
    visitor.assert_clean()
