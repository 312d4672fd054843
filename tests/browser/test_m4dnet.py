"""The M4D Net walked in a real browser: a visitor registers, confirms their address from
the e-mail, completes a profile, searches the project database in French and opens the
Ecuadorian project written in Spanish, starts a discussion, and asks the support facility
for help; a PMU officer triages the request and refers it to the country's focal point;
the member sees the new status. The same journey in Arabic, right to left. Each page is
audited with axe-core (no serious or critical violation), under the pages' own CSP.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import pytest
from django.core import mail

from .conftest import Visitor, language_cookie, new_context, signed_in_cookie
from .test_chain import _accessible

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser

PASSWORD = "a long passphrase for the net"
SPANISH_TITLE = "Ventanilla de empleo para migrantes retornados de Cuenca"
FRENCH_QUERY = "insertion professionnelle des migrants de retour"


@pytest.fixture
def net(programme, pmu, focal_sn):
    """Published projects (the one to find is in Spanish), a discussion topic."""
    from jmdi.directory.models import Country
    from jmdi.directory.tests.factories import OrganisationFactory
    from jmdi.discussions.models import Topic
    from jmdi.initiatives.tests.factories import InitiativeFactory
    from jmdi.projectdb import indexing
    from jmdi.search import semantic

    def project(country: str, title: str, summary: str, language: str) -> Any:
        place = Country.objects.get(code=country)
        return InitiativeFactory(
            country=place,
            lead_authority=OrganisationFactory(country=place, kind="local_authority"),
            title=title,
            summary=summary,
            language=language,
            published=True,
        )

    target = project(
        "EC",
        SPANISH_TITLE,
        "El municipio orienta a las personas migrantes que regresan hacia el empleo: "
        "formación, bolsa de trabajo y apoyo a emprendimientos.",
        "es",
    )
    project("NP", "Hill water supply co-financed by remittances", "Piped water.", "en")
    project("PH", "Scholarships for children of overseas workers", "Schooling support.", "en")
    indexing.index_all()
    semantic.forget_cache()
    topic = Topic.objects.create(
        slug="local-planning",
        name={"en": "Local development planning", "fr": "Planification locale",
              "es": "Planificación local", "ar": "التخطيط المحلي"},
    )  # fmt: skip
    return {"target": target, "topic": topic}


def _confirmation_link(address: str) -> str:
    for message in reversed(mail.outbox):
        if address in message.to:
            found = re.search(r"https?://\S+/accounts/confirm-email/\S+", message.body)
            if found:
                return found.group(0)
    raise AssertionError(f"no confirmation e-mail to {address}")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_visitor_joins_finds_a_project_posts_and_is_helped(
    browser: Browser, live_server: Any, net: dict[str, Any], pmu: Any, focal_sn: Any, language: str
) -> None:
    from jmdi.support.models import Status, SupportRequest

    failures: list[str] = []
    address = f"awa.{language}@example.sn"
    context = new_context(browser, live_server.url)
    context.add_cookies([language_cookie(language, live_server.url)])
    visitor = Visitor(context.new_page(), live_server.url)
    page = visitor.page

    def check() -> None:
        lang, direction = visitor.html_attributes()
        assert lang == language, (visitor.path, lang)
        assert direction == ("rtl" if language == "ar" else "ltr"), (visitor.path, direction)
        _accessible(visitor, failures)

    # Registers and confirms the address from the e-mail.
    visitor.goto("/accounts/signup/")
    check()
    page.locator("#id_email").fill(address)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    link = _confirmation_link(address)
    visitor.goto("/accounts/" + link.split("/accounts/", 1)[1])
    check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    # Completes the profile.
    visitor.goto("/net/join/")
    check()
    page.locator("#id_full_name").fill("Awa Ndiaye")
    page.locator("#id_stakeholder_type").select_option("local_authority")
    page.locator("#id_organisation_name").fill("Commune de Thiès")
    page.locator("#id_country").select_option("SN")
    page.locator("#id_consent").check()
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    assert visitor.path == "/net/me/", visitor.path
    check()
    visitor.screenshot(f"net-profile-{language}")

    # Searches in French and opens the Spanish project.
    visitor.goto("/net/projects/")
    page.locator("#project-q").fill(FRENCH_QUERY)
    page.locator("form.project-search button[type=submit]").first.click()
    page.wait_for_load_state()
    first = page.locator(".result-list .result__title a").first
    assert first.inner_text().strip() == SPANISH_TITLE
    check()
    visitor.screenshot(f"net-search-{language}")
    first.click()
    page.wait_for_load_state()
    assert visitor.path == f"/net/projects/{net['target'].pk}/"
    check()

    # Starts a discussion.
    visitor.goto(f"/net/discussions/topic/{net['topic'].slug}/new/")
    check()
    page.locator("#id_title").fill("Accueillir les migrants de retour à Thiès")
    page.locator("#id_body").fill(
        "Comment d'autres communes organisent-elles l'accueil des migrants de retour ?"
    )
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    assert "Accueillir les migrants de retour à Thiès" in page.content()
    check()

    # Asks the support facility.
    visitor.goto("/net/support/ask/")
    check()
    page.locator("#id_subject").fill("Associer la diaspora au plan communal")
    page.locator("#id_description").fill(
        "Nous préparons le plan de développement communal et voulons y associer la diaspora."
    )
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    request = SupportRequest.objects.get(subject="Associer la diaspora au plan communal")
    assert visitor.path == f"/net/support/requests/{request.pk}/", visitor.path
    check()

    # The PMU triages and refers it to the focal point in Senegal.
    officer_context = new_context(browser, live_server.url)
    officer_context.add_cookies(
        [signed_in_cookie(pmu, live_server.url), language_cookie(language, live_server.url)]
    )
    officer = Visitor(officer_context.new_page(), live_server.url)
    officer.goto(f"/net/support/requests/{request.pk}/")
    _accessible(officer, failures)
    officer.page.locator(
        f"form[action$='/requests/{request.pk}/triage/'] button[type=submit]"
    ).click()
    officer.page.wait_for_load_state()
    refer = officer.page.locator(f"form[action$='/requests/{request.pk}/refer/']")
    refer.locator("select[name=focal_point]").select_option(str(focal_sn.pk))
    refer.locator("button[type=submit]").click()
    officer.page.wait_for_load_state()
    request.refresh_from_db()
    assert request.status == "referred"
    assert request.referred_to_focal_point_id == focal_sn.pk
    officer.screenshot(f"net-pmu-refers-{language}")

    # The member sees the new status, and was told by e-mail.
    visitor.goto(f"/net/support/requests/{request.pk}/")
    from django.utils import translation

    with translation.override(language):
        referred = str(Status("referred").label)
    assert referred in page.locator("main").inner_text()
    check()
    visitor.screenshot(f"net-request-{language}")
    assert any(address in message.to for message in mail.outbox[1:])

    visitor.assert_clean()
    officer.assert_clean()
    assert not failures, "\n".join(failures)
