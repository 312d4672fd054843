"""The demo's grants, and synthetic contracts at scale.

Demo: a contract for each initiative the selection left "selected", at stages that show
the whole chain (drafts, signed contracts waiting for a report, reports waiting for the
focal point, approved milestones, payments, an amendment, a closed contract, a returned
report). The initiative led by the demo grantee's organisation gets a signed contract
whose first milestone is approved and paid and whose second milestone's report waits for
the focal point. Everything goes through the services, so the budget execution shows the
commitments and payments. Deterministic (ordered by country and reference) and
idempotent: an initiative that has a contract is left alone. With no selected initiative
it does nothing.

Generator: a signed contract with three milestones for one in `contract_every` initiatives
without a contract, its first milestone approved and paid, its second reported, written in
bulk. Synthetic contracts carry no finance records (they would exceed the demo budget);
the budget execution's equality with the contracts holds for the demo, not at scale.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from jmdi.core.plugins import DemoContext, GeneratorContext
from jmdi.core.roles import Role
from jmdi.directory.models import Organisation
from jmdi.finance import services as finance
from jmdi.finance.models import BudgetLine
from jmdi.grants import services
from jmdi.grants.models import Contract, DeliverableReport, Disbursement, Milestone
from jmdi.grants.services import MilestoneData
from jmdi.initiatives.models import Initiative
from jmdi.programmes.models import Programme

SIZES = {"small": {"contract_every": 50}, "large": {"contract_every": 50}}
BATCH = 2000

#: The stage each selected initiative's contract is brought to, in order.
STAGES = [
    "draft",
    "signed",
    "submitted",
    "approved",
    "disbursed",
    "amended",
    "closed",
    "returned",
    "disbursed_submitted",
    "draft",
    "signed",
    "submitted",
    "approved",
    "disbursed",
    "disbursed",
    "signed",
]
SHARES = (Decimal("0.3"), Decimal("0.4"), Decimal("0.3"))


def _user(role: str, **scope: Any) -> Any:
    from jmdi.accounts.models import RoleAssignment  # the demo logins, made before

    assignment = (
        RoleAssignment.objects.filter(role=role, revoked_at__isnull=True, **scope)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return assignment.user if assignment else None


def _grantee_org() -> Organisation | None:
    from jmdi.accounts.models import RoleAssignment

    assignment = (
        RoleAssignment.objects.filter(role=Role.GRANTEE, revoked_at__isnull=True)
        .exclude(organisation=None)
        .select_related("organisation")
        .order_by("pk")
        .first()
    )
    return assignment.organisation if assignment else None


def _line(programme: Programme, donor_index: int, amount: Decimal) -> BudgetLine | None:
    """The Output 1 line of the donor with room for `amount`, the largest first."""
    first = services.output_one(programme)
    lines = list(
        BudgetLine.objects.filter(programme=programme, output=first)
        .select_related("contribution")
        .order_by("contribution__order", "-amount", "code")
    )
    donors = sorted({line.contribution.order for line in lines})
    if not donors:
        return None
    preferred = donors[donor_index % len(donors)]
    ordered = [ln for ln in lines if ln.contribution.order == preferred] + [
        ln for ln in lines if ln.contribution.order != preferred
    ]
    return next((ln for ln in ordered if finance.remaining(ln) >= amount), None)


#: The milestones' titles and deliverables, in the language the initiative is written in
#: (a contract's milestones are written with the grantee, in its language).
MILESTONE_TEXTS = {
    "en": (
        ("Inception", "Inception report and work plan agreed with the partners"),
        ("Mid-term", "Mid-term progress report with the activities carried out"),
        ("Final", "Final report with the results and lessons learnt"),
    ),
    "fr": (
        ("Démarrage", "Rapport de démarrage et plan de travail convenu avec les partenaires"),
        ("Mi-parcours", "Rapport d'avancement à mi-parcours sur les activités réalisées"),
        ("Final", "Rapport final avec les résultats et les leçons apprises"),
    ),
    "es": (
        ("Inicio", "Informe inicial y plan de trabajo acordado con los socios"),
        ("Medio término", "Informe de avance de medio término con las actividades realizadas"),
        ("Final", "Informe final con los resultados y las lecciones aprendidas"),
    ),
    "ar": (
        ("الانطلاق", "تقرير الانطلاق وخطة العمل المتفق عليها مع الشركاء"),
        ("منتصف المدة", "تقرير التقدم في منتصف المدة عن الأنشطة المنجزة"),
        ("النهائي", "التقرير النهائي بالنتائج والدروس المستفادة"),
    ),
}


def _milestones(amount: Decimal, language: str = "en") -> list[MilestoneData]:
    tranches = [finance.to_cents(amount * share) for share in SHARES]
    tranches[-1] = amount - sum(tranches[:-1], Decimal(0))
    dues = (dt.date(2014, 5, 31), dt.date(2014, 10, 31), dt.date(2015, 6, 30))
    titles = MILESTONE_TEXTS.get(language[:2], MILESTONE_TEXTS["en"])
    return [
        MilestoneData(title=t, deliverable=d, due_date=due, tranche=tranche)
        for (t, d), due, tranche in zip(titles, dues, tranches, strict=True)
    ]


def _report(milestone: Milestone, grantee: Any, focal: Any, outcome: str) -> None:
    services.submit_report(
        actor=grantee,
        milestone=milestone,
        text=f"{milestone.deliverable}: delivered as planned, with the partners' records.",
    )
    if outcome == "approve":
        services.approve_report(actor=focal, milestone=milestone, comment="")
    elif outcome == "return":
        services.return_report(
            actor=focal,
            milestone=milestone,
            comment="Please add the list of participants and the partners' signatures.",
        )


def _pay(contract: Contract, milestone: Milestone, officer: Any, day: dt.date) -> None:
    services.record_disbursement(
        actor=officer,
        milestone=milestone,
        date=day,
        amount=milestone.tranche,
        currency="EUR",
        reference=f"PV-{contract.reference}-{milestone.order}",
    )


def _bring_to(
    stage: str, contract: Contract, index: int, officer: Any, focal: Any, grantee: Any
) -> None:
    if stage == "draft":
        return
    signed = dt.date(2014, 2, 1) + dt.timedelta(days=index)
    contract = services.sign_contract(
        actor=officer, contract=contract, signed_by_grantee_on=signed, signed_by_un_on=signed
    )
    first, second, third = list(contract.milestones.order_by("order"))
    if stage == "signed":
        return
    if stage == "submitted":
        _report(first, grantee, focal, "none")
        return
    if stage == "returned":
        _report(first, grantee, focal, "return")
        return
    _report(first, grantee, focal, "approve")
    if stage == "approved":
        return
    _pay(contract, first, officer, dt.date(2014, 6, 16))
    if stage == "disbursed":
        return
    if stage in ("disbursed_submitted", "grantee"):
        _report(second, grantee, focal, "none")
        return
    if stage == "amended":
        extra = Decimal("10000.00")
        services.amend_contract(
            actor=officer,
            contract=contract,
            date=dt.date(2014, 9, 1),
            reason="A second training cycle for the diaspora associations, asked by the partners.",
            new_amount=contract.amount + extra,
            new_end_date=dt.date(2016, 6, 30),
            milestones=[
                MilestoneData(m.title, m.deliverable, m.due_date, m.tranche, m.pk)
                for m in (first, second)
            ]
            + [
                MilestoneData(
                    third.title, third.deliverable, third.due_date, third.tranche + extra, third.pk
                )
            ],
        )
        return
    if stage == "closed":
        for milestone, day in ((second, dt.date(2014, 9, 20)), (third, dt.date(2014, 11, 20))):
            _report(milestone, grantee, focal, "approve")
            _pay(contract, milestone, officer, day)
        services.close_contract(
            actor=officer,
            contract=contract,
            closed_on=dt.date(2014, 12, 15),
            reason="All deliverables approved and every tranche paid.",
            terminate=False,
        )


def demo_step(context: DemoContext) -> None:
    programme = Programme.objects.filter(code=settings.JMDI_DEFAULT_PROGRAMME).first()
    if programme is None:
        return
    waiting = list(
        Initiative.objects.filter(
            programme=programme, status=Initiative.Status.SELECTED, contract__isnull=True
        )
        .select_related("country", "lead_authority")
        .order_by("country__code", "reference")
    )
    if not waiting:
        return
    officer = _user(Role.PMU_OFFICER)
    grantee_org = _grantee_org()
    made = 0
    for index, initiative in enumerate(waiting):
        stage = STAGES[index % len(STAGES)]
        if grantee_org is not None and initiative.lead_authority_id == grantee_org.pk:
            stage = "grantee"
        amount = Decimal(60000 + 5000 * (index % 7)).quantize(Decimal("0.01"))
        line = _line(programme, 1 if index % 4 == 3 else 0, amount + Decimal("10000"))
        if line is None:
            context.say("Demo grants: no Output 1 budget line has room left; stopping.")
            break
        country = str(initiative.country.code)
        number = Contract.objects.filter(programme=programme).count() + 1
        contract = services.create_contract(
            actor=officer,
            initiative=initiative,
            reference=f"JMDI-{country}-2014-{number:02d}",
            amount=amount,
            contribution=line.contribution,
            line=line,
            start_date=dt.date(2014, 1, 1),
            end_date=dt.date(2015, 12, 31),
            milestones=_milestones(amount, initiative.language),
        )
        focal = _user(Role.FOCAL_POINT, country=initiative.country)
        grantee = _user(Role.GRANTEE, organisation=initiative.lead_authority)
        _bring_to(stage, contract, index, officer, focal, grantee)
        made += 1
    context.say(f"Demo grants: {made} contracts at different stages.")


def generator_step(context: GeneratorContext) -> None:
    programme = Programme.objects.filter(code=settings.JMDI_DEFAULT_PROGRAMME).first()
    if programme is None:
        raise LookupError("Load a programme first.")
    marker = context.marker
    if Contract.objects.filter(programme=programme, reference__startswith=marker).exists():
        return
    line = (
        BudgetLine.objects.filter(programme=programme, output=services.output_one(programme))
        .order_by("order", "code")
        .first()
    )
    if line is None:
        context.progress("grants: no Output 1 budget line; skipped")
        return
    every = context.sizes.get("contract_every", 50)
    candidates = list(
        Initiative.objects.filter(programme=programme, contract__isnull=True)
        # The selected ones wait for the demo's contracts, drawn up through the services.
        .exclude(status=Initiative.Status.SELECTED)
        .order_by("pk")
        .values_list("pk", "lead_authority_id")
    )[::every]
    rng = context.rng
    contracts = []
    for n, (initiative_pk, lead) in enumerate(candidates):
        amount = Decimal(rng.randint(30, 120) * 1000)
        signed = dt.date(2014, 1, 1) + dt.timedelta(days=rng.randrange(200))
        contracts.append(
            Contract(
                programme=programme,
                reference=f"{marker}-G{n}",
                initiative_id=initiative_pk,
                grantee_id=lead,
                amount=amount,
                contribution_id=line.contribution_id,
                line=line,
                start_date=dt.date(2014, 1, 1),
                end_date=dt.date(2015, 12, 31),
                signed_by_grantee_on=signed,
                signed_by_un_on=signed,
                status=Contract.Status.SIGNED,
            )
        )
    bulk_create_with_history(contracts, Contract, batch_size=BATCH)
    saved = list(
        Contract.objects.filter(programme=programme, reference__startswith=marker).order_by("pk")
    )
    milestones = []
    for contract in saved:
        tranches = [finance.to_cents(contract.amount * share) for share in SHARES]
        tranches[-1] = contract.amount - sum(tranches[:-1], Decimal(0))
        for order, tranche in enumerate(tranches, start=1):
            milestones.append(
                Milestone(
                    contract=contract,
                    order=order,
                    title=f"Milestone {order}",
                    deliverable="Progress report",
                    due_date=dt.date(2014, 3 * order + 1, 28),
                    tranche=tranche,
                )
            )
    bulk_create_with_history(milestones, Milestone, batch_size=BATCH)
    now = timezone.now()
    reports, payments = [], []
    for milestone in Milestone.objects.filter(contract__in=saved, order__lte=2).select_related(
        "contract"
    ):
        approved = milestone.order == 1
        reports.append(
            DeliverableReport(
                milestone=milestone,
                text="Delivered.",
                status=DeliverableReport.Status.APPROVED
                if approved
                else DeliverableReport.Status.SUBMITTED,
                submitted_at=now,
                reviewed_at=now if approved else None,
            )
        )
        if approved:
            payments.append(
                Disbursement(
                    contract=milestone.contract,
                    milestone=milestone,
                    date=dt.date(2014, 7, 1),
                    amount=milestone.tranche,
                    currency="EUR",
                    amount_eur=milestone.tranche,
                    rate=programme.exchange_rate,
                    rate_date=programme.rate_date,
                    usd_equivalent=finance.usd_equivalent(programme, milestone.tranche),
                    reference=f"{milestone.contract.reference}-P1",
                )
            )
    bulk_create_with_history(reports, DeliverableReport, batch_size=BATCH)
    bulk_create_with_history(payments, Disbursement, batch_size=BATCH)
    Initiative.objects.filter(pk__in=[pk for pk, _lead in candidates]).update(
        status=Initiative.Status.FUNDED
    )
    for key, value in (
        ("grant_contracts", len(saved)),
        ("grant_milestones", len(milestones)),
        ("grant_disbursements", len(payments)),
    ):
        context.counts[key] = context.counts.get(key, 0) + value
    context.progress(f"grants: {len(saved):,} contracts")
