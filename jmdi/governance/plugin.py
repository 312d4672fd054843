"""What the governance app adds: the committees in the navigation of those who read them,
its report section, demo meetings, synthetic meetings and decisions, benchmark pages."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jmdi.core.plugins import BenchmarkPage, DemoStep, GeneratorStep, NavEntry, Plugin
from jmdi.governance import demo, permissions
from jmdi.governance.reports import REPORT_SECTIONS


def _page(name: str) -> str:
    return reverse(f"governance:{name}", args=[settings.JMDI_DEFAULT_PROGRAMME])


def _a_meeting() -> str:
    from jmdi.governance.models import Meeting

    meeting = (
        Meeting.objects.filter(body__programme__code=settings.JMDI_DEFAULT_PROGRAMME)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    return reverse("governance:meeting", args=[settings.JMDI_DEFAULT_PROGRAMME, meeting or 0])


PLUGIN = Plugin(
    nav=[
        NavEntry(
            _("Committees"),
            lambda: _page("committees"),
            permissions.can_see_governance,
            order=57,
            section=lambda: [
                _page("decisions"),
                _page("committees").replace("committees/", "meetings/"),
            ],
        )
    ],
    report_sections=REPORT_SECTIONS,
    demo_steps=[DemoStep("governance", demo.demo_step)],
    generator_steps=[
        GeneratorStep(
            "governance",
            demo.generator_step,
            sizes={
                "small": {"meetings": 40, "decisions_per_meeting": 5},
                "large": {"meetings": 800, "decisions_per_meeting": 10},
            },
        )
    ],
    benchmark_pages=[
        BenchmarkPage("committees", lambda: _page("committees")),
        BenchmarkPage("decisions", lambda: _page("decisions"), default=True),
        BenchmarkPage(
            "decisions-search", lambda: _page("decisions") + "?body=steering_committee&q=SC-2014"
        ),
        BenchmarkPage("meeting", _a_meeting, default=True),
    ],
)
