"""The money rules: tranches add up exactly, nothing is paid before its deliverable is
approved nor beyond what remains, USD equivalents at the stored rate to the cent, and the
budget execution rolls up from the contracts and their payments."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jmdi.finance import selectors as finance_selectors
from jmdi.finance.models import Commitment, Expenditure
from jmdi.grants import services
from jmdi.grants.models import Amendment, Contract, DeliverableReport, Disbursement, Milestone
from jmdi.grants.selectors import MilestoneStatus, milestone_states
from jmdi.grants.tests import factories
from jmdi.initiatives.models import Initiative
from jmdi.initiatives.tests.factories import InitiativeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("programme_once_per_module")]


def _pay(milestone, amount="10000.00", currency="EUR", actor=None, **kwargs):
    defaults = {"date": factories.PAID, "reference": "PV-1"}
    return services.record_disbursement(
        actor=actor,
        milestone=milestone,
        amount=amount,
        currency=currency,
        **(defaults | kwargs),
    )


def _state():
    return (
        Contract.objects.count(),
        Commitment.objects.count(),
        Expenditure.objects.count(),
        Disbursement.objects.count(),
        list(Contract.objects.values_list("status", "amount")),
        list(Milestone.objects.values_list("tranche", flat=True)),
    )


# --- Tranches ---------------------------------------------------------------------------


def test_signing_refuses_tranches_that_do_not_add_up_and_changes_nothing():
    contract = factories.draft(amount="100000.00", tranches=("40000.00", "59999.99"))
    before = _state()
    with pytest.raises(ValidationError) as caught:
        services.sign_contract(
            actor=None,
            contract=contract,
            signed_by_grantee_on=factories.SIGNED,
            signed_by_un_on=factories.SIGNED,
        )
    message = caught.value.message_dict["milestones"][0]
    assert "99,999.99" in message
    assert "100,000.00" in message
    assert "0.01" in message
    assert _state() == before
    contract.refresh_from_db()
    assert contract.status == Contract.Status.DRAFT
    assert contract.initiative.status == Initiative.Status.SELECTED


def test_signing_commits_the_amount_and_funds_the_initiative():
    contract = factories.signed(amount="100000.00")
    assert contract.status == Contract.Status.SIGNED
    commitment = Commitment.objects.get(reference=contract.reference)
    assert commitment.amount_eur == Decimal("100000.00")
    assert commitment.line == contract.line
    assert contract.commitment == commitment
    contract.initiative.refresh_from_db()
    assert contract.initiative.status == Initiative.Status.FUNDED


@pytest.mark.parametrize("tranche", ["0", "-100.00", "10.001", "abc"])
def test_a_tranche_that_is_not_positive_to_the_cent_is_refused(tranche):
    initiative = InitiativeFactory(status=Initiative.Status.SELECTED)
    with pytest.raises(ValidationError) as caught:
        factories.draft(initiative=initiative, amount="100.00", tranches=(tranche, "100.00"))
    assert "milestones" in caught.value.message_dict
    assert not Contract.objects.filter(initiative=initiative).exists()


def test_only_a_selected_initiative_gets_a_contract():
    initiative = InitiativeFactory(status=Initiative.Status.MAPPED)
    with pytest.raises(ValidationError) as caught:
        factories.draft(initiative=initiative)
    assert "initiative" in caught.value.message_dict


def test_the_line_must_be_of_output_one_and_of_the_donor():
    initiative = InitiativeFactory(status=Initiative.Status.SELECTED)
    other_output = factories.budget_line(output="2")
    sdc = factories.budget_line(donor="SDC", amount="100000.00")
    for line, contribution in (
        (other_output, other_output.contribution),
        (sdc, other_output.contribution),
    ):
        with pytest.raises(ValidationError) as caught:
            services.create_contract(
                actor=None,
                initiative=initiative,
                reference="X-1",
                amount="100.00",
                contribution=contribution,
                line=line,
                start_date=factories.START,
                end_date=factories.END,
                milestones=factories.milestones("100.00"),
            )
        assert "line" in caught.value.message_dict


def test_only_the_pmu_drafts_and_signs(focal_ma, grantee, pmu):
    line = factories.budget_line()
    initiative = InitiativeFactory(status=Initiative.Status.SELECTED)
    kwargs = {
        "initiative": initiative,
        "reference": "X-1",
        "amount": "100.00",
        "contribution": line.contribution,
        "line": line,
        "start_date": factories.START,
        "end_date": factories.END,
        "milestones": factories.milestones("100.00"),
    }
    for actor in (focal_ma, grantee):
        with pytest.raises(PermissionDenied):
            services.create_contract(actor=actor, **kwargs)
    contract = services.create_contract(actor=pmu, **kwargs)
    with pytest.raises(PermissionDenied):
        services.sign_contract(
            actor=focal_ma,
            contract=contract,
            signed_by_grantee_on=factories.SIGNED,
            signed_by_un_on=factories.SIGNED,
        )


# --- Disbursements ------------------------------------------------------------------------


def test_a_disbursement_before_the_report_is_approved_is_refused():
    contract = factories.signed()
    milestone = contract.milestones.get(order=1)
    with pytest.raises(ValidationError) as caught:
        _pay(milestone)
    assert "approved" in caught.value.message_dict["amount"][0]
    services.submit_report(actor=None, milestone=milestone, text="Done.")
    before = _state()
    with pytest.raises(ValidationError):
        _pay(milestone)
    assert _state() == before
    services.approve_report(actor=None, milestone=milestone)
    assert _pay(milestone).amount_eur == Decimal("10000.00")


def test_a_disbursement_beyond_the_tranche_is_refused():
    contract = factories.signed(amount="100000.00", tranches=("40000.00", "60000.00"))
    milestone = factories.approved(contract)
    _pay(milestone, amount="30000.00")
    before = _state()
    with pytest.raises(ValidationError) as caught:
        _pay(milestone, amount="10000.01", reference="PV-2")
    assert "10,000.00" in caught.value.message_dict["amount"][0]
    assert _state() == before
    _pay(milestone, amount="10000.00", reference="PV-2")
    assert milestone_states(contract)[0].status == MilestoneStatus.PAID


def test_a_disbursement_beyond_the_contract_is_refused_after_an_amendment_moved_tranches():
    """The contract's own remainder is checked, not only the tranche's."""
    contract = factories.signed(amount="100.00", tranches=("60.00", "40.00"))
    first = factories.approved(contract)
    _pay(first, amount="60.00")
    second = factories.approved(contract, order=2)
    # A tranche cannot be set beyond the contract either: the sum must stay exact.
    with pytest.raises(ValidationError):
        services.amend_contract(
            actor=None,
            contract=contract,
            date=factories.PAID,
            reason="More",
            milestones=[
                services.MilestoneData(
                    first.title, first.deliverable, first.due_date, "60.00", first.pk
                ),
                services.MilestoneData(
                    second.title, second.deliverable, second.due_date, "50.00", second.pk
                ),
            ],
        )
    with pytest.raises(ValidationError) as caught:
        _pay(second, amount="40.01", reference="PV-2")
    assert "40.00" in caught.value.message_dict["amount"][0]
    # The contract's check on its own: a tranche record hand-raised beyond the contract.
    Milestone.objects.filter(pk=second.pk).update(tranche=Decimal("90.00"))
    before = _state()
    with pytest.raises(ValidationError) as caught:
        _pay(second, amount="40.01", reference="PV-2")
    assert "remains of the contract" in caught.value.message_dict["amount"][0]
    assert _state() == before


def test_a_usd_disbursement_keeps_the_stored_rate_and_its_usd_equivalent_to_the_cent():
    contract = factories.signed()
    milestone = factories.approved(contract)
    paid = _pay(milestone, amount="1000.00", currency="USD")
    assert paid.rate == Decimal("0.772")
    assert paid.rate_date == dt.date(2012, 11, 1)
    assert paid.amount_eur == Decimal("772.00")
    assert paid.usd_equivalent == Decimal("1000.00")
    eur = _pay(milestone, amount="1000.00", currency="EUR", reference="PV-2")
    # 1000 / 0.772 = 1295.3367... -> 1295.34
    assert eur.usd_equivalent == Decimal("1295.34")
    assert eur.usd_equivalent == (eur.amount_eur / eur.rate).quantize(Decimal("0.01"))
    awkward = _pay(milestone, amount="333.33", currency="USD", reference="PV-3")
    assert awkward.amount_eur == (Decimal("333.33") * Decimal("0.772")).quantize(Decimal("0.01"))


def test_budget_execution_equals_the_contracts_and_their_disbursements():
    first = factories.signed(amount="100000.00")
    second = factories.signed(amount="50000.00", tranches=("20000.00", "30000.00"))
    _pay(factories.approved(first), amount="25000.00")
    _pay(factories.approved(second), amount="1000.00", currency="USD", reference="PV-2")
    services.amend_contract(
        actor=None,
        contract=second,
        date=factories.PAID,
        reason="A second phase.",
        new_amount="60000.00",
        milestones=[
            services.MilestoneData(m.title, m.deliverable, m.due_date, m.tranche, m.pk)
            for m in second.milestones.order_by("order")
        ]
        + factories.milestones("10000.00"),
    )
    execution = finance_selectors.get_execution("jmdi-2")
    contracts = sum(Contract.objects.values_list("amount", flat=True))
    disbursed = sum(Disbursement.objects.values_list("amount_eur", flat=True))
    assert contracts == Decimal("160000.00")
    assert execution.total.committed == contracts
    assert execution.total.spent == disbursed == Decimal("25772.00")


def test_a_payment_spanning_two_commitments_is_split_between_them():
    contract = factories.signed(amount="100.00", tranches=("100.00",))
    milestone = contract.milestones.get()
    services.amend_contract(
        actor=None,
        contract=contract,
        date=factories.PAID,
        reason="Raise",
        new_amount="150.00",
        milestones=[
            services.MilestoneData(
                milestone.title, milestone.deliverable, milestone.due_date, "150.00", milestone.pk
            )
        ],
    )
    factories.approved(contract)
    paid = _pay(milestone, amount="150.00")
    assert sorted(e.amount for e in paid.expenditures.all()) == [
        Decimal("50.00"),
        Decimal("100.00"),
    ]
    assert all(e.commitment_id for e in paid.expenditures.all())


def test_only_the_pmu_disburses(focal_ma, grantee, pmu):
    milestone = factories.approved(factories.signed())
    for actor in (focal_ma, grantee):
        with pytest.raises(PermissionDenied):
            _pay(milestone, actor=actor)
    assert _pay(milestone, actor=pmu).recorded_by == pmu


# --- Reports ------------------------------------------------------------------------------


def _grantee_contract(grantee):
    organisation = grantee.role_assignments.get().organisation
    initiative = InitiativeFactory(
        status=Initiative.Status.SELECTED, lead_authority=organisation, country=organisation.country
    )
    return factories.signed(initiative=initiative)


def test_the_focal_point_of_another_country_cannot_review(grantee, focal_ma, focal_sn):
    contract = _grantee_contract(grantee)
    milestone = contract.milestones.get(order=1)
    services.submit_report(actor=grantee, milestone=milestone, text="Delivered.")
    with pytest.raises(PermissionDenied):
        services.approve_report(actor=focal_sn, milestone=milestone)
    assert DeliverableReport.objects.get().status == DeliverableReport.Status.SUBMITTED
    services.return_report(actor=focal_ma, milestone=milestone, comment="Add the list.")
    services.submit_report(actor=grantee, milestone=milestone, text="Delivered, with the list.")
    services.approve_report(actor=focal_ma, milestone=milestone)
    report = DeliverableReport.objects.get()
    assert report.status == DeliverableReport.Status.APPROVED
    assert report.history.count() == 4


def test_another_grantee_cannot_submit(grantee):
    contract = factories.signed()
    with pytest.raises(PermissionDenied):
        services.submit_report(actor=grantee, milestone=contract.milestones.first(), text="x")


@pytest.mark.parametrize(
    ("name", "content", "ok"),
    [
        ("a.pdf", b"%PDF-1.7 ...", True),
        ("a.png", b"\x89PNG\r\n\x1a\n....", True),
        ("a.jpg", b"\xff\xd8\xff\xe0....", True),
        ("a.pdf", b"MZ\x90\x00 an exe", False),
        ("a.png", b"%PDF-1.7 ...", False),
        ("a.docx", b"PK\x03\x04 not a zip", False),
    ],
)
def test_evidence_is_checked_by_its_content(name, content, ok):
    from django.core.files.uploadedfile import SimpleUploadedFile

    milestone = factories.signed().milestones.first()
    upload = SimpleUploadedFile(name, content)
    if ok:
        report = services.submit_report(actor=None, milestone=milestone, text="x", evidence=upload)
        assert report.evidence.name.startswith("grants/evidence/")
    else:
        with pytest.raises(ValidationError) as caught:
            services.submit_report(actor=None, milestone=milestone, text="x", evidence=upload)
        assert "evidence" in caught.value.message_dict
        assert not DeliverableReport.objects.exists()


def test_office_documents_are_told_apart_and_size_is_limited(settings):
    from jmdi.grants import evidence

    assert evidence.kind_of(factories.office("docx", "a.docx")) == "docx"
    assert evidence.kind_of(factories.office("xlsx", "a.xlsx")) == "xlsx"
    with pytest.raises(ValidationError):
        evidence.check_evidence(factories.office("xlsx", "a.docx"))
    big = factories.pdf(size=10 * 1024 * 1024)
    with pytest.raises(ValidationError) as caught:
        evidence.check_evidence(big)
    assert "MB" in caught.value.message_dict["evidence"][0]


# --- Amendments and closing -----------------------------------------------------------


def test_an_amendment_keeps_history_and_rechecks_the_tranches():
    contract = factories.signed(amount="100.00", tranches=("50.00", "50.00"))
    first, second = contract.milestones.order_by("order")
    with pytest.raises(ValidationError) as caught:
        services.amend_contract(
            actor=None, contract=contract, date=factories.PAID, reason="More", new_amount="120.00"
        )
    assert "120.00" in caught.value.message_dict["milestones"][0]
    assert not Amendment.objects.exists()
    amendment = services.amend_contract(
        actor=None,
        contract=contract,
        date=factories.PAID,
        reason="More work",
        new_amount="120.00",
        new_end_date=dt.date(2016, 6, 30),
        milestones=[
            services.MilestoneData(
                first.title, first.deliverable, first.due_date, "50.00", first.pk
            ),
            services.MilestoneData(
                second.title, second.deliverable, second.due_date, "70.00", second.pk
            ),
        ],
    )
    contract.refresh_from_db()
    assert contract.amount == Decimal("120.00")
    assert amendment.previous_amount == Decimal("100.00")
    assert amendment.commitment.amount_eur == Decimal("20.00")
    assert contract.history.count() >= 3
    assert Milestone.objects.get(pk=second.pk).history.count() >= 2


def test_an_amendment_cannot_lower_the_amount_nor_drop_a_reported_milestone():
    contract = factories.signed(amount="100.00", tranches=("50.00", "50.00"))
    with pytest.raises(ValidationError) as caught:
        services.amend_contract(
            actor=None, contract=contract, date=factories.PAID, reason="Less", new_amount="90.00"
        )
    assert "new_amount" in caught.value.message_dict
    first = factories.approved(contract)
    second = contract.milestones.get(order=2)
    with pytest.raises(ValidationError) as caught:
        services.amend_contract(
            actor=None,
            contract=contract,
            date=factories.PAID,
            reason="Merge",
            milestones=[
                services.MilestoneData(
                    second.title, second.deliverable, second.due_date, "100.00", second.pk
                )
            ],
        )
    assert "milestones" in caught.value.message_dict
    assert Milestone.objects.filter(pk=first.pk).exists()


def test_nothing_is_paid_on_a_closed_contract():
    contract = factories.signed()
    milestone = factories.approved(contract)
    services.close_contract(
        actor=None, contract=contract, closed_on=factories.PAID, reason="Ended", terminate=False
    )
    with pytest.raises(ValidationError):
        _pay(milestone)


def test_the_measures_sum_per_country_of_the_initiative():
    from jmdi.core.measures import Cell, Period, Scope
    from jmdi.grants.plugin import AMOUNT_COMMITTED, AMOUNT_DISBURSED, CONTRACTS_SIGNED

    ma = factories.signed(amount="100.00", tranches=("100.00",))
    sn = factories.signed(amount="80.00", tranches=("80.00",), country__code="SN")
    factories.draft(amount="70.00", tranches=("70.00",))
    _pay(factories.approved(ma), amount="40.00")
    _pay(factories.approved(sn), amount="100.00", currency="USD", reference="PV-2")
    year = Period("2014", "year", dt.date(2014, 1, 1), dt.date(2014, 12, 31))
    scope = Scope(programme="jmdi-2", periods=(year,), countries=("MA", "SN"))
    committed = AMOUNT_COMMITTED.values(scope)
    assert committed[Cell("MA", "2014")] == Decimal("100.00")
    assert committed[Cell(None, "2014")] == Decimal("180.00")
    disbursed = AMOUNT_DISBURSED.values(scope)
    assert disbursed[Cell("SN", "2014")] == Decimal("77.20")
    assert disbursed[Cell(None, "2014")] == Decimal("117.20")
    assert CONTRACTS_SIGNED.values(scope)[Cell(None, "2014")] == 2
