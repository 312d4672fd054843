"""The reports pages: thin, each authorising, then calling one selector or service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jmdi.programmes.selectors import get_programme
from jmdi.reporting import permissions, selectors, services
from jmdi.reporting.forms import ReportRequestForm
from jmdi.reporting.models import FORMATS


def _apply(form: ReportRequestForm, exc: ValidationError) -> None:
    for field, errors in exc.error_dict.items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


@login_required
def reports(request: HttpRequest, code: str) -> HttpResponse:
    if not permissions.can_see_reports(request.user):
        raise PermissionDenied
    programme = get_programme(code)
    form = None
    if permissions.can_request_report(request.user):
        form = ReportRequestForm(request.POST or None, programme=programme)
        if request.method == "POST" and form.is_valid():
            try:
                report = services.request_report(
                    actor=request.user,
                    programme=programme,
                    kind=form.cleaned_data["kind"],
                    period_code=form.cleaned_data["period"],
                    language=form.cleaned_data["language"],
                )
            except ValidationError as exc:
                _apply(form, exc)
            else:
                messages.success(
                    request,
                    _(
                        "The report is being written. This page shows its progress; you can leave it."
                    ),
                )
                return redirect("reporting:report", programme.code, report.pk)
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "reporting/report_list.html",
        {
            "programme": programme,
            "reports": selectors.reports_visible_to(request.user, programme),
            "form": form,
        },
    )


@login_required
def report(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    if not permissions.can_see_reports(request.user):
        raise PermissionDenied
    programme = get_programme(code)
    found = selectors.get_report_for(request.user, programme, pk)
    response = render(
        request,
        "reporting/report_detail.html",
        {
            "programme": programme,
            "report": found,
            "can_change": permissions.can_change_report(request.user, found),
            "formats": FORMATS,
        },
    )
    add_never_cache_headers(response)
    return response


@login_required
@require_POST
def regenerate(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    programme = get_programme(code)
    found = selectors.get_report_for(request.user, programme, pk)
    if not permissions.can_change_report(request.user, found):
        raise PermissionDenied
    try:
        services.regenerate_report(actor=request.user, report=found)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The report is being written again with today's records."))
    return redirect("reporting:report", programme.code, found.pk)


@login_required
@require_POST
def submit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    programme = get_programme(code)
    found = selectors.get_report_for(request.user, programme, pk)
    if not permissions.can_change_report(request.user, found):
        raise PermissionDenied
    try:
        services.submit_report(actor=request.user, report=found)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _(
                "The report is submitted to the steering committee. It is frozen: its files will not change."
            ),
        )
    return redirect("reporting:report", programme.code, found.pk)


@login_required
def download(request: HttpRequest, code: str, pk: int, fmt: str) -> FileResponse:
    if not permissions.can_see_reports(request.user) or fmt not in FORMATS:
        raise Http404("No such file")
    programme = get_programme(code)
    found = selectors.get_report_for(request.user, programme, pk)
    stored = found.file(fmt)
    if not stored:
        raise Http404("Not written yet")
    response = FileResponse(
        stored.open("rb"), as_attachment=True, filename=stored.name.rsplit("/", 1)[-1]
    )
    response["X-Content-Type-Options"] = "nosniff"
    add_never_cache_headers(response)
    return response
