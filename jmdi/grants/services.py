"""Every change to a grant goes through here: one function per step, keyword arguments,
`actor=` the person acting (None: the platform itself, for the demo), in a transaction,
leaving history. Bad input raises ValidationError naming the field and the fix, and
changes nothing; an actor without the right raises PermissionDenied.

The money:
- `sign_contract` commits the contract's amount on its budget line
  (`finance.services.record_commitment`, reference = the contract's reference) and sets
  the initiative to "funded";
- `amend_contract` that raises the amount commits the difference as a further
  commitment (reference "<contract>-A<n>"). Finance records no release of a commitment,
  so an amendment cannot lower a signed contract's amount (it is refused, saying so);
- `record_disbursement` records an expenditure settling the contract's commitments, in
  order (a payment spanning two commitments is split between them).
So the budget execution's commitments are the sums of the signed contracts, and its
expenditures the sums of their disbursements.

Races: `record_disbursement` and `amend_contract` lock the contract row before reading
what has been paid, so two payments at once cannot together pass the tranche or the
contract; the finance services then lock the budget line (always contract, then line).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from jmdi.finance import services as finance
from jmdi.finance.models import CENT, BudgetLine, Commitment, Currency, Expenditure
from jmdi.grants import permissions
from jmdi.grants.evidence import check_evidence
from jmdi.grants.models import (
    ZERO,
    Amendment,
    Contract,
    DeliverableReport,
    Disbursement,
    Milestone,
)
from jmdi.initiatives import services as initiatives
from jmdi.initiatives.models import Initiative
from jmdi.programmes.models import Contribution, Output, Programme

#: The initiatives a contract may be drawn up for.
CONTRACTABLE = (Initiative.Status.SELECTED, Initiative.Status.FUNDED)


@dataclass(frozen=True)
class MilestoneData:
    """One milestone as a form gives it; `pk` names an existing milestone (amendments)."""

    title: str
    deliverable: str
    due_date: dt.date | None
    tranche: Any
    pk: int | None = None


def _require(allowed: bool, actor: Any) -> None:
    if actor is not None and not allowed:
        raise PermissionDenied


def _eur(value: Decimal) -> str:
    return f"{value:,.2f}"


def parse_money(value: Any) -> Decimal | None:
    """A positive amount to the cent, or None."""
    try:
        amount = Decimal(str(value).strip()) if value not in (None, "") else None
    except InvalidOperation:
        return None
    if amount is None or not amount.is_finite() or amount <= 0 or amount != amount.quantize(CENT):
        return None
    return amount


def output_one(programme: Programme) -> Output | None:
    """The programme's first output: support to local initiatives, which grants fund."""
    return Output.objects.filter(programme=programme).order_by("order", "code").first()


def tranche_mismatch(amount: Decimal, tranches: Decimal) -> str:
    return _(
        "The milestones' tranches add up to EUR %(tranches)s but the contract is for "
        "EUR %(amount)s, a difference of EUR %(difference)s. Change the tranches or the "
        "amount so that they are equal."
    ) % {
        "tranches": _eur(tranches),
        "amount": _eur(amount),
        "difference": _eur(abs(amount - tranches)),
    }


# --- Contract drafting ----------------------------------------------------------------


def _validate_terms(
    *,
    programme: Programme,
    reference: str,
    amount: Any,
    contribution: Contribution | None,
    line: BudgetLine | None,
    start_date: dt.date | None,
    end_date: dt.date | None,
    exclude_pk: int | None,
    errors: dict[str, str],
) -> Decimal | None:
    if not reference.strip():
        errors["reference"] = _("Enter the contract's reference, e.g. JMDI-MA-2014-01.")
    elif (
        Contract.objects.filter(programme=programme, reference=reference.strip())
        .exclude(pk=exclude_pk or 0)
        .exists()
    ):
        errors["reference"] = _("Another contract has this reference; give another one.")
    value = parse_money(amount)
    if value is None:
        errors["amount"] = _(
            "Enter the amount in euros, greater than zero and to the cent, e.g. 85000.00."
        )
    if contribution is None or contribution.programme_id != programme.pk:
        errors["contribution"] = _("Choose the donor whose contribution funds the contract.")
    first_output = output_one(programme)
    if line is None or line.programme_id != programme.pk:
        errors["line"] = _("Choose the budget line the contract is charged to.")
    elif first_output is None or line.output_id != first_output.pk:
        errors["line"] = _("Choose a budget line of Output 1 (support to local initiatives).")
    elif contribution is not None and line.contribution_id != contribution.pk:
        errors["line"] = _("Choose a budget line of the chosen donor's contribution.")
    if start_date is None:
        errors["start_date"] = _("Enter the start date.")
    if end_date is None:
        errors["end_date"] = _("Enter the end date.")
    if start_date and end_date:
        if end_date < start_date:
            errors["end_date"] = _("Enter an end date on or after the start date.")
        elif not (programme.start_date <= start_date and end_date <= programme.end_date):
            errors["end_date"] = _(
                "The contract must fall within the programme, between %(start)s and %(end)s."
            ) % {"start": programme.start_date.isoformat(), "end": programme.end_date.isoformat()}
    return value


