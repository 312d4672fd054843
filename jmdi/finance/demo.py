"""The demo's budget at work, and the synthetic commitments and expenditures at scale.

The programme document gives the budget only by donor. The demo splits each donor's
contribution over the work plan's activities by fixed shares (demo data, marked so on
every line: `source="demo"`); the lines of a donor add up exactly to its contribution.
Two years of commitments and expenditures follow (2013 and 2014, the demo's "today"
being the end of 2014), delivering about 40 % of the budget, a few in USD.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.conf import settings
from simple_history.utils import bulk_create_with_history

from jmdi.core.plugins import DemoContext, GeneratorContext
from jmdi.finance import services
from jmdi.finance.models import BudgetLine, Commitment, Expenditure
from jmdi.programmes.models import Activity, Programme

#: Demo shares of each donor's contribution per activity code, in per cent (sum 100).
DEMO_SHARES = {
    "1.1": 12,
    "1.2": 30,
    "1.3": 8,
    "2.1": 12,
    "2.2": 10,
    "3.1": 12,
    "3.2": 8,
    "3.3": 8,
}
DEMO_START = dt.date(2013, 1, 1)
DEMO_TODAY = dt.date(2014, 12, 31)
BATCH = 2000


def _officer():
    from jmdi.accounts.models import RoleAssignment  # the demo PMU officer, made before
    from jmdi.core.roles import Role

    assignment = (
        RoleAssignment.objects.filter(role=Role.PMU_OFFICER, revoked_at__isnull=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return assignment.user if assignment else None


def demo_budget_lines(programme: Programme) -> list[BudgetLine]:
    """One line per activity and donor, the donor's contribution split by DEMO_SHARES;
    the last line of a donor takes the rounding remainder, so its lines add up exactly."""
    existing = list(BudgetLine.objects.filter(programme=programme))
    if existing:
        return existing
    activities = list(
        Activity.objects.filter(output__programme=programme)
        .select_related("output")
        .order_by("output__order", "order")
    )
    lines = []
    for contribution in programme.contributions.select_related("donor").order_by("order"):
        total = contribution.amount_in(programme.budget_currency)
        chosen = [a for a in activities if a.code in DEMO_SHARES]
        used = Decimal(0)
        for index, activity in enumerate(chosen):
            if index == len(chosen) - 1:
                amount = total - used
            else:
                amount = services.to_cents(total * DEMO_SHARES[activity.code] / 100)
            used += amount
            lines.append(
                services.create_budget_line(
                    actor=None,
                    programme=programme,
                    code=f"{activity.code}-{contribution.donor.acronym}",
                    contribution=contribution,
                    output=activity.output,
                    activity=activity,
                    amount=amount,
                    source=BudgetLine.Source.DEMO,
                    description=str(activity.name)[:300],
                    order=index * 10 + contribution.order,
                )
            )
    return lines


def _month(start: dt.date, months: int, day: int = 15) -> dt.date:
    year, month = divmod(start.month - 1 + months, 12)
    return dt.date(start.year + year, month + 1, day)


def demo_step(context: DemoContext) -> None:
    programme = Programme.objects.filter(code=settings.JMDI_DEFAULT_PROGRAMME).first()
    if programme is None:
        return
    lines = demo_budget_lines(programme)
    if Expenditure.objects.filter(line__programme=programme).exists():
        return
    officer = _officer()
    rng = random.Random(2013)
    usd = programme.exchange_rate
    count = 0
    for n, line in enumerate(lines):
        share = Decimal(rng.randint(32, 48)) / 100  # what the line delivers by the demo today
        spent_target = line.amount * share
        for semester in range(4):  # 2013-S1 … 2014-S2
            chunk = services.to_cents(spent_target / 4)
            committed = services.to_cents(chunk * Decimal("1.15"))
            in_usd = (n + semester) % 7 == 3
            commitment = services.record_commitment(
                actor=officer,
                programme=programme,
                line=line,
                date=_month(DEMO_START, semester * 6, 10),
                amount=services.to_cents(committed / usd) if in_usd else committed,
                currency="USD" if in_usd else "EUR",
                reference=f"PO-{line.code}-{semester + 1:02d}",
                description=f"Contract {semester + 1} of {line.code}",
            )
            for month in range(3):
                amount = services.to_cents(chunk / 3)
                paid_in_usd = (n * 3 + semester + month) % 11 == 5
                services.record_expenditure(
                    actor=officer,
                    programme=programme,
                    line=line,
                    commitment=commitment,
                    date=_month(DEMO_START, semester * 6 + 1 + month * 2, 20),
                    amount=services.to_cents(amount / usd) if paid_in_usd else amount,
                    currency="USD" if paid_in_usd else "EUR",
                    reference=f"PV-{line.code}-{semester + 1:02d}-{month + 1}",
                    description=f"Payment {month + 1} on {commitment.reference}",
                )
                count += 1
    context.say(
        f"Demo budget: {len(lines)} budget lines (demo split of the donors' totals), "
        f"{count} expenditures in 2013-2014."
    )


def generator_step(context: GeneratorContext) -> None:
    """Synthetic commitments and expenditures over the (demo) budget lines, in bulk."""
    programme = Programme.objects.filter(code=settings.JMDI_DEFAULT_PROGRAMME).first()
    if programme is None:
        raise LookupError("Load a programme first.")
    lines = demo_budget_lines(programme)
    rng = context.rng
    marker = context.marker
    made = {"commitments": 0, "expenditures": 0}
    existing_c = Commitment.objects.filter(reference__startswith=marker).count()
    wanted_c = context.sizes["commitments"]
    commitments = []
    for i in range(existing_c, wanted_c):
        amount = Decimal(rng.randint(100, 5000))
        commitments.append(
            Commitment(
                line=lines[i % len(lines)],
                date=_month(DEMO_START, rng.randrange(48), rng.randint(1, 28)),
                amount=amount,
                currency="EUR",
                amount_eur=amount,
                reference=f"{marker}-C{i}",
            )
        )
    bulk_create_with_history(commitments, Commitment, batch_size=BATCH)
    made["commitments"] = len(commitments)
    existing_e = Expenditure.objects.filter(reference__startswith=marker).count()
    wanted_e = context.sizes["expenditures"]
    for start in range(existing_e, wanted_e, BATCH):
        batch = []
        for i in range(start, min(wanted_e, start + BATCH)):
            amount = Decimal(rng.randint(1000, 20000)) / 100
            in_usd = i % 10 == 0
            batch.append(
                Expenditure(
                    line=lines[i % len(lines)],
                    date=_month(DEMO_START, rng.randrange(48), rng.randint(1, 28)),
                    amount=amount,
                    currency="USD" if in_usd else "EUR",
                    amount_eur=services.to_cents(amount * programme.exchange_rate)
                    if in_usd
                    else amount,
                    rate=programme.exchange_rate if in_usd else None,
                    rate_date=programme.rate_date if in_usd else None,
                    reference=f"{marker}-E{i}",
                )
            )
        bulk_create_with_history(batch, Expenditure, batch_size=BATCH)
        made["expenditures"] += len(batch)
        context.progress(f"expenditures {min(wanted_e, start + BATCH):,}/{wanted_e:,}")
    for key, value in made.items():
        context.counts[key] = context.counts.get(key, 0) + value
