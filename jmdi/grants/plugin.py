"""What the grants app adds: "Grants" in the navigation of those who read contracts, the
measures of money committed and disbursed and of contracts signed (per country through the
initiative's country), the demo's sixteen contracts, synthetic contracts at scale, and the
contract page as a benchmark."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jmdi.core.measures import QuerysetMeasure
from jmdi.core.plugins import BenchmarkPage, DemoStep, GeneratorStep, NavEntry, Plugin
from jmdi.grants import demo, inbox, permissions
from jmdi.grants.models import Contract, Disbursement

#: Contracts that committed money: signed, then closed or terminated.
COMMITTED = (Contract.Status.SIGNED, Contract.Status.CLOSED, Contract.Status.TERMINATED)


def _list() -> str:
    return reverse("grants:list", args=[settings.JMDI_DEFAULT_PROGRAMME])


def _a_contract() -> str:
    pk = (
        Contract.objects.filter(
            programme__code=settings.JMDI_DEFAULT_PROGRAMME, status=Contract.Status.SIGNED
        )
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    return reverse("grants:detail", args=[settings.JMDI_DEFAULT_PROGRAMME, pk or 0])


def _contract_visible(user: object) -> Q:
    return permissions.visible_contracts_q(user)


def _disbursement_visible(user: object) -> Q:
    return Q(contract__in=Contract.objects.filter(permissions.visible_contracts_q(user)))


AMOUNT_COMMITTED = QuerysetMeasure(
    name="grants.amount_committed",
    label=_("Amount committed to grants (EUR)"),
    needs=_("Computed once grant contracts are signed."),
    queryset=lambda: Contract.objects.filter(status__in=COMMITTED),
    date_field="signed_by_un_on",
    country_field="initiative__country__code",
    programme_field="programme__code",
    unit="money",
    aggregate="sum",
    value_field="amount",
    visible=_contract_visible,
)

AMOUNT_DISBURSED = QuerysetMeasure(
    name="grants.amount_disbursed",
    label=_("Amount disbursed to grantees (EUR)"),
    needs=_("Computed once milestones of grant contracts are paid."),
    queryset=lambda: Disbursement.objects.all(),
    date_field="date",
    country_field="contract__initiative__country__code",
    programme_field="contract__programme__code",
    unit="money",
    aggregate="sum",
    value_field="amount_eur",
    visible=_disbursement_visible,
)

CONTRACTS_SIGNED = QuerysetMeasure(
    name="grants.contracts_signed",
    label=_("Grant contracts signed"),
    needs=_("Computed once grant contracts are signed."),
    queryset=lambda: Contract.objects.filter(status__in=COMMITTED),
    date_field="signed_by_un_on",
    country_field="initiative__country__code",
    programme_field="programme__code",
    visible=_contract_visible,
)

MEASURES = [AMOUNT_COMMITTED, AMOUNT_DISBURSED, CONTRACTS_SIGNED]

PLUGIN = Plugin(
    inbox=inbox.SOURCES,
    nav=[
        NavEntry(
            _("Grants"),
            _list,
            permissions.can_view_contracts,
            order=67,
            group=_("Initiatives and grants"),
        )
    ],
    measures=MEASURES,
    demo_steps=[DemoStep("grants", demo.demo_step)],
    generator_steps=[GeneratorStep("grants", demo.generator_step, sizes=demo.SIZES)],
    benchmark_pages=[
        BenchmarkPage("grant-contracts", _list),
        BenchmarkPage("grant-contract", _a_contract, default=True),
    ],
)
