"""What the directory adds to the platform: its navigation, home panels, demo and
synthetic data, and benchmark pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jmdi.core.plugins import (
    BenchmarkPage,
    DemoStep,
    GeneratorStep,
    HomePanel,
    NavEntry,
    Plugin,
)
from jmdi.directory import demo, permissions, selectors


def _first_country() -> str:
    return selectors.first_country_code() or "MA"


def _my_countries_panel(request: HttpRequest) -> dict[str, Any] | None:
    countries = selectors.home_countries_of(request.user)
    return {"countries": countries} if countries else None


def _my_organisation_panel(request: HttpRequest) -> dict[str, Any] | None:
    organisations = selectors.home_organisations_of(request.user)
    return {"organisations": organisations} if organisations else None


PLUGIN = Plugin(
    nav=[
        NavEntry(
            _("Countries"),
            lambda: reverse("directory:countries"),
            permissions.can_browse_directory,
            order=60,
            group=_("Directory"),
        ),
        NavEntry(
            _("Organisations"),
            lambda: reverse("directory:organisations"),
            permissions.can_browse_directory,
            order=61,
            group=_("Directory"),
        ),
    ],
    home_panels=[
        HomePanel("my-countries", "directory/panels/my_countries.html", _my_countries_panel, 20),
        HomePanel(
            "my-organisation", "directory/panels/my_organisation.html", _my_organisation_panel, 20
        ),
    ],
    demo_steps=[DemoStep("directory", demo.demo_step)],
    generator_steps=[
        GeneratorStep(
            "directory",
            demo.generator_step,
            sizes={
                "small": {"organisations": 600, "contacts_per_organisation": 2},
                "large": {"organisations": 30_000, "contacts_per_organisation": 2},
            },
        )
    ],
    benchmark_pages=[
        BenchmarkPage("countries", lambda: reverse("directory:countries")),
        BenchmarkPage("country", lambda: reverse("directory:country", args=[_first_country()])),
        BenchmarkPage("contacts", lambda: reverse("directory:contacts", args=[_first_country()])),
        BenchmarkPage("organisations", lambda: reverse("directory:organisations")),
        BenchmarkPage(
            "organisations-country",
            lambda: reverse("directory:organisations") + f"?country={_first_country()}",
        ),
    ],
)