def _validate_milestones(milestones: list[MilestoneData], errors: dict[str, str]) -> list[Decimal]:
    if not milestones:
        errors["milestones"] = _("Add at least one milestone with its tranche.")
        return []
    tranches: list[Decimal] = []
    problems: list[str] = []
    for number, item in enumerate(milestones, start=1):
        value = parse_money(item.tranche)
        if value is None:
            problems.append(
                _("milestone %(n)s: enter a tranche greater than zero, to the cent") % {"n": number}
            )
        else:
            tranches.append(value)
        if not item.title.strip():
            problems.append(_("milestone %(n)s: enter its title") % {"n": number})
        if not item.deliverable.strip():
            problems.append(_("milestone %(n)s: say what is delivered") % {"n": number})
        if item.due_date is None:
            problems.append(_("milestone %(n)s: enter its due date") % {"n": number})
    if problems:
        errors["milestones"] = _("Correct the milestones: %(problems)s.") % {
            "problems": "; ".join(problems)
        }
    return tranches


def _write_milestones(contract: Contract, milestones: list[MilestoneData], actor: Any) -> None:
    """Replace a draft's milestones by `milestones`, numbered in order."""
    kept = {item.pk for item in milestones if item.pk}
    for old in contract.milestones.exclude(pk__in=kept):
        old._history_user = actor  # type: ignore[attr-defined]
        old.delete()
    # Move the kept ones out of the way of the numbers they are about to take.
    contract.milestones.filter(pk__in=kept).update(order=F("order") + 10000)
    existing = {m.pk: m for m in contract.milestones.filter(pk__in=kept)}
    for number, item in enumerate(milestones, start=1):
        milestone = existing.get(item.pk) if item.pk else None
        if milestone is None:
            milestone = Milestone(contract=contract)
        milestone.order = number
        milestone.title = item.title.strip()
        milestone.deliverable = item.deliverable.strip()
        assert item.due_date is not None
        milestone.due_date = item.due_date
        milestone.tranche = Decimal(str(item.tranche))
        milestone._history_user = actor  # type: ignore[attr-defined]
        milestone.full_clean(exclude=["contract"])
        milestone.save()


@transaction.atomic
def create_contract(
    *,
    actor: Any,
    initiative: Initiative,
    reference: str,
    amount: Any,
    contribution: Contribution | None,
    line: BudgetLine | None,
    start_date: dt.date | None,
    end_date: dt.date | None,
    milestones: list[MilestoneData],
) -> Contract:
    """Draft the contract of a selected initiative; its grantee is the initiative's lead
    local authority. A draft's tranches need not add up yet: signing checks that."""
    _require(permissions.can_manage_contracts(actor), actor)
    locked = Initiative.objects.select_for_update().get(pk=initiative.pk)
    programme = locked.programme
    errors: dict[str, str] = {}
    if locked.status not in CONTRACTABLE:
        errors["initiative"] = _(
            "Only a selected initiative can be contracted; this one is “%(status)s”."
        ) % {"status": locked.get_status_display()}
    elif Contract.objects.filter(initiative=locked).exists():
        errors["initiative"] = _("This initiative already has a contract; open it instead.")
    value = _validate_terms(
        programme=programme,
        reference=reference,
        amount=amount,
        contribution=contribution,
        line=line,
        start_date=start_date,
        end_date=end_date,
        exclude_pk=None,
        errors=errors,
    )
    _validate_milestones(milestones, errors)
    if errors:
        raise ValidationError(errors)
    assert value is not None
    assert start_date
    assert end_date
    assert contribution
    assert line
    contract = Contract(
        programme=programme,
        reference=reference.strip(),
        initiative=locked,
        grantee_id=locked.lead_authority_id,
        amount=value,
        contribution=contribution,
        line=line,
        start_date=start_date,
        end_date=end_date,
    )
    contract._history_user = actor  # type: ignore[attr-defined]
    contract.full_clean()
    contract.save()
    _write_milestones(contract, milestones, actor)
    return contract


