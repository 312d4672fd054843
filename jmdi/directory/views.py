from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jmdi.core.forms import show_errors
from jmdi.directory import permissions, selectors, services
from jmdi.directory.forms import (
    ChooseDuplicateForm,
    MergeForm,
    OrganisationFilterForm,
    OrganisationForm,
)
from jmdi.directory.models import Country, Organisation

PAGE_SIZE = 50


@login_required
def countries(request: HttpRequest) -> HttpResponse:
    if not permissions.can_browse_directory(request.user):
        raise PermissionDenied
    return render(
        request,
        "directory/country_list.html",
        {"countries": selectors.countries_visible_to(request.user)},
    )


@login_required
def country(request: HttpRequest, code: str) -> HttpResponse:
    country = selectors.get_country(code)
    if not permissions.can_view_country(request.user, str(country.code)):
        raise PermissionDenied
    page = Paginator(selectors.organisations_in(country), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "directory/country_detail.html",
        {
            "country": country,
            "page_obj": page,
            "can_view_contacts": permissions.can_view_contacts(request.user, str(country.code)),
        },
    )


@login_required
def contacts(request: HttpRequest, code: str) -> HttpResponse:
    country = selectors.get_country(code)
    if not permissions.can_view_contacts(request.user, str(country.code)):
        raise PermissionDenied
    page = Paginator(selectors.contacts_visible_to(request.user, country), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "directory/contact_list.html", {"country": country, "page_obj": page})


# --- The organisations registry ---------------------------------------------------------------


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _is_duplicate(exc: ValidationError) -> bool:
    return hasattr(exc, "error_dict") and any(
        error.code == "duplicate" for error in exc.error_dict.get("name", [])
    )


def _country_code(organisation: Organisation) -> str | None:
    return str(organisation.country.code) if organisation.country else None


@login_required
def organisations(request: HttpRequest) -> HttpResponse:
    _require(permissions.can_browse_directory(request.user))
    countries = selectors.countries_to_filter_by(request.user)
    form = OrganisationFilterForm(request.GET or None, countries=countries)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    page = Paginator(
        selectors.organisation_list(
            request.user,
            country=filters.get("country", ""),
            kind=filters.get("kind", ""),
            setting=filters.get("setting", ""),
            q=filters.get("q", ""),
        ),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "directory/organisation_list.html",
        {
            "form": form,
            "page_obj": page,
            "filtered": any(filters.values()),
            "can_create": permissions.can_create_organisation(request.user),
        },
    )


