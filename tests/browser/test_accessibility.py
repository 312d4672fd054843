"""axe-core on every page, in English and in Arabic: no serious or critical violation.

axe is injected into a browser context that bypasses the Content-Security-Policy (only
here: the journeys keep it on). A failure lists each violation with its rule, impact,
help text and the elements concerned, so it can be fixed without re-running anything.

Two more checks axe only flags as "needs review": an `aria-describedby`, `aria-labelledby`
or `<label for>` naming an id that is not on the page, and text whose contrast axe cannot
measure because a background image or gradient hides its background (UNDP draws its link
underline that way; `jmdi.css` replaces it).

axe skips the contrast of Arabic text (its shaped ligatures look like icon fonts to it);
the colours are the same in every language, so the English pass covers them.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import expect

from .conftest import AXE_JS, language_cookie, new_context, signed_in_cookie

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

pytestmark = pytest.mark.browser

FAILING_IMPACTS = {"serious", "critical"}
LANGUAGES = ("en", "ar")

# name -> (path, persona signed in or None for an anonymous visitor)
PAGES: dict[str, tuple[str, str | None]] = {
    "home": ("/", None),
    "overview": ("/programmes/jmdi-2/", None),
    "results": ("/programmes/jmdi-2/results/", None),
    "results-MA": ("/programmes/jmdi-2/results/?country=MA", None),
    "work-plan": ("/programmes/jmdi-2/work-plan/", None),
    "budget": ("/programmes/jmdi-2/budget/", None),
    "risks": ("/programmes/jmdi-2/risks/", "pmu"),
    "history": ("/programmes/jmdi-2/history/", "pmu"),
    "people": ("/people/", "pmu"),
    "person": ("/people/{member.pk}/", "pmu"),
    "person-form-errors": ("/people/{member.pk}/", "pmu"),
    "countries": ("/directory/countries/", "pmu"),
    "country": ("/directory/countries/MA/", "pmu"),
    "contacts": ("/directory/countries/MA/contacts/", "pmu"),
    "login": ("/accounts/login/", None),
    "sign-up": ("/accounts/signup/", None),
    "password-reset": ("/accounts/password/reset/", None),
    "help": ("/help/", None),
    "privacy": ("/privacy/", None),
    "account-email": ("/accounts/email/", "pmu"),
    "account-password": ("/accounts/password/change/", "pmu"),
    "account-two-factor": ("/accounts/2fa/", "pmu"),
}


# The ids that elements name, and that must be on the page.
DANGLING_REFERENCES_JS = """() => {
  const missing = [];
  for (const attr of ["aria-describedby", "aria-labelledby", "aria-controls", "for"]) {
    for (const el of document.querySelectorAll(`[${attr}]`)) {
      for (const id of el.getAttribute(attr).split(/\\s+/).filter(Boolean)) {
        if (!document.getElementById(id)) missing.push(`<${el.localName} ${attr}="${id}">`);
      }
    }
  }
  return missing;
}"""

# Reasons axe gives for leaving a contrast unmeasured that mean the CSS hides a background.
HIDDEN_BACKGROUND = ("gradient", "background image")


def audit(page: Page) -> list[dict[str, Any]]:
    """axe's violations, plus the two checks above written as violations of their own."""
    page.add_script_tag(path=str(AXE_JS))
    page.evaluate("document.fonts.ready.then(() => true)")
    result = page.evaluate("axe.run(document, {resultTypes: ['violations', 'incomplete']})")
    violations = list(result["violations"])
    for item in result["incomplete"]:
        if item["id"] != "color-contrast":
            continue
        hidden = [
            node
            for node in item["nodes"]
            if any(
                reason in check.get("message", "")
                for check in node["any"]
                for reason in HIDDEN_BACKGROUND
            )
        ]
        if hidden:
            violations.append({**item, "id": "color-contrast (unmeasurable)", "nodes": hidden})
    if missing := page.evaluate(DANGLING_REFERENCES_JS):
        violations.append(
            {
                "id": "dangling-id-reference",
                "impact": "serious",
                "help": "Elements must only refer to ids that exist on the page",
                "helpUrl": "https://www.w3.org/TR/wai-aria-1.2/#valuetype_idref_list",
                "nodes": [
                    {"target": [m], "failureSummary": "no element has this id"} for m in missing
                ],
            }
        )
    return violations


def submit_focal_point_without_country(page: Page) -> None:
    """The role form with an error: a focal point needs a country."""
    form = page.locator("main form", has=page.locator("select[name=role]"))
    form.locator("select[name=role]").select_option("focal_point")
    form.locator("button[type=submit][value=give]").click()
    # Wait for the answer itself rather than for a navigation event: on a loaded machine
    # the response can take longer than a navigation timeout, and the summary is what
    # the audit is about. The generous timeout is a ceiling, not a delay.
    expect(page.locator(".error-summary")).to_have_count(1, timeout=120_000)
    page.wait_for_load_state("load")


ACTIONS = {"person-form-errors": submit_focal_point_without_country}


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} "
            f"[{violation['helpUrl'].split('?')[0]}]"
        )
        for node in violation["nodes"][:8]:
            target = " ".join(json.dumps(t) for t in node["target"])
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    {target}: {summary[:300]}")
        if len(violation["nodes"]) > 8:
            lines.append(f"    ... and {len(violation['nodes']) - 8} more elements")
    return "\n".join(lines)


@pytest.fixture
def directory_data(programme: Any) -> None:
    """An organisation with a contact in Morocco, so the directory pages show their tables."""
    from jmdi.directory.tests.factories import ContactFactory, OrganisationFactory

    organisation = OrganisationFactory(
        country__code="MA", name="Commune de Tanger", kind="local_authority"
    )
    ContactFactory(
        organisation=organisation,
        full_name="Karim Alaoui",
        position="Director",
        phone="+212 5 39 00 00 00",
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_page_has_a_serious_or_critical_accessibility_violation(
    browser: Browser,
    live_server: Any,
    request: pytest.FixtureRequest,
    member: Any,
    directory_data: None,
    language: str,
) -> None:
    """Every page in one language (one test per language keeps the suite fast: the
    database is set up once for all pages). Every page is checked before failing."""
    base = live_server.url
    contexts: dict[str | None, BrowserContext] = {}
    failures = []
    try:
        for name, (path, persona) in PAGES.items():
            if persona not in contexts:
                context = new_context(browser, base, bypass_csp=True)
                context.add_cookies([language_cookie(language, base)])
                if persona:
                    user = request.getfixturevalue(persona)
                    context.add_cookies([signed_in_cookie(user, base)])
                contexts[persona] = context
                context.new_page()
            page = contexts[persona].pages[0]
            url = base + path.format(member=member)
            response = page.goto(url)
            assert response is not None
            assert response.ok, f"{url} answered {response.status}"
            assert page.locator("html").get_attribute("lang") == language
            if action := ACTIONS.get(name):
                action(page)
            serious = [v for v in audit(page) if v["impact"] in FAILING_IMPACTS]
            if serious:
                failures.append(f"== {name}: {path} in {language}\n{describe(serious)}")
    finally:
        for context in contexts.values():
            context.close()
    assert not failures, "serious or critical accessibility violations:\n" + "\n".join(failures)
