"""The committees' pages: thin, each authorising, then calling one selector or service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jmdi.core.forms import show_errors
from jmdi.governance import permissions, selectors, services
from jmdi.governance.forms import (
    AgendaItemForm,
    AttendanceForm,
    DecisionEditForm,
    DecisionForm,
    MeetingForm,
    MinutesForm,
)
from jmdi.governance.models import Meeting
from jmdi.programmes.models import Programme
from jmdi.programmes.selectors import get_programme

PAGE_SIZE = 50


def _readable(request: HttpRequest, code: str) -> Programme:
    if not permissions.can_see_governance(request.user):
        raise PermissionDenied
    return get_programme(code)


@login_required
def committees(request: HttpRequest, code: str) -> HttpResponse:
    programme = _readable(request, code)
    return render(
        request,
        "governance/committee_list.html",
        {"programme": programme, "committees": selectors.committees(programme)},
    )


@login_required
def committee(request: HttpRequest, code: str, body: str) -> HttpResponse:
    programme = _readable(request, code)
    found = selectors.get_committee(programme, body)
    form = None
    if permissions.can_manage_meetings(request.user):
        form = MeetingForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                meeting = services.create_meeting(
                    actor=request.user,
                    body=found,
                    date=form.cleaned_data["date"],
                    place=form.cleaned_data["place"],
                    online=form.cleaned_data["online"],
                    agenda=[
                        (line.strip(), "")
                        for line in form.cleaned_data["agenda"].splitlines()
                        if line.strip()
                    ],
                )
            except ValidationError as exc:
                show_errors(form, exc)
            else:
                messages.success(request, _("The meeting is recorded."))
                return redirect("governance:meeting", programme.code, meeting.pk)
    elif request.method == "POST":
        raise PermissionDenied
    paginator = Paginator(selectors.meetings_of(found), PAGE_SIZE)
    return render(
        request,
        "governance/committee_detail.html",
        {
            "programme": programme,
            "body": found,
            "page_obj": paginator.get_page(request.GET.get("page")),
            "form": form,
            "can_read_drafts": permissions.can_read_drafts(request.user, str(found.code)),
        },
    )


def _meeting_page(
    request: HttpRequest, programme: Programme, pk: int, bound: dict[str, forms.Form] | None = None
) -> HttpResponse:
    page = selectors.get_meeting_for(request.user, programme, pk)
    meeting = page.meeting
    manage = permissions.can_manage_meetings(request.user) and not meeting.approved
    context: dict[str, Any] = {
        "programme": programme,
        "page": page,
        "meeting": meeting,
        "can_manage": manage,
    }
    if manage:
        context |= {
            "agenda_form": AgendaItemForm(),
            "attendance_form": AttendanceForm(body=meeting.body),
            "minutes_form": MinutesForm(initial={"minutes": meeting.minutes}),
            "decision_form": DecisionForm(meeting=meeting),
        }
        context |= bound or {}
    return render(
        request,
        "governance/meeting_detail.html",
        context,
        status=400 if bound else 200,
    )


@login_required
def meeting(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    programme = _readable(request, code)
    return _meeting_page(request, programme, pk)


def _action(
    request: HttpRequest,
    code: str,
    pk: int,
    name: str,
    make_form: Callable[[Meeting], forms.Form],
    act: Callable[[Meeting, dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    """A secretariat's action on a meeting: POST only, PMU only, then back to the meeting."""
    programme = _readable(request, code)
    if not permissions.can_manage_meetings(request.user):
        raise PermissionDenied
    found = selectors.get_meeting_for(request.user, programme, pk).meeting
    form = make_form(found)
    if form.is_valid():
        try:
            act(found, form.cleaned_data)
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect("governance:meeting", programme.code, found.pk)
    return _meeting_page(request, programme, pk, {name: form})


@login_required
@require_POST
def add_agenda_item(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    return _action(
        request,
        code,
        pk,
        "agenda_form",
        lambda m: AgendaItemForm(request.POST),
        lambda m, data: services.add_agenda_item(
            actor=request.user, meeting=m, title=data["title"], notes=data["notes"]
        ),
        _("The agenda item is added."),
    )


@login_required
@require_POST
def record_attendance(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    return _action(
        request,
        code,
        pk,
        "attendance_form",
        lambda m: AttendanceForm(request.POST, body=m.body),
        lambda m, data: services.record_attendance(actor=request.user, meeting=m, **data),
        _("The attendance is recorded."),
    )


@login_required
@require_POST
def draft_minutes(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    return _action(
        request,
        code,
        pk,
        "minutes_form",
        lambda m: MinutesForm(request.POST),
        lambda m, data: services.draft_minutes(actor=request.user, meeting=m, text=data["minutes"]),
        _("The draft minutes are saved."),
    )


@login_required
@require_POST
def approve_minutes(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    return _action(
        request,
        code,
        pk,
        "minutes_form",
        lambda m: MinutesForm({"minutes": m.minutes or "-"}),
        lambda m, data: services.approve_minutes(actor=request.user, meeting=m),
        _("The minutes are approved. The meeting's decisions can no longer be edited."),
    )


@login_required
@require_POST
def record_decision(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    return _action(
        request,
        code,
        pk,
        "decision_form",
        lambda m: DecisionForm(request.POST, meeting=m),
        lambda m, data: services.record_decision(
            actor=request.user, meeting=m, text=data["text"], supersedes=data["supersedes"]
        ),
        _("The decision is recorded."),
    )


@login_required
def decisions(request: HttpRequest, code: str) -> HttpResponse:
    programme = _readable(request, code)
    year_text = request.GET.get("year", "")
    year = int(year_text) if year_text.isdigit() else None
    body = request.GET.get("body", "")
    search = request.GET.get("q", "")[:100]
    queryset = selectors.decisions_visible_to(
        request.user, programme, body=body, year=year, search=search
    )
    paginator = Paginator(queryset, PAGE_SIZE)
    return render(
        request,
        "governance/decision_list.html",
        {
            "programme": programme,
            "page_obj": paginator.get_page(request.GET.get("page")),
            "committees": selectors.committees(programme),
            "years": selectors.decision_years(request.user, programme),
            "chosen": {"body": body, "year": year, "q": search},
        },
    )


@login_required
def edit_decision(request: HttpRequest, code: str, number: str) -> HttpResponse:
    programme = _readable(request, code)
    if not permissions.can_manage_meetings(request.user):
        raise PermissionDenied
    found = selectors.decisions_visible_to(request.user, programme).filter(number=number).first()
    if found is None:
        raise Http404("No such decision")
    locked = found.is_locked()
    form = DecisionEditForm(request.POST or None, initial={"text": found.text})
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_decision(
                actor=request.user, decision=found, text=form.cleaned_data["text"]
            )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("The decision is corrected."))
            return redirect("governance:meeting", programme.code, found.meeting_id)
    return render(
        request,
        "governance/decision_edit.html",
        {"programme": programme, "decision": found, "form": form, "locked": locked},
        status=400 if form.errors else 200,
    )
