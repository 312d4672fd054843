"""Reads of the grants for pages and other apps; each a fixed number of queries whatever
the number of contracts, milestones or payments.

Public (a task inbox may call them):
- `contracts_visible_to(user)`: the contracts `user` may read, annotated with what was
  paid;
- `get_contract_for(user, programme_code, pk)`: one contract, 404 when not visible;
- `milestone_states(contract)`: each milestone with its report, amount paid, amount
  remaining and status (pending / report submitted / returned / approved / partly paid /
  paid);
- `reports_waiting_for(user)`: deliverable reports `user` may review now;
- `milestones_payable_by(user)`: approved milestones with something left to pay, for the
  PMU;
- `reports_to_submit_by(user)`: milestones of `user`'s signed contracts with no report
  yet, or a returned one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, F, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from jmdi.core.roles import Role
from jmdi.core.scopes import scopes_of
from jmdi.grants import permissions
from jmdi.grants.models import ZERO, Contract, DeliverableReport, Disbursement, Milestone

MONEY = DecimalField(max_digits=14, decimal_places=2)


class MilestoneStatus:
    PENDING = "pending"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    APPROVED = "approved"
    PARTLY_PAID = "partly_paid"
    PAID = "paid"

    LABELS = {
        PENDING: _("Pending"),
        SUBMITTED: _("Report submitted"),
        RETURNED: _("Report returned"),
        APPROVED: _("Approved"),
        PARTLY_PAID: _("Partly paid"),
        PAID: _("Paid"),
    }


def _paid_subquery() -> Subquery:
    return Subquery(
        Disbursement.objects.filter(contract=OuterRef("pk"))
        .order_by()
        .values("contract")
        .annotate(total=Sum("amount_eur"))
        .values("total")[:1],
        output_field=MONEY,
    )


def contracts_visible_to(user: Any, programme_code: str | None = None) -> QuerySet[Contract]:
    queryset = Contract.objects.filter(permissions.visible_contracts_q(user))
    if programme_code is not None:
        queryset = queryset.filter(programme__code=programme_code)
    return queryset.select_related(
        "initiative__country", "grantee", "contribution__donor", "line", "programme"
    ).annotate(paid=Coalesce(_paid_subquery(), Value(ZERO), output_field=MONEY))


def get_contract_for(user: Any, programme_code: str, pk: int) -> Contract:
    contract = contracts_visible_to(user, programme_code).filter(pk=pk).first()
    if contract is None:
        raise Http404("No such contract")
    return contract


@dataclass
class MilestoneState:
    milestone: Milestone
    report: DeliverableReport | None
    paid: Decimal
    status: str

    @property
    def remaining(self) -> Decimal:
        return self.milestone.tranche - self.paid

    @property
    def status_label(self) -> str:
        return str(MilestoneStatus.LABELS[self.status])


def _status(report: DeliverableReport | None, paid: Decimal, tranche: Decimal) -> str:
    if paid >= tranche:
        return MilestoneStatus.PAID
    if paid > 0:
        return MilestoneStatus.PARTLY_PAID
    if report is None:
        return MilestoneStatus.PENDING
    return {
        DeliverableReport.Status.SUBMITTED: MilestoneStatus.SUBMITTED,
        DeliverableReport.Status.RETURNED: MilestoneStatus.RETURNED,
        DeliverableReport.Status.APPROVED: MilestoneStatus.APPROVED,
    }[DeliverableReport.Status(report.status)]


def milestone_states(contract: Contract) -> list[MilestoneState]:
    """Every milestone of `contract` with its report and payments. One query."""
    milestones = (
        Milestone.objects.filter(contract=contract)
        .select_related("report")
        .annotate(
            paid=Coalesce(
                Subquery(
                    Disbursement.objects.filter(milestone=OuterRef("pk"))
                    .order_by()
                    .values("milestone")
                    .annotate(total=Sum("amount_eur"))
                    .values("total")[:1],
                    output_field=MONEY,
                ),
                Value(ZERO),
                output_field=MONEY,
            )
        )
        .order_by("order")
    )
    states = []
    for milestone in milestones:
        report = getattr(milestone, "report", None)
        paid = Decimal(milestone.paid)
        states.append(
            MilestoneState(milestone, report, paid, _status(report, paid, milestone.tranche))
        )
    return states


@dataclass
class ContractPage:
    contract: Contract
    milestones: list[MilestoneState]
    disbursements: list[Disbursement]
    amendments: list[Any]
    paid: Decimal
    tranches: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.contract.amount - self.paid


def get_contract_page(user: Any, programme_code: str, pk: int) -> ContractPage:
    """What the contract's page shows. Four queries."""
    contract = get_contract_for(user, programme_code, pk)
    states = milestone_states(contract)
    disbursements = list(
        Disbursement.objects.filter(contract=contract)
        .select_related("milestone")
        .order_by("date", "pk")
    )
    amendments = list(contract.amendments.order_by("number"))
    return ContractPage(
        contract=contract,
        milestones=states,
        disbursements=disbursements,
        amendments=amendments,
        paid=Decimal(contract.paid),  # type: ignore[attr-defined]
        tranches=sum((s.milestone.tranche for s in states), ZERO),
    )