@transaction.atomic
def update_contract(
    *,
    actor: Any,
    contract: Contract,
    reference: str,
    amount: Any,
    contribution: Contribution | None,
    line: BudgetLine | None,
    start_date: dt.date | None,
    end_date: dt.date | None,
    milestones: list[MilestoneData],
) -> Contract:
    """Change a draft. Once signed, a contract changes only through an amendment."""
    _require(permissions.can_manage_contracts(actor), actor)
    locked = Contract.objects.select_for_update().get(pk=contract.pk)
    errors: dict[str, str] = {}
    if not locked.is_draft:
        raise ValidationError({"status": _("A signed contract changes only through an amendment.")})
    value = _validate_terms(
        programme=locked.programme,
        reference=reference,
        amount=amount,
        contribution=contribution,
        line=line,
        start_date=start_date,
        end_date=end_date,
        exclude_pk=locked.pk,
        errors=errors,
    )
    _validate_milestones(milestones, errors)
    foreign = {m.pk for m in milestones if m.pk} - set(
        locked.milestones.values_list("pk", flat=True)
    )
    if foreign:
        errors["milestones"] = _("Correct the milestones: one of them is not of this contract.")
    if errors:
        raise ValidationError(errors)
    assert value is not None
    assert start_date
    assert end_date
    assert contribution
    assert line
    locked.reference = reference.strip()
    locked.amount = value
    locked.contribution = contribution
    locked.line = line
    locked.start_date = start_date
    locked.end_date = end_date
    locked._history_user = actor  # type: ignore[attr-defined]
    locked.full_clean()
    locked.save()
    _write_milestones(locked, milestones, actor)
    return locked


# --- Signing, closing ---------------------------------------------------------------


def _tranche_total(contract: Contract) -> Decimal:
    return contract.milestones.aggregate(total=Sum("tranche"))["total"] or ZERO


def _finance_errors(exc: ValidationError, field: str) -> dict[str, str]:
    """Finance's refusal, said on the contract's own field."""
    return {field: " ".join(exc.messages)}


@transaction.atomic
def sign_contract(
    *,
    actor: Any,
    contract: Contract,
    signed_by_grantee_on: dt.date | None,
    signed_by_un_on: dt.date | None,
) -> Contract:
    """Record both signatures: the contract takes effect, its amount is committed on its
    budget line and the initiative becomes "funded"."""
    _require(permissions.can_manage_contracts(actor), actor)
    locked = Contract.objects.select_for_update().select_related("programme").get(pk=contract.pk)
    errors: dict[str, str] = {}
    if not locked.is_draft:
        raise ValidationError({"status": _("This contract is already signed.")})
    if signed_by_grantee_on is None:
        errors["signed_by_grantee_on"] = _("Enter the day the grantee signed.")
    if signed_by_un_on is None:
        errors["signed_by_un_on"] = _("Enter the day UNDP signed.")
    today = timezone.localdate()
    for field, day in (
        ("signed_by_grantee_on", signed_by_grantee_on),
        ("signed_by_un_on", signed_by_un_on),
    ):
        if day is not None and day > today:
            errors[field] = _("Enter a date that is not in the future.")
    if not locked.milestones.exists():
        errors["milestones"] = _("Add the milestones and their tranches before signing.")
    else:
        tranches = _tranche_total(locked)
        if tranches != locked.amount:
            errors["milestones"] = tranche_mismatch(locked.amount, tranches)
    if errors:
        raise ValidationError(errors)
    assert signed_by_grantee_on is not None
    assert signed_by_un_on is not None
    effective = max(signed_by_grantee_on, signed_by_un_on)
    try:
        commitment = finance.record_commitment(
            actor=actor,
            programme=locked.programme,
            line=locked.line,
            date=effective,
            amount=locked.amount,
            currency=Currency.EUR,
            reference=locked.reference,
            description=_("Grant contract with %(grantee)s") % {"grantee": locked.grantee.name},
        )
    except ValidationError as exc:
        raise ValidationError(_finance_errors(exc, "line")) from exc
    locked.signed_by_grantee_on = signed_by_grantee_on
    locked.signed_by_un_on = signed_by_un_on
    locked.status = Contract.Status.SIGNED
    locked.commitment = commitment
    locked._history_user = actor  # type: ignore[attr-defined]
    locked.save()
    initiatives.set_status(
        actor=actor,
        initiative=locked.initiative,
        status=Initiative.Status.FUNDED,
        reason=_("Contract %(reference)s signed.") % {"reference": locked.reference},
    )
    return locked


