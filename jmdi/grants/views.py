"""The grants pages: thin, each authorising, then calling one selector or service.

A contract another person may not read answers 404 (its existence is not told); an action
on a contract one may read but not act on answers 403. Every action is a plain POST that
redirects back to the contract.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jmdi.grants import permissions, selectors, services
from jmdi.grants.forms import (
    AmendForm,
    CloseForm,
    ContractForm,
    DisbursementForm,
    ReportForm,
    ReviewForm,
    SignForm,
    milestone_formset,
    milestone_initial,
)
from jmdi.grants.models import Contract
from jmdi.programmes.selectors import get_programme

PAGE_SIZE = 25


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _apply(exc: ValidationError, form: forms.Form, formset: Any = None) -> None:
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        for error in errors:
            if name == "milestones" and formset is not None:
                formset._non_form_errors = formset.error_class(
                    [*formset.non_form_errors(), *error.messages]
                )
            elif name in form.fields:
                form.add_error(name, error)
            else:
                form.add_error(None, error)


def _detail(code: str, pk: int) -> HttpResponse:
    return redirect("grants:detail", code, pk)


@login_required
def contract_list(request: HttpRequest, code: str) -> HttpResponse:
    _require(permissions.can_view_contracts(request.user))
    programme = get_programme(code)
    contracts = selectors.contracts_visible_to(request.user, programme.code)
    status = request.GET.get("status", "")
    if status in Contract.Status.values:
        contracts = contracts.filter(status=status)
    page = Paginator(
        contracts.order_by("initiative__country__code", "reference"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "grants/contract_list.html",
        {
            "programme": programme,
            "page_obj": page,
            "status": status,
            "statuses": Contract.Status.choices,
            "can_manage": permissions.can_manage_contracts(request.user),
        },
    )


def _detail_page(request: HttpRequest, code: str, pk: int, **forms_given: Any) -> HttpResponse:
    page = selectors.get_contract_page(request.user, code, pk)
    contract = page.contract
    can_manage = permissions.can_manage_contracts(request.user)
    context: dict[str, Any] = {
        "programme": contract.programme,
        "page": page,
        "contract": contract,
        "can_manage": can_manage,
        "can_submit": permissions.can_submit_report(request.user, contract),
        "can_review": permissions.can_review_report(request.user, contract),
        "can_disburse": permissions.can_record_disbursement(request.user),
    }
    if can_manage and contract.is_draft:
        context["sign_form"] = forms_given.get("sign_form") or SignForm()
    if can_manage and contract.status in (Contract.Status.DRAFT, Contract.Status.SIGNED):
        context["close_form"] = forms_given.get("close_form") or CloseForm()
    status = 400 if forms_given else 200
    return render(request, "grants/contract_detail.html", context, status=status)


@login_required
def contract_detail(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    return _detail_page(request, code, pk)


def _contract_form_page(request: HttpRequest, code: str, contract: Contract | None) -> HttpResponse:
    programme = get_programme(code)
    editing = contract is not None
    if contract is not None:
        initial = {
            "reference": contract.reference,
            "amount": contract.amount,
            "contribution": contract.contribution_id,
            "line": contract.line_id,
            "start_date": contract.start_date,
            "end_date": contract.end_date,
        }
        milestones = milestone_initial(contract)
    else:
        initial = {"initiative": request.GET.get("initiative")}
        milestones = []
    data = request.POST if request.method == "POST" else None
    form = ContractForm(data, initial=initial, programme=programme, editing=editing)
    formset = milestone_formset(data, milestones)
    if data is not None and form.is_valid() and formset.is_valid():
        terms = {k: v for k, v in form.cleaned_data.items() if k != "initiative"}
        try:
            if contract is None:
                saved = services.create_contract(
                    actor=request.user,
                    initiative=form.cleaned_data["initiative"],
                    milestones=formset.milestones(),
                    **terms,
                )
            else:
                saved = services.update_contract(
                    actor=request.user, contract=contract, milestones=formset.milestones(), **terms
                )
        except ValidationError as exc:
            _apply(exc, form, formset)
        else:
            messages.success(
                request,
                _("Contract %(reference)s is saved as a draft. Sign it when both parties have.")
                % {"reference": saved.reference},
            )
            return _detail(programme.code, saved.pk)
    return render(
        request,
        "grants/contract_form.html",
        {"programme": programme, "form": form, "formset": formset, "contract": contract},
        status=400 if data is not None else 200,
    )


@login_required
def contract_create(request: HttpRequest, code: str) -> HttpResponse:
    _require(permissions.can_manage_contracts(request.user))
    return _contract_form_page(request, code, None)


@login_required
def contract_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    contract = selectors.get_contract_for(request.user, code, pk)
    _require(permissions.can_manage_contracts(request.user))
    if not contract.is_draft:
        messages.error(request, _("A signed contract changes only through an amendment."))
        return _detail(code, pk)
    return _contract_form_page(request, code, contract)


@login_required
@require_POST
def contract_sign(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    contract = selectors.get_contract_for(request.user, code, pk)
    _require(permissions.can_manage_contracts(request.user))
    form = SignForm(request.POST)
    if form.is_valid():
        try:
            services.sign_contract(actor=request.user, contract=contract, **form.cleaned_data)
        except ValidationError as exc:
            _apply(exc, form)
        else:
            messages.success(
                request,
                _(
                    "Contract %(reference)s is signed: its amount is committed on budget line "
                    "%(line)s and the initiative is funded. The grantee can now report on its "
                    "milestones."
                )
                % {"reference": contract.reference, "line": contract.line.code},
            )
            return _detail(code, pk)
    return _detail_page(request, code, pk, sign_form=form)


@login_required
@require_POST
def contract_close(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    contract = selectors.get_contract_for(request.user, code, pk)
    _require(permissions.can_manage_contracts(request.user))
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            services.close_contract(actor=request.user, contract=contract, **form.cleaned_data)
        except ValidationError as exc:
            _apply(exc, form)
        else:
            messages.success(request, _("The contract has ended; nothing more can be paid on it."))
            return _detail(code, pk)
    return _detail_page(request, code, pk, close_form=form)


@login_required
def contract_amend(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    contract = selectors.get_contract_for(request.user, code, pk)
    _require(permissions.can_manage_contracts(request.user))
    data = request.POST if request.method == "POST" else None
    form = AmendForm(data)
    formset = milestone_formset(data, milestone_initial(contract))
    if data is not None and form.is_valid() and formset.is_valid():
        try:
            amendment = services.amend_contract(
                actor=request.user,
                contract=contract,
                milestones=formset.milestones(),
                **form.cleaned_data,
            )
        except ValidationError as exc:
            _apply(exc, form, formset)
        else:
            messages.success(
                request,
                _("Amendment %(number)s of contract %(reference)s is recorded.")
                % {"number": amendment.number, "reference": contract.reference},
            )
            return _detail(code, pk)
    return render(
        request,
        "grants/contract_amend.html",
        {"programme": contract.programme, "contract": contract, "form": form, "formset": formset},
        status=400 if data is not None else 200,
    )


# --- Milestones: reports and payments ----------------------------------------------------


def _milestone_page(
    request: HttpRequest, code: str, pk: int, milestone_pk: int, allowed: Any
) -> tuple[Contract, Any]:
    contract = selectors.get_contract_for(request.user, code, pk)
    _require(allowed(request.user, contract))
    return contract, selectors.get_milestone_for(request.user, contract, milestone_pk)


@login_required
def report_submit(request: HttpRequest, code: str, pk: int, milestone: int) -> HttpResponse:
    contract, found = _milestone_page(request, code, pk, milestone, permissions.can_submit_report)
    report = getattr(found, "report", None)
    initial = {"text": report.text} if report is not None else None
    form = ReportForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_report(
                actor=request.user,
                milestone=found,
                text=form.cleaned_data["text"],
                evidence=form.cleaned_data.get("evidence"),
            )
        except ValidationError as exc:
            _apply(exc, form)
        else:
            messages.success(
                request,
                _("Your report is sent to the focal point, who will approve it or return it."),
            )
            return _detail(code, pk)
    return render(
        request,
        "grants/report_form.html",
        {
            "programme": contract.programme,
            "contract": contract,
            "milestone": found,
            "report": report,
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def report_review(request: HttpRequest, code: str, pk: int, milestone: int) -> HttpResponse:
    contract, found = _milestone_page(request, code, pk, milestone, permissions.can_review_report)
    report = getattr(found, "report", None)
    if report is None:
        raise Http404("No report")
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        service = services.approve_report if approve else services.return_report
        try:
            service(actor=request.user, milestone=found, comment=form.cleaned_data["comment"])
        except ValidationError as exc:
            _apply(exc, form)
        else:
            messages.success(
                request,
                _("The deliverable is approved: the PMU can now pay the tranche.")
                if approve
                else _("The report is returned to the grantee with your comments."),
            )
            return _detail(code, pk)
    return render(
        request,
        "grants/report_review.html",
        {
            "programme": contract.programme,
            "contract": contract,
            "milestone": found,
            "report": report,
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def evidence(request: HttpRequest, code: str, pk: int, milestone: int) -> FileResponse:
    contract = selectors.get_contract_for(request.user, code, pk)
    found = selectors.get_milestone_for(request.user, contract, milestone)
    report = getattr(found, "report", None)
    if report is None or not report.evidence:
        raise Http404("No evidence")
    response = FileResponse(
        report.evidence.open("rb"),
        as_attachment=True,
        filename=report.evidence_name or report.evidence.name.rsplit("/", 1)[-1],
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def disburse(request: HttpRequest, code: str, pk: int, milestone: int) -> HttpResponse:
    contract, found = _milestone_page(
        request, code, pk, milestone, lambda user, _c: permissions.can_record_disbursement(user)
    )
    form = DisbursementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            paid = services.record_disbursement(
                actor=request.user, milestone=found, **form.cleaned_data
            )
        except ValidationError as exc:
            _apply(exc, form)
        else:
            messages.success(
                request,
                _(
                    "The payment of %(amount)s %(currency)s (EUR %(eur)s, USD %(usd)s) is "
                    "recorded and spent on budget line %(line)s."
                )
                % {
                    "amount": paid.amount,
                    "currency": paid.currency,
                    "eur": paid.amount_eur,
                    "usd": paid.usd_equivalent,
                    "line": contract.line.code,
                },
            )
            return _detail(code, pk)
    paid_here = selectors.paid_on(found)
    return render(
        request,
        "grants/disbursement_form.html",
        {
            "programme": contract.programme,
            "contract": contract,
            "milestone": found,
            "paid": paid_here,
            "remaining": found.tranche - paid_here,
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )
