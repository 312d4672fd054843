"""The import pages: upload a spreadsheet, follow the job, read the outcome (PMU only).

Thin views: each checks `permissions.can_import`, then calls `imports`. The status page
is the result page too; htmx polls its status panel while the job runs, and without
JavaScript the page refreshes itself.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation import gettext_lazy as _

from jmdi.core.models import Job
from jmdi.initiatives import imports, permissions
from jmdi.programmes.selectors import get_programme


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_(
            "An Excel workbook (.xlsx) or a CSV file, one initiative per row, with the "
            "template's headers on the first row."
        ),
        error_messages={"required": _("Choose the file to import.")},
    )

    def clean_file(self) -> Any:
        uploaded = self.cleaned_data["file"]
        imports.check_upload(uploaded)
        return uploaded


def _require_import(request: HttpRequest) -> None:
    if not permissions.can_import(request.user):
        raise PermissionDenied


def _own_job(request: HttpRequest, pk: Any) -> Job:
    """An import job of the person asking; anyone else's is not found."""
    job = Job.objects.filter(pk=pk, kind=imports.JOB_KIND, started_by_id=request.user.pk).first()
    if job is None:
        raise Http404
    return job


@login_required
def import_start(request: HttpRequest, code: str) -> HttpResponse:
    programme = get_programme(code)
    _require_import(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = imports.start_import(
                actor=request.user, programme=programme, uploaded=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            return redirect("initiatives:import-status", programme.code, job.pk)
    context = {
        "programme": programme,
        "form": form,
        "columns": imports.COLUMNS,
        "max_megabytes": imports.MAX_UPLOAD_BYTES // 1024 // 1024,
        "inline_rows": imports.INLINE_ROWS,
    }
    return render(request, "initiatives/import/start.html", context)


@login_required
def import_template(request: HttpRequest, code: str) -> HttpResponse:
    get_programme(code)
    _require_import(request)
    response = HttpResponse(
        imports.template_workbook(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="initiatives-template.xlsx"'
    return response


@login_required
def import_status(request: HttpRequest, code: str, pk: Any) -> HttpResponse:
    programme = get_programme(code)
    _require_import(request)
    job = _own_job(request, pk)
    result = imports.import_result(job) if job.finished else None
    template = "initiatives/import/status.html"
    if request.headers.get("HX-Request") == "true":
        template += "#import-status"
    response = render(request, template, {"programme": programme, "job": job, "result": result})
    patch_vary_headers(response, ["HX-Request"])
    add_never_cache_headers(response)
    return response


@login_required
def import_errors(request: HttpRequest, code: str, pk: Any) -> HttpResponse:
    get_programme(code)
    _require_import(request)
    job = _own_job(request, pk)
    result = imports.import_result(job) if job.finished else None
    if result is None or not result.errors:
        raise Http404
    response = HttpResponse(result.errors_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="import-errors.csv"'
    return response