@transaction.atomic
def close_contract(
    *, actor: Any, contract: Contract, closed_on: dt.date | None, reason: str, terminate: bool
) -> Contract:
    """Close a signed contract (its work done) or terminate it early (a draft or signed
    one), with the reason. Nothing more can be paid on it."""
    _require(permissions.can_manage_contracts(actor), actor)
    locked = Contract.objects.select_for_update().get(pk=contract.pk)
    errors: dict[str, str] = {}
    allowed = (
        (Contract.Status.DRAFT, Contract.Status.SIGNED) if terminate else (Contract.Status.SIGNED,)
    )
    if locked.status not in allowed:
        errors["status"] = _("Only a signed contract can be closed, and an open one terminated.")
    if closed_on is None:
        errors["closed_on"] = _("Enter the date.")
    if not reason.strip():
        errors["reason"] = _("Say why the contract ends.")
    if errors:
        raise ValidationError(errors)
    locked.status = Contract.Status.TERMINATED if terminate else Contract.Status.CLOSED
    locked.closed_on = closed_on
    locked.end_reason = reason.strip()
    locked._history_user = actor  # type: ignore[attr-defined]
    locked.save()
    return locked


# --- Amendments -----------------------------------------------------------------------


def _snapshot(milestones: Any) -> list[dict[str, str]]:
    return [
        {
            "order": str(m.order),
            "title": m.title,
            "due_date": m.due_date.isoformat(),
            "tranche": str(m.tranche),
        }
        for m in milestones
    ]


def paid_by_milestone(contract: Contract) -> dict[int, Decimal]:
    return {
        row["milestone_id"]: row["paid"]
        for row in Disbursement.objects.filter(contract=contract)
        .order_by()
        .values("milestone_id")
        .annotate(paid=Sum("amount_eur"))
    }


