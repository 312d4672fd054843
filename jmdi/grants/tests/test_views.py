"""The grants pages at work: query counts that do not grow with the data, the forms'
errors at their fields, the budget page adding up to the contracts, and the demo."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jmdi.core.plugins import DemoContext
from jmdi.grants import demo, services
from jmdi.grants.models import Contract, DeliverableReport, Disbursement, Milestone
from jmdi.grants.tests import factories
from jmdi.initiatives.models import Initiative
from jmdi.initiatives.tests.factories import InitiativeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("programme_once_per_module")]

P = "/programmes/jmdi-2/grants"


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _paid_contract(tranches: tuple[str, ...]) -> Contract:
    total = sum((Decimal(t) for t in tranches), Decimal(0))
    contract = factories.signed(amount=str(total), tranches=tranches)
    for order in range(1, len(tranches) + 1):
        milestone = factories.approved(contract, order)
        for n in range(2):
            services.record_disbursement(
                actor=None,
                milestone=milestone,
                date=factories.PAID,
                amount=str(Decimal(tranches[order - 1]) / 4),
                currency="USD" if n else "EUR",
                reference=f"PV-{order}-{n}",
            )
    return contract


def test_the_list_costs_the_same_queries_for_two_and_for_six_contracts(
    client_as, django_assert_num_queries
):
    client = client_as("pmu")
    for _ in range(2):
        _paid_contract(("100.00",))
    small = _count(client, f"{P}/")
    for _ in range(4):
        _paid_contract(("100.00", "200.00"))
    with django_assert_num_queries(small):
        response = client.get(f"{P}/")
    assert response.context["page_obj"].paginator.count == 6


def test_the_contract_page_costs_the_same_queries_for_one_and_for_four_milestones(
    client_as, django_assert_num_queries
):
    client = client_as("pmu")
    one = _paid_contract(("100.00",))
    four = _paid_contract(("100.00", "200.00", "300.00", "400.00"))
    small = _count(client, f"{P}/{one.pk}/")
    with django_assert_num_queries(small):
        response = client.get(f"{P}/{four.pk}/")
    assert len(response.context["page"].milestones) == 4
    assert response.context["page"].paid == Decimal("1000.00") - Decimal("0") - (
        response.context["page"].remaining
    )


def test_the_budget_page_shows_the_contracts_and_their_payments(client_as):
    first = _paid_contract(("100.00", "300.00"))
    second = factories.signed(amount="999.99", tranches=("999.99",))
    response = client_as("pmu").get("/programmes/jmdi-2/budget/execution/")
    total = response.context["execution"].total
    assert total.committed == first.amount + second.amount
    assert total.spent == sum(Disbursement.objects.values_list("amount_eur", flat=True))
    assert total.spent > 0


def test_tranches_that_do_not_add_up_are_refused_at_signing_with_both_figures(client_as):
    contract = factories.draft(amount="100.00", tranches=("30.00", "60.00"))
    response = client_as("pmu").post(
        f"{P}/{contract.pk}/sign/",
        {"signed_by_grantee_on": "2014-02-01", "signed_by_un_on": "2014-02-02"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "90.00" in body
    assert "100.00" in body
    assert "10.00" in body
    contract.refresh_from_db()
    assert contract.status == Contract.Status.DRAFT


def test_a_payment_beyond_the_tranche_is_refused_at_the_amount_field(client_as):
    contract = factories.signed(amount="100.00", tranches=("100.00",))
    milestone = factories.approved(contract)
    response = client_as("pmu").post(
        f"{P}/{contract.pk}/milestones/{milestone.pk}/disburse/",
        {"date": "2014-06-01", "amount": "100.01", "currency": "EUR", "reference": "PV-1"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["amount"]
    assert not Disbursement.objects.exists()


def test_the_grantee_reports_with_evidence_and_the_focal_point_approves(client_as, grantee):
    organisation = grantee.role_assignments.get().organisation
    contract = factories.signed(
        initiative=InitiativeFactory(
            status=Initiative.Status.SELECTED,
            lead_authority=organisation,
            country=organisation.country,
        )
    )
    milestone = contract.milestones.get(order=1)
    client = client_as("grantee")
    response = client.post(
        f"{P}/{contract.pk}/milestones/{milestone.pk}/report/",
        {"text": "Trained 40 officers.", "evidence": factories.office("docx", "list.docx")},
    )
    assert response.status_code == 302
    report = DeliverableReport.objects.get()
    assert report.evidence_name == "list.docx"
    assert client.get(f"{P}/{contract.pk}/").context["page"].milestones[0].status == "submitted"


def test_the_demo_brings_the_selected_initiatives_to_their_stages_once(pmu, grantee, focal_ma):
    factories.budget_line(amount="3000000.00")
    factories.budget_line(donor="SDC", amount="1000000.00")
    organisation = grantee.role_assignments.get().organisation
    mine = InitiativeFactory(
        status=Initiative.Status.SELECTED, lead_authority=organisation, country=organisation.country
    )
    others = [InitiativeFactory(status=Initiative.Status.SELECTED) for _ in range(15)]
    said: list[str] = []
    context = DemoContext(password="x", say=said.append)
    demo.demo_step(context)
    counts = (
        Contract.objects.count(),
        Milestone.objects.count(),
        DeliverableReport.objects.count(),
        Disbursement.objects.count(),
    )
    assert counts[0] == 16
    statuses = set(Contract.objects.values_list("status", flat=True))
    assert statuses == {"draft", "signed", "closed"}
    assert Contract.objects.filter(amendments__isnull=False).count() == 1
    contract = Contract.objects.get(initiative=mine)
    states = [s.status for s in services_states(contract)]
    assert states[:2] == ["paid", "submitted"]
    demo.demo_step(context)
    assert (
        Contract.objects.count(),
        Milestone.objects.count(),
        DeliverableReport.objects.count(),
        Disbursement.objects.count(),
    ) == counts
    assert len(others) == 15


def services_states(contract):
    from jmdi.grants.selectors import milestone_states

    return milestone_states(contract)


def test_the_demo_does_nothing_without_selected_initiatives():
    demo.demo_step(DemoContext(password="x", say=lambda _m: None))
    assert not Contract.objects.exists()


def test_the_generator_writes_contracts_for_one_initiative_in_n_and_only_once():
    import random

    from jmdi.core.plugins import GeneratorContext

    factories.budget_line()
    for _ in range(20):
        InitiativeFactory()
    context = GeneratorContext(
        scale="small", rng=random.Random(1), progress=lambda _m: None, sizes={"contract_every": 10}
    )
    demo.generator_step(context)
    assert context.counts["grant_contracts"] == 2
    assert Milestone.objects.count() == 6
    assert Disbursement.objects.count() == 2
    for contract in Contract.objects.all():
        assert sum(m.tranche for m in contract.milestones.all()) == contract.amount
    demo.generator_step(context)
    assert Contract.objects.count() == 2
