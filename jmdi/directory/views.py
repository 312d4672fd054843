from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jmdi.directory import permissions, selectors

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
