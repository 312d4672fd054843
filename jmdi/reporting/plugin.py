"""What the reporting app adds: the reports page in the navigation of those who read them,
a frozen quarterly report in the demo, and the report pages to the benchmark."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jmdi.core.plugins import BenchmarkPage, DemoStep, NavEntry, Plugin
from jmdi.reporting import demo, permissions

PLUGIN = Plugin(
    nav=[
        NavEntry(
            _("Reports"),
            lambda: reverse("reporting:reports", args=[settings.JMDI_DEFAULT_PROGRAMME]),
            permissions.can_see_reports,
            order=70,
        )
    ],
    demo_steps=[DemoStep("reports", demo.demo_step)],
    benchmark_pages=[
        BenchmarkPage(
            "reports", lambda: reverse("reporting:reports", args=[settings.JMDI_DEFAULT_PROGRAMME])
        ),
        # Asking for a report: the request answers at once, the rendering is queued.
        BenchmarkPage(
            "report-request",
            lambda: reverse("reporting:reports", args=[settings.JMDI_DEFAULT_PROGRAMME]),
            form=lambda: {"kind": "quarterly", "period": "2014-Q3", "language": "en"},
        ),
    ],
)
