"""The chain from a candidate to money, walked in a real browser by the people who do it:
a reviewer scores, the PMU ranks and records the steering committee's decision, the
grantee drafts and submits the project document, the focal point reviews it and the PMU
validates it, the PMU signs the contract, the grantee reports on the first milestone with
its evidence, the focal point approves, the PMU pays — and the budget's Output 1 line
shows the commitment and the payment.

Each page on the way is audited with axe-core (no serious or critical violation), and the
pages are looked at again in Arabic (right to left), with screenshots for a person to see.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest

from .conftest import AXE_JS, Visitor, language_cookie, new_context, signed_in_cookie
from .test_accessibility import describe

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser

P = "/programmes/jmdi-2"
SERIOUS = {"serious", "critical"}


def _as(browser: Browser, live_server: Any, user: Any, language: str = "en") -> Visitor:
    context = new_context(browser, live_server.url)
    context.add_cookies(
        [signed_in_cookie(user, live_server.url), language_cookie(language, live_server.url)]
    )
    return Visitor(context.new_page(), live_server.url)


def _accessible(visitor: Visitor, failures: list[str]) -> None:
    """axe-core's serious and critical violations of the page as it stands. axe is
    evaluated through the browser's debugging protocol, so the page's Content-Security-
    Policy stays enforced for the journey (an injected <script> tag would be refused)."""
    page = visitor.page
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [v for v in result["violations"] if v.get("impact") in SERIOUS]
    if serious:
        failures.append(f"{visitor.path}:\n{describe(serious)}")


@pytest.fixture
def chain(programme, pmu, reviewer_ma, grantee, focal_ma):
    """A round open for scoring with the grantee's initiative as a candidate, the reviewer
    assigned; a steering committee meeting; Output 1's budget line."""
    from jmdi.grants.tests import factories as grant_factories
    from jmdi.initiatives.tests.factories import InitiativeFactory, InitiativePartnerFactory
    from jmdi.selection import services as selection
    from jmdi.selection.tests.factories import make_round, steering_meeting

    line = grant_factories.budget_line(amount="3000000.00")
    organisation = grantee.role_assignments.get(role="grantee").organisation
    initiative = InitiativeFactory(
        title="Maison de la diaspora d'Oujda",
        lead_authority=organisation,
        country=organisation.country,
    )
    InitiativePartnerFactory(initiative=initiative, organisation__name="Association Oujda Sud")
    round = make_round(pmu, checks=["Led by a local authority"])
    candidate = selection.add_candidate(actor=pmu, round=round, initiative=initiative)
    for check in round.checks.all():
        selection.record_eligibility(actor=pmu, candidate=candidate, check=check, passed=True)
    selection.assign_reviewer(actor=pmu, round=round, reviewer=reviewer_ma)
    selection.move(actor=pmu, round=round, status="open")
    meeting = steering_meeting(pmu, date=dt.date(2014, 3, 1))
    return {"round": round, "candidate": candidate, "initiative": initiative, "line": line,
            "meeting": meeting}  # fmt: skip


def _output_1(browser: Browser, live_server: Any, pmu: Any, line: Any) -> str:
    """What the budget execution page says of Output 1's budget line (committed, spent),
    read as the PMU reads it."""
    visitor = _as(browser, live_server, pmu)
    visitor.goto(f"{P}/budget/execution/")
    text = visitor.page.locator("tbody tr", has_text=line.code).first.inner_text()
    visitor.page.context.close()
    return text


