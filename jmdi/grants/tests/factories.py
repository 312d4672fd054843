"""Contracts built through the services (signing commits on a real budget line), so the
tests see the money exactly as the platform records it."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from jmdi.finance import services as finance
from jmdi.finance.models import BudgetLine
from jmdi.grants import services
from jmdi.grants.models import Contract
from jmdi.grants.services import MilestoneData
from jmdi.initiatives.models import Initiative
from jmdi.initiatives.tests.factories import InitiativeFactory
from jmdi.programmes.models import Contribution, Output, Programme

START = dt.date(2014, 1, 1)
END = dt.date(2015, 12, 31)
SIGNED = dt.date(2014, 2, 1)
PAID = dt.date(2014, 6, 1)


def jmdi() -> Programme:
    return Programme.objects.get(code="jmdi-2")


def budget_line(donor: str = "EC", amount: str = "1000000.00", output: str = "1") -> BudgetLine:
    programme = jmdi()
    code = f"{output}-{donor}"
    existing = BudgetLine.objects.filter(programme=programme, code=code).first()
    if existing is not None:
        return existing
    return finance.create_budget_line(
        actor=None,
        programme=programme,
        code=code,
        contribution=Contribution.objects.get(programme=programme, donor__acronym=donor),
        output=Output.objects.get(programme=programme, code=output),
        amount=Decimal(amount),
        source="demo",
    )


def milestones(*tranches: str) -> list[MilestoneData]:
    return [
        MilestoneData(
            title=f"Step {n}",
            deliverable=f"Deliverable {n}",
            due_date=dt.date(2014, 3 + n, 1),
            tranche=tranche,
        )
        for n, tranche in enumerate(tranches, start=1)
    ]


def draft(
    initiative: Initiative | None = None,
    amount: str = "100000.00",
    tranches: tuple[str, ...] = ("40000.00", "60000.00"),
    reference: str | None = None,
    **initiative_kwargs: Any,
) -> Contract:
    if initiative is None:
        initiative = InitiativeFactory(status=Initiative.Status.SELECTED, **initiative_kwargs)
    line = budget_line()
    return services.create_contract(
        actor=None,
        initiative=initiative,
        reference=reference or f"C-{initiative.reference}",
        amount=amount,
        contribution=line.contribution,
        line=line,
        start_date=START,
        end_date=END,
        milestones=milestones(*tranches),
    )


def signed(**kwargs: Any) -> Contract:
    contract = draft(**kwargs)
    return services.sign_contract(
        actor=None, contract=contract, signed_by_grantee_on=SIGNED, signed_by_un_on=SIGNED
    )


def approved(contract: Contract, order: int = 1) -> Any:
    milestone = contract.milestones.get(order=order)
    services.submit_report(actor=None, milestone=milestone, text="Done.")
    services.approve_report(actor=None, milestone=milestone)
    return milestone


def pdf(name: str = "evidence.pdf", size: int = 0) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n" + b"0" * size, content_type="application/pdf")


def office(kind: str, name: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    part = "word/document.xml" if kind == "docx" else "xl/workbook.xml"
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<x/>")
    return SimpleUploadedFile(name, buffer.getvalue())
