"""Programme pages: read-only for now. Thin: authorise, select, render."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from jmdi.programmes import history, permissions, selectors


def _require(request: HttpRequest, allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def overview(request: HttpRequest, code: str) -> HttpResponse:
    programme = selectors.get_programme_overview(code)
    return render(
        request,
        "programmes/programme_overview.html",
        {
            "programme": programme,
            "countries": selectors.programme_countries(programme),
            "tab": "overview",
        },
    )


def results(request: HttpRequest, code: str) -> HttpResponse:
    programme = selectors.get_results_framework(code)
    countries = selectors.programme_countries(programme)
    selected = request.GET.get("country", "").upper()
    country = next((c for c in countries if str(c.code) == selected), None)
    # htmx asks for the results only, from the same URL and through the same checks.
    # A history restore needs the whole page back.
    template = "programmes/results_framework.html"
    if (
        request.headers.get("HX-Request") == "true"
        and "HX-History-Restore-Request" not in request.headers
    ):
        template += "#results"
    response = render(
        request,
        template,
        {
            "programme": programme,
            "countries": countries,
            "country": country,
            "country_count": Decimal(len(countries)),
            "tab": "results",
        },
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


def workplan(request: HttpRequest, code: str) -> HttpResponse:
    programme, semesters, rows = selectors.get_work_plan(code)
    return render(
        request,
        "programmes/work_plan.html",
        {
            "programme": programme,
            "semesters": semesters,
            "rows": rows,
            "tab": "workplan",
        },
    )


def budget(request: HttpRequest, code: str) -> HttpResponse:
    programme, lines = selectors.get_budget(code)
    return render(
        request, "programmes/budget.html", {"programme": programme, "lines": lines, "tab": "budget"}
    )


def risks(request: HttpRequest, code: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    _require(request, permissions.can_view_risks(request.user))
    programme, risk_list, matrix = selectors.get_risk_register(code)
    return render(
        request,
        "programmes/risk_register.html",
        {
            "programme": programme,
            "risks": risk_list,
            "matrix": matrix,
            "tab": "risks",
        },
    )


def changes(request: HttpRequest, code: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    _require(request, permissions.can_view_history(request.user))
    programme = selectors.get_programme(code)
    return render(
        request,
        "programmes/programme_history.html",
        {
            "programme": programme,
            "changes": history.recent_changes(programme, limit=50),
            "tab": "history",
        },
    )
