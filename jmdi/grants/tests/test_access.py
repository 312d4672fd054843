"""Who may open each grants page and do each grants action: the policy as a table.

    OK     200            NO     403 (signed in, may read the contract but not do this)
    GONE   404 (a contract not theirs to know of)
    LOGIN  302 to sign-in   DONE   302 back to the contract (the action was done)

Two contracts: "mine", of the grantee persona's organisation in Morocco (its first
milestone's report waits for review, with an evidence file), and "theirs", of another
local authority in Senegal (its first milestone approved). A refused page's body holds
none of the refused contract's data.
"""

from __future__ import annotations

import pytest

from jmdi.directory.tests.factories import OrganisationFactory
from jmdi.grants import services
from jmdi.grants.models import Contract, DeliverableReport, Disbursement
from jmdi.grants.tests import factories
from jmdi.initiatives.models import Initiative
from jmdi.initiatives.tests.factories import InitiativeFactory

pytestmark = pytest.mark.usefixtures("programme_once_per_module")

OK, NO, GONE = 200, 403, 404
LOGIN, DONE = "302 to sign-in", "302 done"

COLUMNS = (
    "anonymous", "outsider", "member", "training_staff", "grantee",
    "reviewer_ma", "focal_ma", "focal_sn", "steering", "technical", "pmu",
)  # fmt: skip
P = "/programmes/jmdi-2/grants"
SECRET_TITLE = "Secret Dakar diaspora fund"
SECRET_REF = "JMDI-SN-SECRET-01"
MY_TITLE = "Oujda returnees' cooperative"

# fmt: off
PAGES: dict[str, tuple[object, ...]] = {
    #                              anonym outsid member traini grante rev_ma foc_ma foc_sn steeri techni pmu
    f"{P}/":                       (LOGIN, NO,    NO,    NO,    OK,    NO,    OK,    OK,    OK,    OK,    OK),
    f"{P}/?status=signed":         (LOGIN, NO,    NO,    NO,    OK,    NO,    OK,    OK,    OK,    OK,    OK),
    f"{P}/new/":                   (LOGIN, NO,    NO,    NO,    NO,    NO,    NO,    NO,    NO,    NO,    OK),
    "{mine}":                      (LOGIN, GONE,  GONE,  GONE,  OK,    GONE,  OK,    GONE,  OK,    OK,    OK),
    "{theirs}":                    (LOGIN, GONE,  GONE,  GONE,  GONE,  GONE,  GONE,  OK,    OK,    OK,    OK),
    "{theirs}edit/":               (LOGIN, GONE,  GONE,  GONE,  GONE,  GONE,  GONE,  NO,    NO,    NO,    302),
    "{theirs}amend/":              (LOGIN, GONE,  GONE,  GONE,  GONE,  GONE,  GONE,  NO,    NO,    NO,    OK),
    "{mine_m2}report/":            (LOGIN, GONE,  GONE,  GONE,  OK,    GONE,  NO,    GONE,  NO,    NO,    NO),
    "{theirs_m2}report/":          (LOGIN, GONE,  GONE,  GONE,  GONE,  GONE,  GONE,  NO,    NO,    NO,    NO),
    "{mine_m1}review/":            (LOGIN, GONE,  GONE,  GONE,  NO,    GONE,  OK,    GONE,  NO,    NO,    NO),
    "{mine_m1}evidence/":          (LOGIN, GONE,  GONE,  GONE,  OK,    GONE,  OK,    GONE,  OK,    OK,    OK),
    "{theirs_m1}disburse/":        (LOGIN, GONE,  GONE,  GONE,  GONE,  GONE,  GONE,  NO,    NO,    NO,    OK),
}

ACTIONS: dict[str, tuple[object, ...]] = {
    #                              anonym outsid member traini grante rev_ma foc_ma foc_sn steeri techni pmu
    "approve my report":           (LOGIN, GONE,  GONE,  GONE,  NO,    GONE,  DONE,  GONE,  NO,    NO,    NO),
    "return my report":            (LOGIN, GONE,  GONE,  GONE,  NO,    GONE,  DONE,  GONE,  NO,    NO,    NO),
    "report on my milestone 2":    (LOGIN, GONE,  GONE,  GONE,  DONE,  GONE,  NO,    GONE,  NO,    NO,    NO),
    "report on their milestone 2": (LOGIN, GONE,  GONE,  GONE,  GONE,  GONE,  GONE,  NO,    NO,    NO,    NO),
    "pay their milestone 1":       (LOGIN, GONE,  GONE,  GONE,  GONE,  GONE,  GONE,  NO,    NO,    NO,    DONE),
    "amend their contract":        (LOGIN, GONE,  GONE,  GONE,  GONE,  GONE,  GONE,  NO,    NO,    NO,    DONE),
    "close their contract":        (LOGIN, GONE,  GONE,  GONE,  GONE,  GONE,  GONE,  NO,    NO,    NO,    DONE),
    "draw up a contract":          (LOGIN, NO,    NO,    NO,    NO,    NO,    NO,    NO,    NO,    NO,    DONE),
}
# fmt: on


