"""The M4D Net's own pages: its home and "about", joining, a member's profile and the
member directory, the member's data download and leaving, and the PMU's verification
of local authorities."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jmdi.community import permissions, selectors, services
from jmdi.community.forms import DirectoryForm, JoinForm, LeaveForm, ProfileForm
from jmdi.community.models import Member
from jmdi.community.terms import current_text
from jmdi.core.abuse import rate_limit
from jmdi.core.forms import show_errors
from jmdi.core.plugins import profile_panels

DIRECTORY_PAGE = 24


def home(request: HttpRequest) -> HttpResponse:
    member = selectors.member_of(request.user)
    return render(
        request,
        "community/home.html",
        {"member": member, "can_join": permissions.can_join(request.user)},
    )


def about(request: HttpRequest) -> HttpResponse:
    return render(request, "community/about.html")


def _profile_data(form: Any) -> tuple[dict[str, Any], list[Any]]:
    data = dict(form.cleaned_data)
    topics = list(data.pop("topics", []))
    return data, topics


def join(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if selectors.member_of(request.user) is not None:
        return redirect("community:me")
    if not permissions.can_join(request.user):
        # Signed in but the address is not verified yet.
        return render(request, "community/verify_first.html", status=403)
    form = JoinForm(request.POST or None, initial={"full_name": request.user.full_name})
    if request.method == "POST":
        if not rate_limit.allow(request, "community-join", "10/h"):
            return rate_limit.refused(request)
        if form.is_valid():
            data, topics = _profile_data(form)
            consent = data.pop("consent", False)
            try:
                services.join(actor=request.user, data=data, topics=topics, consent=consent)
            except ValidationError as exc:
                show_errors(form, exc)
            else:
                messages.success(request, _("Welcome to the M4D Net."))
                return redirect("community:me")
    return render(
        request,
        "community/join.html",
        {"form": form, "terms": current_text()},
        status=400 if form.errors else 200,
    )


def me(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    member = selectors.member_of(request.user)
    if member is None or member.left_at is not None:
        return redirect("community:join")
    form = ProfileForm(request.POST or None, initial=ProfileForm.initial_for(member))
    if request.method == "POST" and form.is_valid():
        data, topics = _profile_data(form)
        try:
            services.update_profile(actor=request.user, member=member, data=data, topics=topics)
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect("community:me")
    return render(
        request,
        "community/me.html",
        {"form": form, "member": member, "consents": member.consents.all()},
        status=400 if form.errors else 200,
    )


def profile(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(Member.objects.select_related("user", "organisation"), pk=pk)
    if not permissions.can_view_profile(request.user, member):
        raise Http404
    panels = []
    for panel in profile_panels():
        context = panel.context(request, member.user)
        if context is not None:
            panels.append((panel.template, context))
    return render(
        request,
        "community/profile.html",
        {
            "member": member,
            "topics": member.topics.all(),
            "show_email": permissions.can_see_email(request.user, member),
            "panels": panels,
            "can_verify": permissions.can_verify(request.user),
        },
    )


def member_directory(request: HttpRequest) -> HttpResponse:
    form = DirectoryForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    members = selectors.directory(
        request.user,
        query=filters.get("q", ""),
        stakeholder_type=filters.get("stakeholder_type", ""),
        country=filters.get("country", ""),
        topic=filters.get("topic", ""),
    )
    page_obj = Paginator(members, DIRECTORY_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "community/directory.html",
        {
            "form": form,
            "page_obj": page_obj,
            "filtered": any(filters.values()) if filters else False,
        },
    )


def my_data(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.method != "POST":
        return render(request, "community/my_data.html")
    archive = services.data_archive(actor=request.user)
    response = HttpResponse(archive, content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="m4dnet-my-data.zip"'
    return response


def leave(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    form = LeaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.leave(actor=request.user)
        logout(request)
        messages.success(
            request, _("Your account is deleted. Thank you for taking part in the M4D Net.")
        )
        return redirect("community:home")
    return render(
        request, "community/leave.html", {"form": form}, status=400 if form.errors else 200
    )


def verifications(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not permissions.can_verify(request.user):
        raise PermissionDenied
    waiting = selectors.awaiting_verification()
    page_obj = Paginator(waiting, 25).get_page(request.GET.get("page"))
    rows = [(member, selectors.organisation_candidates(member)) for member in page_obj]
    return render(request, "community/verifications.html", {"page_obj": page_obj, "rows": rows})


@require_POST
def verify(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated or not permissions.can_verify(request.user):
        raise PermissionDenied
    member = get_object_or_404(Member, pk=pk)
    organisation = None
    chosen = request.POST.get("organisation")
    if chosen:
        from jmdi.directory.models import Organisation

        organisation = Organisation.objects.filter(pk=chosen).first()
    try:
        if request.POST.get("action") == "link":
            if organisation is None:
                raise ValidationError({"organisation": _("Choose the registry's record.")})
            services.link_organisation(actor=request.user, member=member, organisation=organisation)
            messages.success(request, _("The member is linked to the registry's record."))
        else:
            services.verify_authority(actor=request.user, member=member, organisation=organisation)
            messages.success(request, _("The member is verified as working for a local authority."))
    except ValidationError as exc:
        for errors in exc.message_dict.values():
            for error in errors:
                messages.error(request, error)
    return redirect("community:verifications")
