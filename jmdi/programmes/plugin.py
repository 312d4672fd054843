"""What the programmes app adds: the programme's pages in the navigation, the programme
panel of the home page and a focal point's country targets, and benchmark pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jmdi.core.plugins import BenchmarkPage, HomePanel, NavEntry, Plugin
from jmdi.core.roles import Role
from jmdi.core.scopes import scopes_of
from jmdi.programmes import permissions, selectors
from jmdi.programmes.reports import REPORT_SECTIONS


def _page(name: str, query: str = "") -> Callable[[], str]:
    return lambda: reverse(f"programmes:{name}", args=[settings.JMDI_DEFAULT_PROGRAMME]) + query


def _first_country() -> str:
    return selectors.first_programme_country(settings.JMDI_DEFAULT_PROGRAMME) or "MA"


def _programme_panel(request: HttpRequest) -> dict[str, Any] | None:
    summary = selectors.programme_summary(settings.JMDI_DEFAULT_PROGRAMME)
    return {
        "summary": summary,
        "can_view_risks": permissions.can_view_risks(request.user),
        "can_view_history": permissions.can_view_history(request.user),
    }


def _country_targets_panel(request: HttpRequest) -> dict[str, Any] | None:
    codes = scopes_of(request.user).countries_for(Role.FOCAL_POINT)
    if not codes:
        return None
    targets = selectors.per_country_targets(settings.JMDI_DEFAULT_PROGRAMME)
    if not targets:
        return None
    return {
        "targets": targets,
        "countries": sorted(codes),
        "programme_code": settings.JMDI_DEFAULT_PROGRAMME,
    }


PLUGIN = Plugin(
    report_sections=REPORT_SECTIONS,
    nav=[
        NavEntry(_("Programme"), _page("overview"), order=10),
        NavEntry(_("Results framework"), _page("results"), order=20),
        NavEntry(_("Work plan"), _page("workplan"), order=30),
        NavEntry(_("Budget"), _page("budget"), order=40, group=_("Budget")),
        NavEntry(_("Risks"), _page("risks"), permissions.can_view_risks, order=50),
        NavEntry(_("Changes"), _page("history"), permissions.can_view_history, order=90),
    ],
    home_panels=[
        HomePanel("programme", "programmes/panels/programme.html", _programme_panel, 10),
        HomePanel(
            "country-targets", "programmes/panels/country_targets.html", _country_targets_panel, 25
        ),
    ],
    benchmark_pages=[
        BenchmarkPage("overview", _page("overview"), default=True),
        BenchmarkPage("results", _page("results"), default=True),
        BenchmarkPage(
            "results-country",
            lambda: _page("results")() + f"?country={_first_country()}",
            default=True,
        ),
        BenchmarkPage("workplan", _page("workplan"), default=True),
        BenchmarkPage("budget", _page("budget"), default=True),
        BenchmarkPage("risks", _page("risks"), default=True),
        BenchmarkPage("history", _page("history")),
    ],
)
