"""Programme pages: read-only for now. Thin: authorise, select, render."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers

from jmdi.programmes import history, permissions, selectors
from jmdi.programmes.forms import HistoryFilterForm, PlanDateForm

HISTORY_PAGE_SIZE = 25


def _require(request: HttpRequest, allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def overview(request: HttpRequest, code: str) -> HttpResponse:
    overview = selectors.get_programme_overview(code)
    return render(
        request,
        "programmes/programme_overview.html",
        {"programme": overview.programme, "overview": overview, "tab": "overview"},
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
    plan = selectors.get_work_plan(code)
    programme = plan.programme
    form = PlanDateForm(
        request.GET if "date" in request.GET else None,
        start=programme.start_date,
        end=programme.end_date,
    )
    today = timezone.localdate()
    chosen = form.cleaned_data.get("date") if form.is_bound and form.is_valid() else None
    # The line marks the day asked for, or today while the programme runs; a day outside
    # the programme has no column to fall in, and the page says so instead.
    line = plan.line_at(chosen or today)
    return render(
        request,
        "programmes/work_plan.html",
        {
            "programme": programme,
            "plan": plan,
            "form": form,
            "today": today,
            "chosen": chosen,
            "line": line,
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
    asked = request.GET.get("sort", "number")
    register = selectors.get_risk_register(code, sort=asked)
    return render(
        request,
        "programmes/risk_register.html",
        {
            "programme": register.programme,
            "register": register,
            "unknown_sort": asked != register.sort,
            "asked_sort": asked,
            "tab": "risks",
        },
    )


def changes(request: HttpRequest, code: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    _require(request, permissions.can_view_history(request.user))
    programme = selectors.get_programme(code)
    people = history.people_who_changed(programme)
    form = HistoryFilterForm(
        request.GET if set(request.GET) - {"page"} else None,
        kinds=history.record_kinds(),
        people=people,
    )
    # Filters that do not validate are not applied: the page says so and lists everything.
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    changes = history.programme_changes(
        programme,
        kind=filters.get("kind") or None,
        person=filters.get("person") or None,
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
    )
    page = Paginator(changes, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "programmes/programme_history.html",
        {
            "programme": programme,
            "form": form,
            "filtered": any(filters.values()),
            "page_obj": page,
            "changes": history.describe(page.object_list, people),
            "tab": "history",
        },
    )