def get_milestone_for(user: Any, contract: Contract, milestone_pk: int) -> Milestone:
    milestone = (
        Milestone.objects.filter(contract=contract, pk=milestone_pk)
        .select_related("report")
        .first()
    )
    if milestone is None:
        raise Http404("No such milestone")
    return milestone


def paid_on(milestone: Milestone) -> Decimal:
    total = Disbursement.objects.filter(milestone=milestone).aggregate(t=Sum("amount_eur"))["t"]
    return total or ZERO


# --- For a task inbox -------------------------------------------------------------------


def reports_waiting_for(user: Any) -> QuerySet[DeliverableReport]:
    """Reports submitted on the contracts of the focal point's countries."""
    countries = scopes_of(user).countries_for(Role.FOCAL_POINT)
    return (
        DeliverableReport.objects.filter(
            status=DeliverableReport.Status.SUBMITTED,
            milestone__contract__initiative__country__code__in=sorted(countries),
            milestone__contract__status=Contract.Status.SIGNED,
        )
        .select_related("milestone__contract__initiative__country")
        .order_by("submitted_at")
    )


def milestones_payable_by(user: Any) -> QuerySet[Milestone]:
    """Approved milestones with something left to pay (the PMU only)."""
    if not permissions.can_record_disbursement(user):
        return Milestone.objects.none()
    paid = Coalesce(
        Subquery(
            Disbursement.objects.filter(milestone=OuterRef("pk"))
            .order_by()
            .values("milestone")
            .annotate(total=Sum("amount_eur"))
            .values("total")[:1],
            output_field=MONEY,
        ),
        Value(ZERO),
        output_field=MONEY,
    )
    return (
        Milestone.objects.filter(
            report__status=DeliverableReport.Status.APPROVED,
            contract__status=Contract.Status.SIGNED,
        )
        .annotate(paid=paid)
        .filter(paid__lt=F("tranche"))
        .select_related("contract__initiative")
        .order_by("due_date", "pk")
    )


def reports_to_submit_by(user: Any, today: dt.date | None = None) -> QuerySet[Milestone]:
    """Milestones of the grantee's signed contracts with no report yet or a returned one;
    with `today`, only those due by then."""
    organisations = scopes_of(user).organisations_for(Role.GRANTEE)
    queryset = Milestone.objects.filter(
        contract__grantee_id__in=sorted(organisations),
        contract__status=Contract.Status.SIGNED,
    ).filter(Q(report__isnull=True) | Q(report__status=DeliverableReport.Status.RETURNED))
    if today is not None:
        queryset = queryset.filter(due_date__lte=today)
    return queryset.select_related("contract").order_by("due_date", "pk")
