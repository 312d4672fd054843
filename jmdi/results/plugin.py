"""What the results app adds: its measures (and the pending measures of the apps still to
come), the dashboard in the navigation, the manual-values panel of the home page, the
results section of the reports, demo data, generated facts and benchmark pages."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jmdi.core.plugins import BenchmarkPage, DemoStep, GeneratorStep, HomePanel, NavEntry, Plugin
from jmdi.results import demo, generator, permissions
from jmdi.results.measures import MEASURES
from jmdi.results.reports import REPORT_SECTIONS


def _first_country() -> str:
    from jmdi.programmes.selectors import first_programme_country

    return first_programme_country(settings.JMDI_DEFAULT_PROGRAMME) or "MA"


def _dashboard(country: bool = False) -> Any:
    def path() -> str:
        url = reverse("results:dashboard", args=[settings.JMDI_DEFAULT_PROGRAMME])
        return url + f"?country={_first_country()}" if country else url

    return path


def _drilldown() -> str:
    from jmdi.programmes.models import Programme
    from jmdi.results.selectors import find_period

    programme = Programme.objects.get(code=settings.JMDI_DEFAULT_PROGRAMME)
    period = find_period(programme, None)[1].code
    return (
        reverse("results:drilldown", args=[programme.code, "2.I1"])
        + f"?country={_first_country()}&period={period}"
    )


def _values_panel(request: HttpRequest) -> dict[str, Any] | None:
    user = request.user
    if not permissions.can_enter_values(user):
        return None
    from jmdi.results import selectors

    return selectors.values_panel(user, settings.JMDI_DEFAULT_PROGRAMME)


PLUGIN = Plugin(
    measures=MEASURES,
    report_sections=REPORT_SECTIONS,
    nav=[
        NavEntry(
            _("Dashboard"),
            _dashboard(),
            permissions.can_view_dashboard,
            order=25,
            # Entering and reviewing values is the dashboard's other side.
            section=lambda: [reverse("results:values", args=[settings.JMDI_DEFAULT_PROGRAMME])],
        )
    ],
    home_panels=[HomePanel("values", "results/panels/values.html", _values_panel, 20)],
    demo_steps=[DemoStep("results", demo.demo_step)],
    generator_steps=[
        GeneratorStep(
            "results",
            generator.generate,
            sizes={
                "small": {"facts": 20_000, "manual_values": 200},
                "large": {"facts": 1_000_000, "manual_values": 2_000},
            },
        )
    ],
    benchmark_pages=[
        BenchmarkPage("dashboard", _dashboard(), default=True),
        BenchmarkPage("dashboard-country", _dashboard(country=True), default=True),
        BenchmarkPage("drilldown", _drilldown, default=True),
    ],
)
