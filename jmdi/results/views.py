"""The results pages: thin, each authorising, then calling one selector or service.

The dashboard is public (aggregate figures, like the results framework they measure);
the records behind a figure and a manual value's evidence are shown to the PMU and the
committees, and to a focal point or reviewer for their own country only (see
`permissions`): another country's records answer 404, as their existence is theirs.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jmdi.core.people import Sex
from jmdi.directory.models import Organisation
from jmdi.programmes.models import Indicator
from jmdi.programmes.selectors import get_programme
from jmdi.results import permissions, selectors, services
from jmdi.results.forms import ReturnForm, ValueForm
from jmdi.results.models import ManualValue
from jmdi.results.services import quarter_codes

PAGE_SIZE = 50
#: Each value under review carries its two forms: fewer a page.
REVIEW_PAGE_SIZE = 20


def _partial(request: HttpRequest, template: str, name: str) -> str:
    if (
        request.headers.get("HX-Request") == "true"
        and "HX-History-Restore-Request" not in request.headers
    ):
        return f"{template}#{name}"
    return template


def dashboard(request: HttpRequest, code: str) -> HttpResponse:
    programme = get_programme(code)
    data = selectors.dashboard(
        programme, request.user, request.GET.get("country"), request.GET.get("period")
    )
    response = render(
        request,
        _partial(request, "results/dashboard.html", "figures"),
        {
            "programme": programme,
            "data": data,
            "tab": "dashboard",
            "can_enter": permissions.can_enter_values(request.user),
            "can_review": permissions.can_review_values(request.user),
        },
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


def drilldown(request: HttpRequest, code: str, indicator: str) -> HttpResponse:
    programme = get_programme(code)
    found = (
        Indicator.objects.filter(output__programme=programme, code=indicator)
        .select_related("output", "target")
        .first()
    )
    if found is None:
        raise Http404("No such indicator")
    countries = selectors.programme_countries(programme)
    requested = request.GET.get("country", "").upper()
    country = next((c for c in countries if c.code == requested), None)
    if requested and country is None:
        raise Http404("No such country")
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not permissions.can_see_any_records(request.user):
        raise PermissionDenied
    if not permissions.can_drill_down(request.user, country.code if country else None):
        raise Http404("Not this country's records")
    _periods, period = selectors.find_period(programme, request.GET.get("period"))
    data = selectors.drilldown(programme, request.user, found, country, period)
    page = None
    if data.records is not None:
        page = Paginator(data.records, PAGE_SIZE).get_page(request.GET.get("page"))
        sexes, kinds = dict(Sex.choices), dict(Organisation.Kind.choices)
        page.object_list = [
            {
                **record,
                "sex_label": sexes.get(record.get("sex"), record.get("sex")),
                "type_label": kinds.get(
                    record.get("stakeholder_type"), record.get("stakeholder_type")
                ),
            }
            for record in page.object_list
        ]
    return render(
        request,
        "results/drilldown.html",
        {"programme": programme, "data": data, "page_obj": page, "tab": "dashboard"},
    )


@login_required
def values(request: HttpRequest, code: str) -> HttpResponse:
    """A focal point's (or the PMU's) list of manual values for a quarter: what is still
    to enter, what was returned and why, what waits for review."""
    if not permissions.can_enter_values(request.user):
        raise PermissionDenied
    programme = get_programme(code)
    quarters = quarter_codes(programme)
    period = request.GET.get("period") or selectors.find_period(programme, None)[1].code
    if period not in quarters:
        period = quarters[-1]
    countries = selectors.programme_countries(programme)
    allowed = permissions.countries_to_enter(request.user)
    mine = [c for c in countries if allowed is None or c.code in allowed]
    entered = selectors.values_for(request.user, programme, period)
    rows = []
    for indicator in selectors.manual_indicators(programme):
        targets = (
            mine if "country" in indicator.disaggregations else ([None] if allowed is None else [])
        )
        for country in targets:
            key = country.code if country else ""
            rows.append((indicator, country, entered.get((indicator.pk, key))))
    return render(
        request,
        "results/values.html",
        {
            "programme": programme,
            "period": period,
            "quarters": quarters,
            "rows": rows,
            "returned": selectors.returned_values(request.user, programme),
            "can_review": permissions.can_review_values(request.user),
            "tab": "dashboard",
        },
    )


@login_required
def enter_value(request: HttpRequest, code: str) -> HttpResponse:
    if not permissions.can_enter_values(request.user):
        raise PermissionDenied
    programme = get_programme(code)
    source = request.POST if request.method == "POST" else request.GET
    indicator = (
        Indicator.objects.filter(output__programme=programme, code=source.get("indicator", ""))
        .select_related("output__programme")
        .first()
    )
    if indicator is None:
        raise Http404("No such indicator")
    country = source.get("country", "").upper()
    period = source.get("period", "")
    if country and not permissions.can_enter_value_for(request.user, country):
        raise Http404("Not this country's values")
    existing = ManualValue.objects.filter(
        indicator=indicator, country=country, period=period, split=""
    ).first()
    initial = {}
    if existing is not None:
        initial = {
            "value": "" if existing.value is None else existing.value.normalize(),
            "text": existing.text,
            "evidence_link": existing.evidence_link,
            "comment": existing.comment,
        }
    form = ValueForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        indicator=indicator,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_value(
                actor=request.user,
                indicator=indicator,
                country=country,
                period=period,
                value=form.cleaned_data.get("value"),
                text=form.cleaned_data.get("text", ""),
                evidence_file=form.cleaned_data.get("evidence_file") or None,
                evidence_link=form.cleaned_data.get("evidence_link", ""),
                comment=form.cleaned_data.get("comment", ""),
                submit="submit" in request.POST,
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            if "submit" in request.POST:
                messages.success(request, _("The value is submitted for review."))
            else:
                messages.success(request, _("The value is saved as a draft."))
            return redirect(reverse("results:values", args=[programme.code]) + f"?period={period}")
    return render(
        request,
        "results/value_form.html",
        {
            "programme": programme,
            "indicator": indicator,
            "country": next(
                (c for c in selectors.programme_countries(programme) if c.code == country), None
            ),
            "period": period,
            "existing": existing,
            "form": form,
            "tab": "dashboard",
        },
    )


@login_required
def review(request: HttpRequest, code: str) -> HttpResponse:
    if not permissions.can_review_values(request.user):
        raise PermissionDenied
    programme = get_programme(code)
    page = Paginator(selectors.review_queue(programme), REVIEW_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    names = {str(c.code): c.name for c in selectors.programme_countries(programme)}
    for value in page:
        value.country_name = names.get(value.country, value.country)  # type: ignore[attr-defined]
    return render(
        request,
        "results/review.html",
        {
            "programme": programme,
            "page_obj": page,
            "form": ReturnForm(),
            "tab": "dashboard",
        },
    )


def _reviewed(request: HttpRequest, code: str, pk: int) -> tuple[object, ManualValue]:
    if not permissions.can_review_values(request.user):
        raise PermissionDenied
    programme = get_programme(code)
    value = selectors.value_for(request.user, programme, pk)
    if value is None:
        raise Http404("No such value")
    return programme, value


@login_required
@require_POST
def approve(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    _programme, value = _reviewed(request, code, pk)
    try:
        services.approve_value(actor=request.user, value=value)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The value is approved; it now counts on the dashboard."))
    return redirect("results:review", code)


@login_required
@require_POST
def return_value(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    _programme, value = _reviewed(request, code, pk)
    try:
        services.return_value(
            actor=request.user, value=value, reason=request.POST.get("reason", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The value is returned to the focal point with your reason."))
    return redirect("results:review", code)


@login_required
def evidence(request: HttpRequest, code: str, pk: int) -> FileResponse:
    """A value's evidence file: to those who enter or review it, and to the readers of
    the country's records once approved."""
    programme = get_programme(code)
    value = selectors.value_for(request.user, programme, pk)
    if value is None and permissions.can_drill_down(request.user, None):
        value = ManualValue.objects.filter(
            pk=pk, indicator__output__programme=programme, status=ManualValue.Status.APPROVED
        ).first()
    if value is None and permissions.can_see_any_records(request.user):
        candidate = ManualValue.objects.filter(
            pk=pk, indicator__output__programme=programme, status=ManualValue.Status.APPROVED
        ).first()
        if candidate is not None and permissions.can_drill_down(
            request.user, candidate.country or None
        ):
            value = candidate
    if value is None:
        if not permissions.can_see_any_records(request.user):
            raise PermissionDenied
        raise Http404("No such value")
    if not value.evidence_file:
        raise Http404("No file")
    return FileResponse(value.evidence_file.open("rb"), as_attachment=True)
