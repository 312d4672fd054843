"""The events' pages: thin, each authorising, then calling one selector or service.

An event one may not read answers 404; an action one may not take answers 403 (or sends
a visitor to sign in). Every action is a plain POST that redirects back.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jmdi.core.abuse import rate_limit
from jmdi.core.forms import show_errors
from jmdi.events import ical, permissions, selectors, services
from jmdi.events.forms import (
    EventForm,
    FilterForm,
    InterestForm,
    OutcomeForm,
    ParticipationForm,
    PMUEventForm,
    ProposeEventForm,
)
from jmdi.events.models import Event, EventParticipation, Outcome

PAGE_SIZE = 20
INTEREST_RATE = "20/h"
PROPOSE_RATE = "5/h"


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _sign_in_first(request: HttpRequest) -> HttpResponse | None:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return None


# --- Reading -------------------------------------------------------------------------------


def event_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = FilterForm(request.GET or None, years=selectors.years())
    events = selectors.calendar(request.user, today).filter(**form.filters())
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "events/event_list.html",
        {
            "form": form,
            "page_obj": page,
            "today": today,
            "can_create": permissions.can_create_event(request.user),
            "can_propose": permissions.can_propose_event(request.user),
        },
    )


MONTH_LIMIT = 200


def month(request: HttpRequest, year: int, month: int) -> HttpResponse:
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        raise Http404
    first = dt.date(year, month, 1)
    previous = (first - dt.timedelta(days=1)).replace(day=1)
    following = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    events = list(selectors.month(request.user, first)[: MONTH_LIMIT + 1])
    return render(
        request,
        "events/month.html",
        {
            "first": first,
            "previous": previous,
            "following": following,
            "events": events[:MONTH_LIMIT],
            "more": len(events) > MONTH_LIMIT,
            "today": timezone.localdate(),
        },
    )


def this_month(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return redirect("events:month", year=today.year, month=today.month)


def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.get_event_for(request.user, pk)
    user = request.user
    today = timezone.localdate()
    see_registrants = permissions.can_see_registrants(user, event)
    outcome = Outcome.objects.filter(event=event).first()
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "today": today,
            "outcome": outcome,
            "participations": list(event.participations.select_related("person")),
            "registered": selectors.is_registered(user, event),
            "can_register": permissions.can_register_interest(user, event, today),
            "can_edit": permissions.can_edit_event(user, event),
            "can_confirm": permissions.can_confirm_event(user, event),
            "can_record_participation": permissions.can_record_participation(user, event),
            "can_record_outcome": permissions.can_record_outcome(user, event, today),
            "see_registrants": see_registrants,
            "registrants": list(selectors.registrants(event)[:50]) if see_registrants else [],
            "interest_form": InterestForm(),
        },
    )


def registrants(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.get_event_for(request.user, pk)
    refused = _sign_in_first(request)
    if refused:
        return refused
    _require(permissions.can_see_registrants(request.user, event))
    page = Paginator(selectors.registrants(event), 100).get_page(request.GET.get("page"))
    return render(request, "events/registrants.html", {"event": event, "page_obj": page})


def _ics(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def feed(request: HttpRequest) -> HttpResponse:
    _require(permissions.can_download_feed(request.user))
    events = selectors.feed_events(timezone.localdate())
    return _ics(ical.calendar(events, name=_("M4D Net events")), "m4dnet-events.ics")


def event_ics(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.get_event_for(request.user, pk)
    _require(permissions.can_download_feed(request.user))
    return _ics(ical.calendar([event]), f"event-{event.pk}.ics")


# --- Members -------------------------------------------------------------------------------


@require_POST
def register_interest(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.get_event_for(request.user, pk)
    refused = _sign_in_first(request)
    if refused:
        return refused
    _require(permissions.can_register_interest(request.user, event, timezone.localdate()))
    form = InterestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("This form could not be sent. Please try again."))
        return redirect("events:detail", pk=event.pk)
    if not rate_limit.allow(request, "events:interest", INTEREST_RATE):
        return rate_limit.refused(request)
    services.register_interest(actor=request.user, event=event)
    messages.success(request, _("Your interest is registered. The PMU may contact you."))
    return redirect("events:detail", pk=event.pk)


@require_POST
def withdraw_interest(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.get_event_for(request.user, pk)
    refused = _sign_in_first(request)
    if refused:
        return refused
    if services.withdraw_interest(actor=request.user, event=event):
        messages.success(request, _("Your registration of interest is withdrawn."))
    return redirect("events:detail", pk=event.pk)


def _event_form_page(
    request: HttpRequest, form: BaseForm, title: str, event: Event | None = None
) -> HttpResponse:
    return render(
        request, "events/event_form.html", {"form": form, "page_title": title, "event": event}
    )


@login_required
def propose(request: HttpRequest) -> HttpResponse:
    _require(permissions.can_propose_event(request.user))
    form = ProposeEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not rate_limit.allow(request, "events:propose", PROPOSE_RATE):
            return rate_limit.refused(request)
        try:
            event = services.propose_event(actor=request.user, data=form.event_data())
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(
                request, _("Thank you: the PMU will check the event before it is published.")
            )
            return redirect("events:detail", pk=event.pk)
    return _event_form_page(request, form, _("Propose an event"))


# --- The PMU -------------------------------------------------------------------------------


@login_required
def create(request: HttpRequest) -> HttpResponse:
    _require(permissions.can_create_event(request.user))
    form = PMUEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.create_event(actor=request.user, data=form.event_data())
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("The event is in the calendar."))
            return redirect("events:detail", pk=event.pk)
    return _event_form_page(request, form, _("Add an event"))


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.get_event_for(request.user, pk)
    _require(permissions.can_edit_event(request.user, event))
    form: EventForm = PMUEventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_event(actor=request.user, event=event, data=form.event_data())
        except ValidationError as exc:
            event.refresh_from_db()
            show_errors(form, exc)
        else:
            messages.success(request, _("The event is saved."))
            return redirect("events:detail", pk=event.pk)
    return _event_form_page(request, form, _("Edit the event"), event)


@login_required
@require_POST
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.get_event_for(request.user, pk)
    _require(permissions.can_confirm_event(request.user, event))
    services.confirm_event(actor=request.user, event=event)
    messages.success(request, _("The event is published in the calendar."))
    return redirect("events:detail", pk=event.pk)


@login_required
def participation(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.get_event_for(request.user, pk)
    _require(permissions.can_record_participation(request.user, event))
    form = ParticipationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data: dict[str, Any] = form.cleaned_data
        try:
            services.add_participation(actor=request.user, event=event, **data)
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("The participation is recorded."))
            return redirect("events:detail", pk=event.pk)
    return render(request, "events/participation_form.html", {"form": form, "event": event})


@login_required
@require_POST
def remove_participation(request: HttpRequest, pk: int, participation_pk: int) -> HttpResponse:
    event = selectors.get_event_for(request.user, pk)
    found = get_object_or_404(EventParticipation, pk=participation_pk, event=event)
    _require(permissions.can_record_participation(request.user, event))
    services.remove_participation(actor=request.user, participation=found)
    messages.success(request, _("The participation is removed."))
    return redirect("events:detail", pk=event.pk)


@login_required
def outcome(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.get_event_for(request.user, pk)
    today: dt.date = timezone.localdate()
    _require(permissions.can_record_outcome(request.user, event, today))
    existing = Outcome.objects.filter(event=event).first()
    form = OutcomeForm(request.POST or None, instance=existing)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_outcome(actor=request.user, event=event, data=form.cleaned_data)
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("The outcome is recorded; the event is marked as held."))
            return redirect("events:detail", pk=event.pk)
    return render(request, "events/outcome_form.html", {"form": form, "event": event})