@login_required
def organisation(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = selectors.get_organisation(pk)
    _require(permissions.can_view_organisation(request.user, _country_code(organisation)))
    if organisation.merged_into is not None:
        return redirect("directory:organisation", pk=organisation.merged_into_id)
    code = _country_code(organisation)
    can_view_contacts = permissions.contact_scope(request.user).all or (
        code is not None and permissions.can_view_contacts(request.user, code)
    )
    can_edit = permissions.can_edit_organisation(request.user, code)
    return render(
        request,
        "directory/organisation_detail.html",
        {
            "organisation": organisation,
            "contacts": selectors.organisation_contacts(organisation)
            if can_view_contacts
            else None,
            "references": services.references_to(organisation),
            "can_edit": can_edit,
            "can_merge": permissions.can_merge(request.user),
            "history": organisation.history.select_related("history_user")[:10]
            if can_edit
            else None,
        },
    )


def _editable_countries(user: Any) -> list[Any]:
    scope = permissions.edit_scope(user)
    countries = Country.objects.filter(scope.q("code"))
    return selectors.in_name_order(countries)


def _organisation_form(
    request: HttpRequest, instance: Organisation | None
) -> tuple[OrganisationForm, list[Organisation]]:
    """The form, bound on POST; the similar organisations it last warned about."""
    countries = _editable_countries(request.user)
    show_confirm = request.method == "POST" and "confirm_distinct" in request.POST
    form = OrganisationForm(
        request.POST or None, instance=instance, countries=countries, show_confirm=show_confirm
    )
    form.fields["country"].required = not permissions.edit_scope(request.user).all
    return form, []


def _similar_from(form: OrganisationForm, instance: Organisation | None) -> list[Organisation]:
    country = form.cleaned_data.get("country")
    if country is None:
        return []
    return selectors.similar_organisations(country, form.cleaned_data["name"], exclude=instance)


@login_required
def organisation_create(request: HttpRequest) -> HttpResponse:
    _require(permissions.can_create_organisation(request.user))
    form, similar = _organisation_form(request, None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.register_organisation(
                actor=request.user,
                confirm_distinct=form.cleaned_data.get("confirm_distinct", False),
                **form.changes(),
            )
        except PermissionDenied:
            form.add_error("country", _("You can record organisations of your own country only."))
        except ValidationError as exc:
            if _is_duplicate(exc):
                similar = _similar_from(form, None)
                form = _with_confirm(request, None)
                form.is_valid()
            show_errors(form, exc)
        else:
            messages.success(request, _("%(name)s is registered.") % {"name": created.name})
            return redirect("directory:organisation", pk=created.pk)
    return render(
        request,
        "directory/organisation_form.html",
        {"form": form, "similar": similar, "organisation": None},
    )


def _with_confirm(request: HttpRequest, instance: Organisation | None) -> OrganisationForm:
    """The same form again, now with the "This is a different organisation" box."""
    form = OrganisationForm(
        request.POST,
        instance=instance,
        countries=_editable_countries(request.user),
        show_confirm=True,
    )
    form.fields["country"].required = not permissions.edit_scope(request.user).all
    return form


@login_required
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = selectors.get_organisation(pk)
    if organisation.merged_into_id is not None:
        return redirect("directory:organisation-edit", pk=organisation.merged_into_id)
    _require(permissions.can_edit_organisation(request.user, _country_code(organisation)))
    form, similar = _organisation_form(request, organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_organisation(
                actor=request.user,
                organisation=organisation,
                confirm_distinct=form.cleaned_data.get("confirm_distinct", False),
                **form.changes(),
            )
        except PermissionDenied:
            form.add_error("country", _("You can record organisations of your own country only."))
        except ValidationError as exc:
            if _is_duplicate(exc):
                similar = _similar_from(form, organisation)
                form = _with_confirm(request, selectors.get_organisation(pk))
                form.is_valid()
            show_errors(form, exc)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect("directory:organisation", pk=organisation.pk)
    return render(
        request,
        "directory/organisation_form.html",
        {"form": form, "similar": similar, "organisation": selectors.get_organisation(pk)},
    )


def _merge_summary(result: services.MergeResult) -> str:
    parts = [
        _("%(records)s: %(count)s moved") % {"records": label, "count": count}
        for label, count in result.moved.items()
    ]
    parts += [
        _("%(records)s: %(count)s dropped, the kept organisation already had them")
        % {"records": label, "count": count}
        for label, count in result.dropped.items()
    ]
    moved = "; ".join(parts) if parts else _("nothing referred to it")
    return _("%(duplicate)s is merged into %(keep)s. %(moved)s.") % {
        "duplicate": result.duplicate.name,
        "keep": result.keep.name,
        "moved": moved,
    }


@login_required
def organisation_merge(request: HttpRequest, pk: int) -> HttpResponse:
    _require(permissions.can_merge(request.user))
    keep = selectors.get_organisation(pk)
    if keep.merged_into_id is not None:
        return redirect("directory:organisation-merge", pk=keep.merged_into_id)
    source = request.POST if request.method == "POST" else request.GET
    choose = ChooseDuplicateForm(source if "duplicate" in source else None)
    duplicate = None
    if choose.is_bound and choose.is_valid():
        duplicate = (
            Organisation.objects.select_related("country", "area")
            .filter(pk=choose.cleaned_data["duplicate"])
            .exclude(pk=keep.pk)
            .first()
        )
        if duplicate is None:
            choose.add_error("duplicate", _("No other organisation has this record number."))
        elif duplicate.merged_into_id is not None:
            choose.add_error("duplicate", _("This organisation was already merged."))
            duplicate = None
        elif duplicate.country_id != keep.country_id:
            choose.add_error(
                "duplicate",
                _(
                    "Choose an organisation of the same country; "
                    "correct the country of one of them first if it is wrong."
                ),
            )
            duplicate = None
    form = MergeForm(
        request.POST if request.method == "POST" else None,
        initial={"duplicate": duplicate.pk if duplicate else None},
    )
    if request.method == "POST" and duplicate is not None and form.is_valid():
        try:
            result = services.merge_organisations(
                actor=request.user,
                keep=keep,
                duplicate=duplicate,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _merge_summary(result))
            return redirect("directory:organisation", pk=keep.pk)
    return render(
        request,
        "directory/organisation_merge.html",
        {
            "keep": keep,
            "duplicate": duplicate,
            "candidates": selectors.merge_candidates(keep) if duplicate is None else [],
            "choose": choose,
            "form": form,
            "references": services.references_to(duplicate) if duplicate else [],
            "copied": _fields_to_copy(keep, duplicate) if duplicate else [],
        },
    )


def _fields_to_copy(keep: Organisation, duplicate: Organisation) -> list[str]:
    labels = []
    for name in services.COPIED_FIELDS:
        if not getattr(keep, name) and getattr(duplicate, name):
            labels.append(str(getattr(Organisation._meta.get_field(name), "verbose_name", name)))
    if any(v and not keep.names.get(k) for k, v in duplicate.names.items()):
        labels.append(str(getattr(Organisation._meta.get_field("names"), "verbose_name", "")))
    return labels