def test_the_chain_from_a_score_to_a_payment(
    browser: Browser, live_server: Any, chain, pmu, reviewer_ma, grantee, focal_ma, tmp_path
) -> None:
    from jmdi.grants import services as grants
    from jmdi.grants.models import Contract, Disbursement
    from jmdi.grants.tests.factories import milestones
    from jmdi.proposals import services as proposals
    from jmdi.proposals.tests.factories import draft
    from jmdi.selection import services as selection

    round, candidate = chain["round"], chain["candidate"]
    failures: list[str] = []
    pages: list[tuple[Any, str]] = []  # (user, path) visited, for the Arabic pass

    # 1. The reviewer scores: every criterion 4, the first "not applicable"; submits.
    reviewer = _as(browser, live_server, reviewer_ma)
    sheet_url = f"{P}/selection/{round.pk}/candidates/{candidate.pk}/scoresheet/"
    reviewer.goto(sheet_url)
    selects = reviewer.page.locator("#scoresheet select")
    count = selects.count()
    assert count == len(selection.applicable_criteria(candidate)) > 1
    selects.nth(0).select_option("na")
    for index in range(1, count):
        selects.nth(index).select_option("4")
    _accessible(reviewer, failures)
    reviewer.screenshot("chain-scoresheet-en")
    reviewer.page.get_by_role("button", name="Submit the scoresheet").click()
    # Submitted, the reviewer lands on the candidate's page, now with the others' scores.
    reviewer.page.wait_for_url(f"**{P}/selection/{round.pk}/candidates/{candidate.pk}/")
    sheet = candidate.scoresheets.get(reviewer=reviewer_ma)
    assert sheet.submitted_at is not None
    assert sheet.scores.filter(not_applicable=True).count() == 1
    pages.append((reviewer_ma, sheet_url))
    reviewer.assert_clean()
    reviewer.page.context.close()

    # 2. The PMU closes the round, reads the ranking (n/a left out: all fours = 80.0) and
    #    records the steering committee's decision.
    selection.move(actor=pmu, round=round, status="closed")
    officer = _as(browser, live_server, pmu)
    ranking_url = f"{P}/selection/{round.pk}/ranking/"
    officer.goto(ranking_url)
    row = officer.page.locator("tbody tr", has_text="Maison de la diaspora")
    assert "80.0" in row.inner_text()
    _accessible(officer, failures)
    officer.screenshot("chain-ranking-en")
    row.get_by_role("link", name="Record the decision").click()
    officer.page.locator("input[name=outcome][value=selected]").check()
    officer.page.locator("textarea[name=rationale]").fill("Strong diaspora partnership.")
    officer.page.locator("select[name=meeting]").select_option(str(chain["meeting"].pk))
    _accessible(officer, failures)
    officer.page.get_by_role("button", name="Record the decision").click()
    officer.page.wait_for_url(f"**{ranking_url}")
    chain["initiative"].refresh_from_db()
    assert chain["initiative"].status == "selected"
    pages.append((pmu, ranking_url))

    # 3. The project document: the grantee edits and submits, the focal point reviews, the
    #    PMU validates.
    document = proposals.start_document(actor=grantee, initiative=chain["initiative"])
    draft(document, grantee)
    applicant = _as(browser, live_server, grantee)
    applicant.goto(f"{P}/proposals/{document.pk}/edit/")
    applicant.page.locator("textarea[name=summary]").fill("A house for the diaspora in Oujda.")
    _accessible(applicant, failures)
    applicant.page.get_by_role("button", name="Save the draft").click()
    applicant.page.wait_for_url(f"**{P}/proposals/{document.pk}/")
    applicant.page.get_by_role("button", name="Submit for review").click()
    applicant.page.wait_for_load_state()
    document.refresh_from_db()
    assert document.status == "submitted"
    assert document.content["summary"] == "A house for the diaspora in Oujda."
    focal = _as(browser, live_server, focal_ma)
    focal.goto(f"{P}/proposals/{document.pk}/")
    focal.page.get_by_role("button", name="Mark reviewed").click()
    focal.page.wait_for_load_state()
    officer.goto(f"{P}/proposals/{document.pk}/")
    _accessible(officer, failures)
    officer.page.get_by_role("button", name="Validate the project document").click()
    officer.page.wait_for_load_state()
    document.refresh_from_db()
    assert document.status == "validated"
    pages.append((pmu, f"{P}/proposals/{document.pk}/"))

    # 4. The PMU signs the contract (drafted with its two milestones): Output 1 commits it.
    contract = grants.create_contract(
        actor=pmu,
        initiative=chain["initiative"],
        reference="JMDI-MA-2014-01",
        amount=Decimal("80000.00"),
        contribution=chain["line"].contribution,
        line=chain["line"],
        start_date=dt.date(2014, 4, 1),
        end_date=dt.date(2015, 12, 31),
        milestones=milestones("30000.00", "50000.00"),
    )
    before = _output_1(browser, live_server, pmu, chain["line"])
    contract_url = f"{P}/grants/{contract.pk}/"
    officer.goto(contract_url)
    officer.page.locator("input[name=signed_by_grantee_on]").fill("2014-04-02")
    officer.page.locator("input[name=signed_by_un_on]").fill("2014-04-03")
    _accessible(officer, failures)
    officer.screenshot("chain-contract-en")
    officer.page.get_by_role("button", name="Record the signatures").click()
    officer.page.wait_for_load_state()
    contract.refresh_from_db()
    assert contract.status == Contract.Status.SIGNED
    committed = _output_1(browser, live_server, pmu, chain["line"])
    assert committed != before
    assert "80,000.00" in committed or "80 000,00" in committed or "80000.00" in committed
    pages.append((pmu, contract_url))

    # 5. The grantee reports on milestone 1 with its evidence; the focal point approves.
    evidence = tmp_path / "inception-report.pdf"
    evidence.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    milestone = contract.milestones.get(order=1)
    applicant.goto(contract_url)
    applicant.page.locator(f"a[href$='/milestones/{milestone.pk}/report/']").click()
    applicant.page.locator("textarea[name=text]").fill("Inception report agreed with partners.")
    applicant.page.locator("input[name=evidence]").set_input_files(str(evidence))
    _accessible(applicant, failures)
    applicant.screenshot("chain-report-en")
    applicant.page.get_by_role("button", name="Send the report").click()
    applicant.page.wait_for_url(f"**{contract_url}")
    pages.append((grantee, f"{P}/grants/{contract.pk}/milestones/{milestone.pk}/report/"))
    applicant.assert_clean()
    applicant.page.context.close()

    focal.goto(contract_url)
    focal.page.locator(f"a[href$='/milestones/{milestone.pk}/review/']").click()
    focal.page.get_by_label("Approve the deliverable").check()
    _accessible(focal, failures)
    focal.page.get_by_role("button", name="Record the review").click()
    focal.page.wait_for_url(f"**{contract_url}")
    focal.assert_clean()
    focal.page.context.close()

    # 6. The PMU pays the first tranche: Output 1 spends it.
    officer.goto(contract_url)
    officer.page.locator(f"a[href$='/milestones/{milestone.pk}/disburse/']").click()
    officer.page.locator("input[name=date]").fill("2014-06-15")
    officer.page.locator("input[name=amount]").fill("30000.00")
    officer.page.locator("input[name=reference]").fill("PV-2014-031")
    _accessible(officer, failures)
    officer.page.get_by_role("button", name="Record the payment").click()
    officer.page.wait_for_url(f"**{contract_url}")
    officer.assert_clean()
    officer.page.context.close()
    payment = Disbursement.objects.get()
    assert payment.amount_eur == Decimal("30000.00")
    spent = _output_1(browser, live_server, pmu, chain["line"])
    assert spent != committed
    assert "30,000.00" in spent or "30000.00" in spent

    # The same pages in Arabic: right to left, and still accessible.
    for user, path in [*pages, (pmu, f"{P}/budget/execution/")]:
        visitor = _as(browser, live_server, user, language="ar")
        visitor.goto(path)
        assert visitor.html_attributes() == ("ar", "rtl"), path
        _accessible(visitor, failures)
        name = path.strip("/").replace("/", "-")
        visitor.screenshot(f"chain-{name}-ar")
        visitor.assert_clean()
        visitor.page.context.close()

    assert not failures, "serious or critical accessibility violations:\n" + "\n".join(failures)