@transaction.atomic
def amend_contract(
    *,
    actor: Any,
    contract: Contract,
    date: dt.date | None,
    reason: str,
    new_amount: Any = None,
    new_end_date: dt.date | None = None,
    milestones: list[MilestoneData] | None = None,
) -> Amendment:
    """Record an amendment of a signed contract: a new amount (raised only), a new end
    date and/or new milestones, whose tranches must again add up exactly to the amount.
    What was paid stays: a milestone paid or reported on cannot be removed, nor its
    tranche set below what it was paid."""
    _require(permissions.can_manage_contracts(actor), actor)
    locked = Contract.objects.select_for_update().select_related("programme").get(pk=contract.pk)
    errors: dict[str, str] = {}
    if not locked.is_signed:
        raise ValidationError({"status": _("Only a signed, open contract can be amended.")})
    if date is None:
        errors["date"] = _("Enter the date of the amendment.")
    if not reason.strip():
        errors["reason"] = _("Say why the contract is amended.")
    amount = locked.amount
    if new_amount not in (None, ""):
        parsed = parse_money(new_amount)
        if parsed is None:
            errors["new_amount"] = _(
                "Enter the new amount in euros, greater than zero and to the cent."
            )
        elif parsed < locked.amount:
            errors["new_amount"] = _(
                "A signed contract's amount can only be raised (the budget cannot yet release "
                "part of a commitment). Keep EUR %(amount)s or more, or close the contract."
            ) % {"amount": _eur(locked.amount)}
        else:
            amount = parsed
    end_date = new_end_date or locked.end_date
    if end_date < locked.start_date:
        errors["new_end_date"] = _("Enter an end date on or after the start date.")
    elif end_date > locked.programme.end_date:
        errors["new_end_date"] = _("Enter an end date within the programme (until %(end)s).") % {
            "end": locked.programme.end_date.isoformat()
        }
    current = list(locked.milestones.select_related("report").order_by("order"))
    if milestones is None:
        milestones = [
            MilestoneData(m.title, m.deliverable, m.due_date, m.tranche, m.pk) for m in current
        ]
    tranches = _validate_milestones(milestones, errors)
    paid = paid_by_milestone(locked)
    by_pk = {m.pk: m for m in current}
    kept = {item.pk for item in milestones if item.pk}
    if kept - set(by_pk):
        errors["milestones"] = _("Correct the milestones: one of them is not of this contract.")
    for m in current:
        if m.pk not in kept and (paid.get(m.pk) or hasattr(m, "report")):
            errors["milestones"] = _(
                "Milestone %(n)s has a report or a payment: keep it in the contract."
            ) % {"n": m.order}
    for item in milestones:
        value = parse_money(item.tranche)
        already = paid.get(item.pk or 0, ZERO)
        if item.pk and value is not None and value < already:
            errors["milestones"] = _(
                "Milestone “%(title)s” has been paid EUR %(paid)s: its tranche cannot be less."
            ) % {"title": item.title, "paid": _eur(already)}
    if "milestones" not in errors and len(tranches) == len(milestones):
        total = sum(tranches, ZERO)
        if total != amount:
            errors["milestones"] = tranche_mismatch(amount, total)
    before = _snapshot(current)
    if not errors and amount == locked.amount and end_date == locked.end_date:
        after = [
            {
                "order": str(n),
                "title": i.title.strip(),
                "due_date": i.due_date.isoformat() if i.due_date else "",
                "tranche": str(parse_money(i.tranche)),
            }
            for n, i in enumerate(milestones, start=1)
        ]
        if after == before:
            errors["reason"] = _("Change the amount, the end date or the milestones.")
    if errors:
        raise ValidationError(errors)
    assert date is not None
    number = (locked.amendments.aggregate(n=Max("number"))["n"] or 0) + 1
    further = None
    if amount > locked.amount:
        try:
            further = finance.record_commitment(
                actor=actor,
                programme=locked.programme,
                line=locked.line,
                date=date,
                amount=amount - locked.amount,
                currency=Currency.EUR,
                reference=f"{locked.reference}-A{number}",
                description=_("Amendment %(n)s of grant contract %(reference)s")
                % {"n": number, "reference": locked.reference},
            )
        except ValidationError as exc:
            raise ValidationError(_finance_errors(exc, "new_amount")) from exc
    previous_amount, previous_end = locked.amount, locked.end_date
    locked.amount = amount
    locked.end_date = end_date
    locked._history_user = actor  # type: ignore[attr-defined]
    locked._change_reason = reason.strip()[:100]  # type: ignore[attr-defined]
    locked.save()
    _write_milestones(locked, milestones, actor)
    amendment = Amendment(
        contract=locked,
        number=number,
        date=date,
        reason=reason.strip(),
        previous_amount=previous_amount,
        new_amount=amount,
        previous_end_date=previous_end,
        new_end_date=end_date,
        previous_milestones=before,
        new_milestones=_snapshot(locked.milestones.order_by("order")),
        commitment=further,
        recorded_by=actor,
    )
    amendment.full_clean()
    amendment.save()
    return amendment


# --- Deliverable reports ----------------------------------------------------------------


def _locked_milestone(milestone: Milestone) -> tuple[Contract, Milestone]:
    contract = (
        Contract.objects.select_for_update()
        .select_related("initiative__country")
        .get(pk=milestone.contract_id)
    )
    return contract, Milestone.objects.get(pk=milestone.pk)