@pytest.fixture
def records(db, grantee):
    organisation = grantee.role_assignments.get().organisation
    mine = factories.signed(
        initiative=InitiativeFactory(
            status=Initiative.Status.SELECTED,
            lead_authority=organisation,
            country=organisation.country,
            title=MY_TITLE,
        )
    )
    m1, m2 = mine.milestones.order_by("order")
    services.submit_report(actor=None, milestone=m1, text="Delivered.", evidence=factories.pdf())
    sn = OrganisationFactory(country__code="SN", name="Ville de Dakar")
    theirs = factories.signed(
        reference=SECRET_REF,
        initiative=InitiativeFactory(
            status=Initiative.Status.SELECTED,
            lead_authority=sn,
            country=sn.country,
            title=SECRET_TITLE,
        ),
    )
    t1, t2 = theirs.milestones.order_by("order")
    factories.approved(theirs)
    selected = InitiativeFactory(status=Initiative.Status.SELECTED)
    return {
        "mine": f"{P}/{mine.pk}/",
        "theirs": f"{P}/{theirs.pk}/",
        "mine_m1": f"{P}/{mine.pk}/milestones/{m1.pk}/",
        "mine_m2": f"{P}/{mine.pk}/milestones/{m2.pk}/",
        "theirs_m1": f"{P}/{theirs.pk}/milestones/{t1.pk}/",
        "theirs_m2": f"{P}/{theirs.pk}/milestones/{t2.pk}/",
        "theirs_contract": theirs,
        "selected": selected,
    }


def _action(name: str, records: dict) -> tuple[str, dict[str, object]]:
    theirs = records["theirs_contract"]
    line = factories.budget_line()
    milestones = {
        "milestones-TOTAL_FORMS": "1",
        "milestones-INITIAL_FORMS": "0",
        "milestones-0-title": "One",
        "milestones-0-deliverable": "All",
        "milestones-0-due_date": "2014-09-01",
        "milestones-0-tranche": "500.00",
    }
    amend = {"milestones-TOTAL_FORMS": "2", "milestones-INITIAL_FORMS": "2"}
    for n, m in enumerate(theirs.milestones.order_by("order")):
        amend |= {
            f"milestones-{n}-pk": str(m.pk),
            f"milestones-{n}-title": m.title,
            f"milestones-{n}-deliverable": m.deliverable,
            f"milestones-{n}-due_date": m.due_date.isoformat(),
            f"milestones-{n}-tranche": str(m.tranche),
        }
    return {
        "approve my report": (f"{records['mine_m1']}review/", {"decision": "approve"}),
        "return my report": (
            f"{records['mine_m1']}review/",
            {"decision": "return", "comment": "Add the list."},
        ),
        "report on my milestone 2": (f"{records['mine_m2']}report/", {"text": "Done."}),
        "report on their milestone 2": (f"{records['theirs_m2']}report/", {"text": "Done."}),
        "pay their milestone 1": (
            f"{records['theirs_m1']}disburse/",
            {"date": "2014-06-01", "amount": "100.00", "currency": "EUR", "reference": "PV-9"},
        ),
        "amend their contract": (
            f"{records['theirs']}amend/",
            {"date": "2014-06-01", "reason": "Later", "new_end_date": "2016-01-31"} | amend,
        ),
        "close their contract": (
            f"{records['theirs']}close/",
            {"terminate": "1", "closed_on": "2014-06-01", "reason": "Stopped"},
        ),
        "draw up a contract": (
            f"{P}/new/",
            {
                "initiative": str(records["selected"].pk),
                "reference": "NEW-1",
                "amount": "500.00",
                "contribution": str(line.contribution_id),
                "line": str(line.pk),
                "start_date": "2014-01-01",
                "end_date": "2015-01-01",
            }
            | milestones,
        ),
    }[name]


def _state() -> tuple:
    return (
        list(Contract.objects.order_by("pk").values_list("status", "amount", "end_date")),
        list(DeliverableReport.objects.order_by("pk").values_list("status", "text")),
        Disbursement.objects.count(),
    )


def _check(response, expected: object, what: str, persona: str) -> None:
    if expected == LOGIN:
        assert response.status_code == 302, what
        assert response["Location"].startswith("/accounts/login/?next="), what
    elif expected == DONE:
        assert response.status_code == 302, (what, response.status_code)
        assert not response["Location"].startswith("/accounts/login/"), what
    else:
        assert response.status_code == expected, f"{what}: {response.status_code} != {expected}"
    if getattr(response, "streaming", False):
        return
    body = response.content.decode()
    if response.status_code in (403, 404):
        for secret in (SECRET_TITLE, SECRET_REF, MY_TITLE):
            assert secret not in body, (what, secret)
    if persona in ("grantee", "focal_ma") and response.status_code == 200:
        assert SECRET_TITLE not in body, what
        assert SECRET_REF not in body, what


PAGE_CASES = [(page, persona) for page in PAGES for persona in COLUMNS]
ACTION_CASES = [(name, persona) for name in ACTIONS for persona in COLUMNS]


def test_the_tables_cover_every_persona_of_the_suite():
    import conftest

    assert set(COLUMNS) == set(conftest.PERSONAS)


@pytest.mark.parametrize(
    ("page", "persona"), PAGE_CASES, ids=[f"{p} as {who}" for p, who in PAGE_CASES]
)
def test_page_access(client_as, records, page, persona):
    url = page.format(**records)
    response = client_as(persona).get(url)
    _check(response, dict(zip(COLUMNS, PAGES[page], strict=True))[persona], url, persona)


@pytest.mark.parametrize(
    ("name", "persona"), ACTION_CASES, ids=[f"{n} as {who}" for n, who in ACTION_CASES]
)
def test_action_access(client_as, records, name, persona):
    url, data = _action(name, records)
    before = _state()
    response = client_as(persona).post(url, data)
    expected = dict(zip(COLUMNS, ACTIONS[name], strict=True))[persona]
    _check(response, expected, f"POST {url}", persona)
    if expected == DONE:
        assert _state() != before, name
    else:  # a refused action changes nothing
        assert _state() == before, name
