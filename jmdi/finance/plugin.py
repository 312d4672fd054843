"""What the finance app adds: budget execution in the navigation of those who read it, its
measure and report section, demo and synthetic commitments and expenditures, benchmarks."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jmdi.core.plugins import BenchmarkPage, DemoStep, GeneratorStep, NavEntry, Plugin
from jmdi.finance import demo, permissions
from jmdi.finance.measures import MEASURES
from jmdi.finance.reports import REPORT_SECTIONS


def _execution() -> str:
    return reverse("finance:execution", args=[settings.JMDI_DEFAULT_PROGRAMME])


def _a_line() -> str:
    from jmdi.finance.models import BudgetLine

    code = (
        BudgetLine.objects.filter(programme__code=settings.JMDI_DEFAULT_PROGRAMME)
        .order_by("order", "code")
        .values_list("code", flat=True)
        .first()
    )
    return reverse("finance:ledger", args=[settings.JMDI_DEFAULT_PROGRAMME, code or "none"])


PLUGIN = Plugin(
    nav=[
        NavEntry(
            _("Budget execution"),
            _execution,
            permissions.can_view_execution,
            order=45,
            group=_("Budget"),
            # A line's ledger belongs to the execution it details.
            section=lambda: [_execution().replace("execution/", "lines/")],
        )
    ],
    measures=MEASURES,
    report_sections=REPORT_SECTIONS,
    demo_steps=[DemoStep("finance", demo.demo_step)],
    generator_steps=[
        GeneratorStep(
            "finance",
            demo.generator_step,
            sizes={
                "small": {"commitments": 500, "expenditures": 5000},
                "large": {"commitments": 5000, "expenditures": 50000},
            },
        )
    ],
    benchmark_pages=[
        BenchmarkPage("budget-execution", _execution, default=True),
        BenchmarkPage("budget-line", _a_line, default=True),
        BenchmarkPage("budget-line-page-2", lambda: _a_line() + "?e=2"),
    ],
)