@transaction.atomic
def submit_report(
    *, actor: Any, milestone: Milestone, text: str, evidence: Any = None
) -> DeliverableReport:
    """The grantee reports what the milestone delivered, with an optional evidence file
    (PDF, image, DOCX or XLSX, checked by its content, 10 MB at most)."""
    contract, milestone = _locked_milestone(milestone)
    _require(permissions.can_submit_report(actor, contract), actor)
    errors: dict[str, str] = {}
    if not contract.is_signed:
        errors["text"] = _("Reports are submitted on a signed, open contract.")
    existing = DeliverableReport.objects.filter(milestone=milestone).first()
    if existing is not None and existing.status != DeliverableReport.Status.RETURNED:
        errors["text"] = _(
            "This milestone's report is already submitted; wait for the focal point's review."
        )
    if not text.strip():
        errors["text"] = _("Say what the milestone delivered.")
    if evidence is not None:
        try:
            check_evidence(evidence)
        except ValidationError as exc:
            errors.update({k: v[0] for k, v in exc.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    report = existing or DeliverableReport(milestone=milestone)
    report.text = text.strip()
    report.status = DeliverableReport.Status.SUBMITTED
    report.submitted_by = actor
    report.submitted_at = timezone.now()
    report.reviewed_by = None
    report.reviewed_at = None
    if evidence is not None:
        report.evidence_name = str(evidence.name)[:200]
        report.evidence.save(str(evidence.name), evidence, save=False)
    report._history_user = actor  # type: ignore[attr-defined]
    report.save()
    return report


def _review(*, actor: Any, milestone: Milestone, comment: str, approve: bool) -> DeliverableReport:
    contract, milestone = _locked_milestone(milestone)
    _require(permissions.can_review_report(actor, contract), actor)
    report = DeliverableReport.objects.select_for_update().filter(milestone=milestone).first()
    if report is None or report.status != DeliverableReport.Status.SUBMITTED:
        raise ValidationError(
            {"comment": _("There is no report waiting for review on this milestone.")}
        )
    if not approve and not comment.strip():
        raise ValidationError({"comment": _("Say what the grantee should correct.")})
    report.status = (
        DeliverableReport.Status.APPROVED if approve else DeliverableReport.Status.RETURNED
    )
    report.review_comment = comment.strip()
    report.reviewed_by = actor
    report.reviewed_at = timezone.now()
    report._history_user = actor  # type: ignore[attr-defined]
    report.save()
    return report


@transaction.atomic
def approve_report(*, actor: Any, milestone: Milestone, comment: str = "") -> DeliverableReport:
    """The focal point of the initiative's country approves the deliverable: the
    milestone's tranche may then be paid."""
    return _review(actor=actor, milestone=milestone, comment=comment, approve=True)


@transaction.atomic
def return_report(*, actor: Any, milestone: Milestone, comment: str) -> DeliverableReport:
    """The focal point returns the report with what to correct; the grantee resubmits."""
    return _review(actor=actor, milestone=milestone, comment=comment, approve=False)


# --- Disbursements --------------------------------------------------------------------


def _commitments(contract: Contract) -> list[Commitment]:
    ids = [
        contract.commitment_id,
        *list(
            contract.amendments.exclude(commitment=None)
            .order_by("number")
            .values_list("commitment_id", flat=True)
        ),
    ]
    found = Commitment.objects.in_bulk([i for i in ids if i])
    return [found[i] for i in ids if i in found]


def _largest_within(programme: Programme, open_eur: Decimal, currency: str) -> Decimal:
    """The largest amount in `currency` whose euros do not pass `open_eur`."""
    if currency == programme.budget_currency:
        return open_eur
    part = finance.to_cents(open_eur / finance.convert(programme, Decimal(1), currency).amount_eur)
    while part > 0 and finance.convert(programme, part, currency).amount_eur > open_eur:
        part -= CENT
    return part


def _settle(
    *,
    actor: Any,
    contract: Contract,
    date: dt.date,
    amount: Decimal,
    currency: str,
    reference: str,
    description: str,
) -> list[Expenditure]:
    programme = contract.programme
    left = amount
    spent: list[Expenditure] = []
    commitments = _commitments(contract)
    for index, commitment in enumerate(commitments):
        settled = commitment.settlements.aggregate(total=Sum("amount_eur"))["total"] or ZERO
        open_eur = commitment.amount_eur - settled
        last = index == len(commitments) - 1
        if open_eur <= 0 and not last:
            continue
        whole = finance.convert(programme, left, currency).amount_eur
        part = (
            left if (whole <= open_eur or last) else _largest_within(programme, open_eur, currency)
        )
        if part <= 0:
            continue
        spent.append(
            finance.record_expenditure(
                actor=actor,
                programme=programme,
                line=contract.line,
                commitment=commitment,
                date=date,
                amount=part,
                currency=currency,
                reference=reference,
                description=description,
            )
        )
        left -= part
        if left <= 0:
            break
    return spent


@transaction.atomic
def record_disbursement(
    *,
    actor: Any,
    milestone: Milestone,
    date: dt.date | None,
    amount: Any,
    currency: str,
    reference: str,
) -> Disbursement:
    """Pay (part of) a milestone's tranche, once its deliverable report is approved.

    Stores the amount in its currency, its euros, the programme's stored rate and its
    date, and the USD equivalent at that rate, to the cent; records the expenditure
    settling the contract's commitment. Never more than what remains of the tranche nor
    of the contract: the contract row is locked first, so a second request waits and then
    sees the first payment."""
    _require(permissions.can_record_disbursement(actor), actor)
    contract = (
        Contract.objects.select_for_update()
        .select_related("programme", "grantee")
        .get(pk=milestone.contract_id)
    )
    milestone = Milestone.objects.select_related("report").get(pk=milestone.pk)
    programme = contract.programme
    errors: dict[str, str] = {}
    if not contract.is_signed:
        raise ValidationError({"amount": _("Payments are made on a signed, open contract.")})
    report = getattr(milestone, "report", None)
    if report is None or report.status != DeliverableReport.Status.APPROVED:
        raise ValidationError(
            {
                "amount": _(
                    "Milestone %(n)s cannot be paid yet: its deliverable report must first be "
                    "approved by the focal point."
                )
                % {"n": milestone.order}
            }
        )
    value = parse_money(amount)
    if value is None:
        errors["amount"] = _("Enter the amount, greater than zero and to the cent.")
    if currency not in Currency.values:
        errors["currency"] = _("Choose EUR or USD.")
    if not reference.strip():
        errors["reference"] = _("Enter the payment's reference (the payment voucher).")
    if date is None:
        errors["date"] = _("Enter the payment date.")
    else:
        signed_on = contract.signed_on
        if signed_on is not None and date < signed_on:
            errors["date"] = _("Enter a date on or after the contract's signature (%(day)s).") % {
                "day": signed_on.isoformat()
            }
        elif date > timezone.localdate():
            errors["date"] = _("Enter a date that is not in the future.")
        elif date > programme.end_date:
            errors["date"] = _("Enter a date within the programme (until %(end)s).") % {
                "end": programme.end_date.isoformat()
            }
    if errors:
        raise ValidationError(errors)
    assert value is not None
    assert date is not None
    conversion = finance.convert(programme, value, currency)
    paid = Disbursement.objects.filter(contract=contract).aggregate(
        total=Sum("amount_eur"),
        here=Sum("amount_eur", filter=Q(milestone_id=milestone.pk)),
    )
    left_tranche = milestone.tranche - (paid["here"] or ZERO)
    left_contract = contract.amount - (paid["total"] or ZERO)
    if conversion.amount_eur > left_tranche:
        raise ValidationError(
            {
                "amount": _(
                    "The payment (EUR %(eur)s) exceeds what remains of milestone %(n)s's "
                    "tranche: EUR %(left)s."
                )
                % {
                    "eur": _eur(conversion.amount_eur),
                    "n": milestone.order,
                    "left": _eur(left_tranche),
                }
            }
        )
    if conversion.amount_eur > left_contract:
        raise ValidationError(
            {
                "amount": _(
                    "The payment (EUR %(eur)s) exceeds what remains of the contract: EUR %(left)s."
                )
                % {"eur": _eur(conversion.amount_eur), "left": _eur(left_contract)}
            }
        )
    expenditures = _settle(
        actor=actor,
        contract=contract,
        date=date,
        amount=value,
        currency=currency,
        reference=reference.strip(),
        description=_("Milestone %(n)s of grant contract %(reference)s")
        % {"n": milestone.order, "reference": contract.reference},
    )
    amount_eur = sum((e.amount_eur for e in expenditures), ZERO)
    usd = value if currency == "USD" else finance.usd_equivalent(programme, amount_eur)
    disbursement = Disbursement(
        contract=contract,
        milestone=milestone,
        date=date,
        amount=value,
        currency=currency,
        amount_eur=amount_eur,
        rate=programme.exchange_rate,
        rate_date=programme.rate_date,
        usd_equivalent=usd,
        reference=reference.strip(),
        recorded_by=actor,
    )
    disbursement._history_user = actor  # type: ignore[attr-defined]
    disbursement.full_clean()
    disbursement.save()
    disbursement.expenditures.set(expenditures)
    return disbursement
