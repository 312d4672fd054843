"""What the follow-up adds: its pages in the navigation of those who follow funded
initiatives, the measures of indicators 1.I1 to 1.I3, its demo and synthetic data, and
benchmark pages."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jmdi.core.plugins import BenchmarkPage, DemoStep, GeneratorStep, NavEntry, Plugin
from jmdi.followup import demo, inbox, permissions
from jmdi.followup.measures import MEASURES


def _page(name: str) -> Callable[[], str]:
    return lambda: reverse(f"followup:{name}", args=[settings.JMDI_DEFAULT_PROGRAMME])


def _first_report() -> str:
    from jmdi.followup.models import ProgressReport

    report = (
        ProgressReport.objects.filter(initiative__programme__code=settings.JMDI_DEFAULT_PROGRAMME)
        .exclude(status="draft")
        .order_by("pk")
        .first()
    )
    if report is None:
        return _page("reports")()
    return reverse("followup:report", args=[settings.JMDI_DEFAULT_PROGRAMME, report.pk])


PLUGIN = Plugin(
    inbox=inbox.SOURCES,
    nav=[
        NavEntry(
            _("Project follow-up"),
            _page("reports"),
            permissions.can_view_followup,
            order=68,
            group=_("Initiatives and grants"),
        )
    ],
    measures=MEASURES,
    demo_steps=[DemoStep("followup", demo.demo_step)],
    generator_steps=[GeneratorStep("followup", demo.generator_step, sizes=demo.SIZES)],
    benchmark_pages=[
        BenchmarkPage("followup-reports", _page("reports"), default=True),
        BenchmarkPage("followup-report", _first_report, default=True),
        BenchmarkPage("followup-overdue", _page("overdue")),
    ],
)
