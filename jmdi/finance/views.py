"""The budget execution pages: thin, each authorising, then calling one selector or service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jmdi.core.forms import show_errors
from jmdi.finance import permissions, selectors, services
from jmdi.finance.forms import CommitmentForm, ExpenditureForm
from jmdi.programmes.models import Programme
from jmdi.programmes.selectors import get_programme

PAGE_SIZE = 50


@login_required
def execution(request: HttpRequest, code: str) -> HttpResponse:
    if not permissions.can_view_execution(request.user):
        raise PermissionDenied
    found = selectors.get_execution(code)
    return render(
        request,
        "finance/budget_execution.html",
        {
            "programme": found.programme,
            "execution": found,
            "can_view_ledger": permissions.can_view_ledger(request.user),
        },
    )


def _ledger_page(
    request: HttpRequest, programme: Programme, line_code: str, bound: dict[str, Any] | None = None
) -> HttpResponse:
    ledger = selectors.get_ledger(programme, line_code)
    context: dict[str, Any] = {
        "programme": programme,
        "ledger": ledger,
        "line": ledger.line,
        "commitments": Paginator(ledger.commitments, PAGE_SIZE).get_page(request.GET.get("c")),
        "expenditures": Paginator(ledger.expenditures, PAGE_SIZE).get_page(request.GET.get("e")),
        "can_record": permissions.can_record_finance(request.user),
    }
    if context["can_record"]:
        context["commitment_form"] = CommitmentForm(initial={"currency": "EUR"})
        context["expenditure_form"] = ExpenditureForm(initial={"currency": "EUR"}, line=ledger.line)
        context |= bound or {}
    return render(request, "finance/budget_line.html", context, status=400 if bound else 200)


@login_required
def ledger(request: HttpRequest, code: str, line: str) -> HttpResponse:
    if not permissions.can_view_ledger(request.user):
        raise PermissionDenied
    return _ledger_page(request, get_programme(code), line)


def _record(request: HttpRequest, code: str, line: str, kind: str) -> HttpResponse:
    if not permissions.can_record_finance(request.user):
        raise PermissionDenied
    programme = get_programme(code)
    found = selectors.get_ledger(programme, line).line
    form: CommitmentForm | ExpenditureForm = (
        CommitmentForm(request.POST)
        if kind == "commitment"
        else ExpenditureForm(request.POST, line=found)
    )
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if kind == "commitment":
                services.record_commitment(
                    actor=request.user, programme=programme, line=found, **data
                )
            else:
                services.record_expenditure(
                    actor=request.user, programme=programme, line=found, **data
                )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(
                request,
                _("The commitment is recorded.")
                if kind == "commitment"
                else _("The expenditure is recorded."),
            )
            return redirect("finance:ledger", programme.code, found.code)
    return _ledger_page(request, programme, line, {f"{kind}_form": form})


@login_required
@require_POST
def add_commitment(request: HttpRequest, code: str, line: str) -> HttpResponse:
    return _record(request, code, line, "commitment")


@login_required
@require_POST
def add_expenditure(request: HttpRequest, code: str, line: str) -> HttpResponse:
    return _record(request, code, line, "expenditure")
