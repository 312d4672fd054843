"""The registry's pages: thin, each authorising, then calling one selector or service.

Every page starts from what the reader may see (`permissions.visible_initiatives`): an
initiative outside their scope is "not found", for reading and for writing alike.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jmdi.core.forms import show_errors
from jmdi.directory.models import Organisation
from jmdi.initiatives import exports, permissions, selectors, services
from jmdi.initiatives.forms import (
    InitiativeFilterForm,
    InitiativeForm,
    PartnerFormSet,
    PublishForm,
    StatusForm,
    partner_choices,
)
from jmdi.initiatives.models import Initiative, TargetGroup, Theme
from jmdi.programmes.models import Programme
from jmdi.programmes.selectors import get_programme

PAGE_SIZE = 30


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _countries(programme: Programme) -> list[Any]:
    return [pc.country for pc in programme.programme_countries.select_related("country")]


def _programme(code: str) -> tuple[Programme, list[Any]]:
    programme = get_programme(code)
    return programme, _countries(programme)


def _filter_form(request: HttpRequest, countries: list[Any]) -> InitiativeFilterForm:
    return InitiativeFilterForm(
        request.GET or None, countries=countries, themes=list(Theme.objects.all())
    )


@login_required
def initiative_list(request: HttpRequest, code: str) -> HttpResponse:
    _require(permissions.can_view_registry(request.user))
    programme, countries = _programme(code)
    form = _filter_form(request, countries)
    filters = form.to_filters()
    page = Paginator(
        selectors.initiative_list(request.user, programme, filters), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    filtered = any(value for key, value in query.items() if key != "sort")
    return render(
        request,
        "initiatives/initiative_list.html",
        {
            "programme": programme,
            "form": form,
            "page_obj": page,
            "filtered": filtered,
            "query": query.urlencode(),
            "can_create": permissions.can_create(request.user),
            "can_export": permissions.can_export(request.user),
            "can_import": permissions.can_import(request.user),
        },
    )


@login_required
def initiative_export(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    if fmt not in ("xlsx", "csv"):
        raise Http404("No such format")
    _require(permissions.can_view_registry(request.user) and permissions.can_export(request.user))
    programme, countries = _programme(code)
    filters = _filter_form(request, countries).to_filters()
    rows = selectors.export_rows(request.user, programme, filters)
    stamp = timezone.localdate().isoformat()
    if fmt == "xlsx":
        response = HttpResponse(
            exports.write_xlsx(rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(exports.write_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="initiatives-{stamp}.{fmt}"'
    return response


@login_required
def initiative_detail(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    _require(permissions.can_view_registry(request.user))
    programme = get_programme(code)
    initiative = selectors.get_initiative_for(request.user, programme, pk)
    can_change = permissions.can_change(request.user, initiative)
    return render(
        request,
        "initiatives/initiative_detail.html",
        {
            "programme": programme,
            "initiative": initiative,
            "partners": list(initiative.partners.all()),
            "target_groups": [
                TargetGroup(code).label
                for code in initiative.target_groups
                if code in TargetGroup.values
            ],
            "history": selectors.status_history(initiative),
            "translation_shown": initiative.localized_title != initiative.title
            or initiative.localized_summary != initiative.summary,
            "can_change": can_change,
            "can_publish": permissions.can_publish(request.user, initiative),
            "status_form": StatusForm(initial={"status": initiative.status})
            if permissions.can_set_status(request.user, initiative)
            else None,
        },
    )


def _writable_countries(request: HttpRequest, countries: list[Any]) -> list[str]:
    writable = permissions.countries_writable(request.user)
    codes = [str(c.code) for c in countries]
    return codes if writable is None else [c for c in codes if c in writable]


def _partners_from(formset: Any) -> list[tuple[Organisation, str]] | None:
    """The partners the formset names, or None when a row is invalid."""
    if not formset.is_valid():
        return None
    chosen = [
        (row.cleaned_data["organisation"], row.cleaned_data["role"])
        for row in formset.forms
        if row.cleaned_data.get("organisation")
    ]
    found = Organisation.objects.in_bulk([pk for pk, _role in chosen])
    return [(found[pk], role) for pk, role in chosen if pk in found]


def _form_page(
    request: HttpRequest, code: str, initiative: Initiative | None, programme: Programme
) -> HttpResponse:
    countries = _countries(programme)
    writable = _writable_countries(request, countries)
    initial: dict[str, Any] | None = None
    partner_initial: list[dict[str, Any]] = []
    if initiative is not None:
        initial = {name: getattr(initiative, name) for name in services.SCALAR_FIELDS}
        initial.update(InitiativeForm.translation_initial(initiative))
        for name in services.M2M_FIELDS:
            initial[name] = list(getattr(initiative, name).all())
        partner_initial = [
            {"organisation": p.organisation_id, "role": p.role}
            for p in initiative.partners.order_by("pk")
        ]
        # The lead's own country stays among the choices (the service refuses others).
        writable = sorted(set(writable) | {str(initiative.country.code)})
    form = InitiativeForm(request.POST or None, initial=initial, countries=writable)
    organisations = partner_choices(writable)
    formset = PartnerFormSet(
        request.POST or None,
        initial=partner_initial or None,
        prefix="partners",
        form_kwargs={"organisations": organisations},
    )
    if request.method == "POST" and form.is_valid():
        partners = _partners_from(formset)
        if partners is not None:
            try:
                fields = form.service_fields()
                if initiative is None:
                    saved = services.create_initiative(
                        actor=request.user, programme=programme, partners=partners, **fields
                    )
                else:
                    saved = services.update_initiative(
                        actor=request.user, initiative=initiative, **fields
                    )
                    services.set_partners(actor=request.user, initiative=saved, partners=partners)
            except ValidationError as exc:
                show_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("The initiative %(reference)s is saved.") % {"reference": saved.reference},
                )
                return redirect("initiatives:detail", programme.code, saved.pk)
    return render(
        request,
        "initiatives/initiative_form.html",
        {
            "programme": programme,
            "initiative": initiative,
            "form": form,
            "formset": formset,
        },
    )


@login_required
def initiative_create(request: HttpRequest, code: str) -> HttpResponse:
    _require(permissions.can_view_registry(request.user) and permissions.can_create(request.user))
    return _form_page(request, code, None, get_programme(code))


@login_required
def initiative_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    _require(permissions.can_view_registry(request.user))
    programme = get_programme(code)
    initiative = selectors.get_initiative_for_change(request.user, programme, pk)
    _require(permissions.can_change(request.user, initiative))
    return _form_page(request, code, initiative, programme)


@login_required
@require_POST
def initiative_status(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    _require(permissions.can_view_registry(request.user))
    programme = get_programme(code)
    initiative = selectors.get_initiative_for_change(request.user, programme, pk)
    _require(permissions.can_set_status(request.user, initiative))
    form = StatusForm(request.POST)
    if form.is_valid():
        services.set_status(
            actor=request.user,
            initiative=initiative,
            status=form.cleaned_data["status"],
            reason=form.cleaned_data["reason"],
        )
        messages.success(
            request,
            _("The initiative is now “%(status)s”.") % {"status": initiative.get_status_display()},
        )
    else:
        messages.error(request, _("Choose the new status and give the reason for the change."))
    return redirect("initiatives:detail", programme.code, initiative.pk)


@login_required
@require_POST
def initiative_publish(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    _require(permissions.can_view_registry(request.user))
    programme = get_programme(code)
    initiative = selectors.get_initiative_for_change(request.user, programme, pk)
    _require(permissions.can_publish(request.user, initiative))
    form = PublishForm(request.POST)
    published = bool(form.is_valid() and form.cleaned_data["published"])
    services.set_published(actor=request.user, initiative=initiative, published=published)
    messages.success(
        request,
        _("The initiative is published in the project database.")
        if published
        else _("The initiative is no longer shown in the project database."),
    )
    return redirect("initiatives:detail", programme.code, initiative.pk)
