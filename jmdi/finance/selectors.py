"""Reads of the budget at work; a fixed number of queries whatever the number of records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum
from django.http import Http404

from jmdi.finance.models import BudgetLine, Commitment, Expenditure
from jmdi.finance.services import to_cents, usd_equivalent
from jmdi.programmes.models import Output, Programme
from jmdi.programmes.selectors import get_programme

ZERO = Decimal("0.00")


@dataclass
class Figures:
    budget: Decimal = ZERO
    committed: Decimal = ZERO
    spent: Decimal = ZERO
    outstanding: Decimal = ZERO
    budget_usd: Decimal = ZERO
    spent_usd: Decimal = ZERO

    @property
    def balance(self) -> Decimal:
        """Budget - spent - commitments not yet settled: what can still be committed."""
        return self.budget - self.spent - self.outstanding

    @property
    def delivery(self) -> Decimal | None:
        """Spent / budget, in per cent, to one decimal."""
        if not self.budget:
            return None
        return (self.spent / self.budget * 100).quantize(Decimal("0.1"))

    def add(self, other: Figures) -> None:
        self.budget += other.budget
        self.committed += other.committed
        self.spent += other.spent
        self.outstanding += other.outstanding
        self.budget_usd += other.budget_usd
        self.spent_usd += other.spent_usd


@dataclass
class LineRow:
    line: BudgetLine
    figures: Figures


@dataclass
class OutputRow:
    output: Output | None
    lines: list[LineRow] = field(default_factory=list)
    figures: Figures = field(default_factory=Figures)


@dataclass
class Execution:
    programme: Programme
    outputs: list[OutputRow]
    total: Figures
    as_of: dt.date | None
    has_demo_lines: bool
    has_document_lines: bool


def _sums(queryset: QuerySet[Commitment] | QuerySet[Expenditure], settled: bool) -> dict:
    aggregates = {"total": Sum("amount_eur")}
    if settled:
        aggregates["settled"] = Sum("amount_eur", filter=Q(commitment__isnull=False))
    # SQLite sums decimals with more places than the column has: back to the cent.
    return {
        row["line_id"]: {k: to_cents(v) if isinstance(v, Decimal) else v for k, v in row.items()}
        for row in queryset.order_by().values("line_id").annotate(**aggregates)
    }


def get_execution(code: str, as_of: dt.date | None = None) -> Execution:
    """Budget, committed, spent, balance and delivery per line and output, as of a date
    (default: everything recorded). Four queries. Totals are the sums of the lines' own
    (cent) figures, the USD ones included, so every column adds up to the cent."""
    programme = get_programme(code)
    lines = list(
        BudgetLine.objects.filter(programme=programme)
        .select_related("output", "activity", "contribution__donor")
        .order_by("output__order", "order", "code")
    )
    # By the lines' keys, not a join to the lines: the (line, date) index answers it.
    keys = [line.pk for line in lines]
    commitments = Commitment.objects.filter(line_id__in=keys)
    expenditures = Expenditure.objects.filter(line_id__in=keys)
    if as_of is not None:
        commitments = commitments.filter(date__lte=as_of)
        expenditures = expenditures.filter(date__lte=as_of)
    committed = _sums(commitments, settled=False)
    spent = _sums(expenditures, settled=True)
    outputs: dict[int | None, OutputRow] = {}
    total = Figures()
    for line in lines:
        c = committed.get(line.pk, {})
        s = spent.get(line.pk, {})
        figures = Figures(
            budget=line.amount,
            committed=c.get("total") or ZERO,
            spent=s.get("total") or ZERO,
            outstanding=(c.get("total") or ZERO) - (s.get("settled") or ZERO),
            budget_usd=usd_equivalent(programme, line.amount),
            spent_usd=usd_equivalent(programme, s.get("total") or ZERO),
        )
        row = outputs.setdefault(line.output_id, OutputRow(line.output))
        row.lines.append(LineRow(line, figures))
        row.figures.add(figures)
        total.add(figures)
    return Execution(
        programme=programme,
        outputs=list(outputs.values()),
        total=total,
        as_of=as_of,
        has_demo_lines=any(line.source == BudgetLine.Source.DEMO for line in lines),
        has_document_lines=any(line.source == BudgetLine.Source.DOCUMENT for line in lines),
    )


@dataclass
class Ledger:
    line: BudgetLine
    figures: Figures
    commitments: QuerySet[Commitment]
    expenditures: QuerySet[Expenditure]


def get_ledger(programme: Programme, line_code: str) -> Ledger:
    line = (
        BudgetLine.objects.filter(programme=programme, code=line_code)
        .select_related("output", "activity", "contribution__donor")
        .first()
    )
    if line is None:
        raise Http404("No such budget line")
    committed = to_cents(line.commitments.aggregate(total=Sum("amount_eur"))["total"] or ZERO)
    spent = {
        k: to_cents(v or ZERO)
        for k, v in line.expenditures.aggregate(
            total=Sum("amount_eur"), settled=Sum("amount_eur", filter=Q(commitment__isnull=False))
        ).items()
    }
    figures = Figures(
        budget=line.amount,
        committed=committed,
        spent=spent["total"] or ZERO,
        outstanding=committed - (spent["settled"] or ZERO),
        budget_usd=usd_equivalent(programme, line.amount),
        spent_usd=usd_equivalent(programme, spent["total"] or ZERO),
    )
    return Ledger(
        line=line,
        figures=figures,
        commitments=line.commitments.select_related("recorded_by").order_by("-date", "-pk"),
        expenditures=line.expenditures.select_related("recorded_by", "commitment").order_by(
            "-date", "-pk"
        ),
    )
