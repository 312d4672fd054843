"""The project database's pages: search with facets, a project, suggesting a project, a
message to a project's team, and the PMU's moderation of suggestions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jmdi.core.abuse import rate_limit
from jmdi.core.forms import show_errors
from jmdi.initiatives.models import Initiative
from jmdi.projectdb import permissions, selectors, services
from jmdi.projectdb.forms import (
    FACET_LABELS,
    FACETS,
    ContactForm,
    DecisionForm,
    SuggestionForm,
    filters_from,
)
from jmdi.projectdb.models import ProjectSuggestion

PAGE_SIZE = 20


def project_list(request: HttpRequest) -> HttpResponse:
    filters = filters_from(request.GET)
    queryset, ranking = selectors.search_projects(filters)
    ids = selectors.ordered_ids(
        queryset,
        ranking,
        filters.sort if ranking is not None or filters.sort != "relevance" else "title",
    )
    page_obj = Paginator(ids, PAGE_SIZE).get_page(request.GET.get("page"))
    projects = selectors.page_of(list(page_obj.object_list))
    counts = selectors.facet_counts(filters, ranking)
    chosen = {
        "country": filters.countries,
        "region": filters.regions,
        "theme": filters.themes,
        "partner_kind": filters.partner_kinds,
        "gender": filters.gender,
        "partnership": filters.partnerships,
        "status": filters.statuses,
    }
    facets = [
        {
            "name": name,
            "label": FACET_LABELS[name],
            "values": [
                {"value": value, "label": label, "count": count, "checked": value in chosen[name]}
                for value, label, count in counts[name]
            ],
        }
        for name in FACETS
        if counts[name]
    ]
    return render(
        request,
        "projectdb/project_list.html",
        {
            "filters": filters,
            "facets": facets,
            "page_obj": page_obj,
            "projects": projects,
            "sorts": selectors.SORTS,
            "can_suggest": permissions.can_suggest(request.user),
        },
    )


def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = selectors.get_project(pk)
    form = ContactForm()
    return render(
        request, "projectdb/project_detail.html", _detail_context(request, initiative, form)
    )


def _detail_context(
    request: HttpRequest, initiative: Initiative, form: ContactForm
) -> dict[str, Any]:
    partners = list(initiative.partners.all())
    return {
        "project": initiative,
        "partners": partners,
        "similar": selectors.similar_projects(initiative),
        "peers": selectors.peers_of_project(initiative),
        "form": form,
        "can_contact": permissions.can_contact(request.user),
        "website": initiative.lead_authority.website,
    }


@require_POST
def project_contact(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = selectors.get_project(pk)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not permissions.can_contact(request.user):
        raise PermissionDenied
    if not rate_limit.allow(request, "projectdb-contact", "5/h", who=str(request.user.pk)):
        return rate_limit.refused(request)
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            services.contact_project(
                actor=request.user, initiative=initiative, message=form.cleaned_data["message"]
            )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(
                request,
                _("Your message was sent to the project's team. They answer you by e-mail."),
            )
            return redirect("projectdb:detail", pk=initiative.pk)
    return render(
        request,
        "projectdb/project_detail.html",
        _detail_context(request, initiative, form),
        status=400,
    )


def suggest(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not permissions.can_suggest(request.user):
        raise PermissionDenied
    form = SuggestionForm(request.POST or None, initial={"language": request.LANGUAGE_CODE})
    if request.method == "POST":
        if not rate_limit.allow(request, "projectdb-suggest", "5/h", who=str(request.user.pk)):
            return rate_limit.refused(request)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.suggest_project(
                    actor=request.user,
                    title=data["title"],
                    summary=data["summary"],
                    country=data["country"],
                    lead_authority=data["lead_authority"],
                    language=data["language"],
                    website=data["website"],
                )
            except ValidationError as exc:
                show_errors(form, exc)
            else:
                messages.success(
                    request,
                    _(
                        "Thank you: the programme team reads your suggestion and tells you by e-mail what it decides."
                    ),
                )
                return redirect("projectdb:list")
    return render(
        request, "projectdb/suggest.html", {"form": form}, status=400 if form.errors else 200
    )


def suggestions(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not permissions.can_moderate(request.user):
        raise PermissionDenied
    status = request.GET.get("status", ProjectSuggestion.Status.PENDING)
    if status not in ProjectSuggestion.Status.values:
        status = ProjectSuggestion.Status.PENDING
    queryset = ProjectSuggestion.objects.filter(status=status).select_related(
        "country", "suggested_by"
    )
    page_obj = Paginator(queryset, 25).get_page(request.GET.get("page"))
    return render(request, "projectdb/suggestions.html", _suggestions_context(page_obj, status))


def _suggestions_context(page_obj: Any, status: str, failed: Any = None) -> dict[str, Any]:
    rows = [
        (
            s,
            failed
            if failed is not None and failed.prefix == f"s{s.pk}"
            else DecisionForm(prefix=f"s{s.pk}"),
        )
        for s in page_obj
    ]
    return {
        "page_obj": page_obj,
        "rows": rows,
        "status": status,
        "statuses": ProjectSuggestion.Status.choices,
    }


@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated or not permissions.can_moderate(request.user):
        raise PermissionDenied
    suggestion = get_object_or_404(ProjectSuggestion, pk=pk)
    form = DecisionForm(request.POST, prefix=f"s{suggestion.pk}")
    if form.is_valid():
        data = form.cleaned_data
        initiative = None
        if data["reference"]:
            initiative = Initiative.objects.filter(reference=data["reference"].strip()).first()
            if initiative is None:
                form.add_error(
                    "reference",
                    _(
                        "No initiative of the mapping has this reference: check it, or leave it empty."
                    ),
                )
        if not form.errors:
            try:
                services.decide_suggestion(
                    actor=request.user,
                    suggestion=suggestion,
                    accept=data["decision"] == "accept",
                    note=data["note"],
                    initiative=initiative,
                )
            except ValidationError as exc:
                show_errors(form, exc)
            else:
                messages.success(
                    request, _("The decision is recorded and the member is told by e-mail.")
                )
                return redirect("projectdb:suggestions")
    queryset = ProjectSuggestion.objects.filter(
        status=ProjectSuggestion.Status.PENDING
    ).select_related("country", "suggested_by")
    page_obj = Paginator(queryset, 25).get_page(1)
    return render(
        request,
        "projectdb/suggestions.html",
        _suggestions_context(page_obj, "pending", form),
        status=400,
    )
