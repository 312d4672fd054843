"""The monitoring pages: thin, each authorising, then calling one selector or service.

Every action is a plain POST that redirects back; htmx asks the same URLs for a named
partial (the work-plan cell editor) after the same checks.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.shortcuts import render as django_render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from jmdi.core.forms import show_errors
from jmdi.monitoring import permissions, selectors, services
from jmdi.monitoring.forms import (
    AsOfForm,
    IssueFilterForm,
    IssueForm,
    IssueUpdateForm,
    LessonForm,
    MarkDoneForm,
    QualityAssessmentForm,
    RiskReviewForm,
    WorkPlanStatusForm,
)
from jmdi.monitoring.models import Issue, ScheduledEvent, WorkPlanStatus
from jmdi.programmes.models import Semester, SubActivity
from jmdi.programmes.selectors import get_programme

PAGE_SIZE = 25


def render(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """Every monitoring page knows which of the monitoring tabs its reader may open."""
    context["can_view_logs"] = permissions.can_view_logs(request.user)
    return django_render(request, template, context)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _is_htmx(request: HttpRequest) -> bool:
    return (
        request.headers.get("HX-Request") == "true"
        and "HX-History-Restore-Request" not in request.headers
    )


# --- Work plan tracking ------------------------------------------------------------------


def _default_country(request: HttpRequest) -> str | None:
    if "country" in request.GET:
        return request.GET["country"].upper() or None
    writable = permissions.work_plan_countries_writable(request.user)
    if writable:  # a focal point lands on their country
        return sorted(writable)[0]
    return None


@login_required
def tracking(request: HttpRequest, code: str) -> HttpResponse:
    _require(permissions.can_view_logs(request.user))
    data = selectors.get_tracking(code, request.user, _default_country(request))
    return render(
        request,
        "monitoring/tracking.html",
        {
            "programme": data.plan.programme,
            "tracking": data,
            "delayed_shown": selectors.DELAYED_SHOWN,
            "tab": "tracking",
        },
    )


@login_required
def tracking_cell(request: HttpRequest, code: str, sub_id: int, semester_id: int) -> HttpResponse:
    _require(permissions.can_view_logs(request.user))
    programme = get_programme(code)
    sub = (
        SubActivity.objects.select_related("activity__output")
        .filter(pk=sub_id, activity__output__programme=programme)
        .first()
    )
    semester = Semester.objects.filter(pk=semester_id, programme=programme).first()
    if sub is None or semester is None:
        raise Http404("No such cell")
    country_code = request.GET.get("country", "").upper() or None
    countries = {str(c.code): c for c in selectors.programme_countries(programme)}
    if country_code is not None and country_code not in countries:
        raise Http404("No such country")
    _require(permissions.can_set_work_plan_status(request.user, country_code))
    country = countries.get(country_code) if country_code else None
    current = WorkPlanStatus.objects.filter(
        sub_activity=sub, semester=semester, country=country
    ).first()
    initial = {"status": current.status, "comment": current.comment} if current else None
    form = WorkPlanStatusForm(request.POST or None, initial=initial)
    back = reverse("monitoring:tracking", args=[programme.code]) + (
        f"?country={country_code}" if country_code else "?country="
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.set_work_plan_status(
                actor=request.user,
                sub_activity=sub,
                semester=semester,
                status=form.cleaned_data["status"],
                comment=form.cleaned_data["comment"],
                country=country,
            )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(sub)s in %(semester)s is now “%(status)s”.")
                % {
                    "sub": sub.code,
                    "semester": semester.code,
                    "status": WorkPlanStatus.Status(form.cleaned_data["status"]).label,
                },
            )
            return redirect(back + f"#sub-{sub.pk}")
    template = "monitoring/tracking_cell.html"
    if _is_htmx(request):
        template += "#cell-form"
    response = render(
        request,
        template,
        {
            "programme": programme,
            "sub": sub,
            "semester": semester,
            "country": country,
            "current": current,
            "form": form,
            "back": back,
            "tab": "tracking",
        },
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


# --- Risk log -----------------------------------------------------------------------------


def _chosen_cell(request: HttpRequest) -> tuple[int, int] | None:
    try:
        p, i = int(request.GET["p"]), int(request.GET["i"])
    except (KeyError, ValueError):
        return None
    return (p, i) if 1 <= p <= 5 and 1 <= i <= 5 else None


@login_required
def risk_log(request: HttpRequest, code: str) -> HttpResponse:
    _require(permissions.can_view_risk_log(request.user))
    form = AsOfForm(request.GET if request.GET.get("as_of") else None)
    as_of = form.cleaned_data.get("as_of") if form.is_bound and form.is_valid() else None
    log = selectors.get_risk_log(code, as_of, _chosen_cell(request))
    return render(
        request,
        "monitoring/risk_log.html",
        {"programme": log.programme, "log": log, "form": form, "tab": "risk-log"},
    )


@login_required
def risk_detail(request: HttpRequest, code: str, number: int) -> HttpResponse:
    _require(permissions.can_view_risk_log(request.user))
    programme, logged, reviews = selectors.get_risk_detail(code, number)
    form = None
    if permissions.can_review_risk(request.user):
        initial = {
            "reviewed_on": timezone.localdate(),
            "probability": logged.probability,
            "impact": logged.impact,
            "status": logged.status,
            "owner": logged.owner,
        }
        form = RiskReviewForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                services.record_risk_review(
                    actor=request.user, risk=logged.risk, **form.cleaned_data
                )
            except ValidationError as exc:
                show_errors(form, exc)
            else:
                messages.success(request, _("The review is recorded in the risk's history."))
                return redirect("monitoring:risk", programme.code, number)
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "monitoring/risk_detail.html",
        {
            "programme": programme,
            "logged": logged,
            "reviews": reviews,
            "form": form,
            "tab": "risk-log",
        },
    )


# --- Issues -------------------------------------------------------------------------------


def _writable_countries(request: HttpRequest, programme: Any) -> tuple[list[Any], bool]:
    """The countries the person may file for, and whether "the whole programme" is allowed."""
    countries = selectors.programme_countries(programme)
    writable = permissions.issue_countries_writable(request.user)
    if writable is None:
        return countries, True
    return [c for c in countries if str(c.code) in writable], False


@login_required
def issue_list(request: HttpRequest, code: str) -> HttpResponse:
    _require(permissions.can_view_logs(request.user))
    programme = get_programme(code)
    countries = selectors.programme_countries(programme)
    form = IssueFilterForm(request.GET or None, countries=countries)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    issues = selectors.issue_list(
        request.user,
        programme,
        status=filters.get("status", ""),
        priority=filters.get("priority", ""),
        country=filters.get("country", ""),
    )
    page = Paginator(issues, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "monitoring/issue_list.html",
        {
            "programme": programme,
            "form": form,
            "page_obj": page,
            "query": query.urlencode(),
            "counts": selectors.issue_counts(request.user, programme),
            "can_record": permissions.can_record_issue(request.user),
            "tab": "issues",
        },
    )


@login_required
def issue_create(request: HttpRequest, code: str) -> HttpResponse:
    _require(permissions.can_view_logs(request.user) and permissions.can_record_issue(request.user))
    programme = get_programme(code)
    countries, any_country = _writable_countries(request, programme)
    form = IssueForm(
        request.POST or None, programme=programme, countries=countries, any_country=any_country
    )
    if request.method == "POST" and form.is_valid():
        try:
            issue = services.record_issue(
                actor=request.user, programme=programme, **form.cleaned_data
            )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(
                request, _("Issue %(number)s is in the issue log.") % {"number": issue.number}
            )
            return redirect("monitoring:issue", programme.code, issue.number)
    return render(
        request,
        "monitoring/issue_form.html",
        {"programme": programme, "form": form, "issue": None, "tab": "issues"},
    )


@login_required
def issue_detail(request: HttpRequest, code: str, number: int) -> HttpResponse:
    _require(permissions.can_view_logs(request.user))
    programme = get_programme(code)
    issue = selectors.get_issue_for(request.user, programme, number)
    can_change = permissions.can_change_issue(request.user, issue)
    form = None
    if can_change:
        countries, any_country = _writable_countries(request, programme)
        initial = {
            name: getattr(issue, name)
            for name in ("title", "description", "type", "priority", "owner_role", "status")
        } | {
            "resolution": issue.resolution,
            "country": issue.country,
            "output": issue.output,
            "owner": issue.owner,
        }
        form = IssueUpdateForm(
            request.POST or None,
            initial=initial,
            programme=programme,
            countries=countries,
            any_country=any_country,
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.update_issue(actor=request.user, issue=issue, **form.cleaned_data)
            except ValidationError as exc:
                show_errors(form, exc)
            else:
                messages.success(request, _("The issue is updated."))
                return redirect("monitoring:issue", programme.code, issue.number)
    elif request.method == "POST":
        raise PermissionDenied
    history = list(issue.history.select_related("history_user").order_by("-history_date")[:50])
    return render(
        request,
        "monitoring/issue_detail.html",
        {
            "programme": programme,
            "issue": issue,
            "form": form,
            "history": history,
            "settled": Issue.SETTLED,
            "tab": "issues",
        },
    )


@login_required
@require_POST
def issue_resolve(request: HttpRequest, code: str, number: int) -> HttpResponse:
    _require(permissions.can_view_logs(request.user))
    programme = get_programme(code)
    issue = selectors.get_issue_for(request.user, programme, number)
    _require(permissions.can_change_issue(request.user, issue))
    try:
        services.resolve_issue(
            actor=request.user,
            issue=issue,
            resolution=request.POST.get("resolution", ""),
            status=request.POST.get("status", Issue.Status.RESOLVED),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The issue is resolved."))
    return redirect("monitoring:issue", programme.code, issue.number)


# --- Lessons ------------------------------------------------------------------------------


@login_required
def lesson_list(request: HttpRequest, code: str) -> HttpResponse:
    _require(permissions.can_view_logs(request.user))
    programme = get_programme(code)
    countries = selectors.programme_countries(programme)
    country = request.GET.get("country", "").upper()
    if country not in {str(c.code) for c in countries}:
        country = ""
    lessons = selectors.lesson_list(programme, country=country)
    page = Paginator(lessons, PAGE_SIZE).get_page(request.GET.get("page"))
    # From the prefetched countries: no query per lesson.
    editable = {
        lesson.pk
        for lesson in page.object_list
        if permissions.can_change_lesson(
            request.user, lesson, [str(c.code) for c in lesson.countries.all()]
        )
    }
    return render(
        request,
        "monitoring/lesson_list.html",
        {
            "programme": programme,
            "page_obj": page,
            "editable": editable,
            "countries": countries,
            "country": country,
            "query": f"country={country}" if country else "",
            "can_record": permissions.can_record_lesson(request.user),
            "tab": "lessons",
        },
    )


def _lesson_form_page(request: HttpRequest, code: str, pk: int | None) -> HttpResponse:
    _require(
        permissions.can_view_logs(request.user) and permissions.can_record_lesson(request.user)
    )
    programme = get_programme(code)
    countries, _any = _writable_countries(request, programme)
    lesson = selectors.get_lesson(programme, pk) if pk is not None else None
    initial = None
    if lesson is not None:
        codes = [str(c.code) for c in lesson.countries.all()]
        _require(permissions.can_change_lesson(request.user, lesson, codes))
        initial = {
            "title": lesson.title,
            "text": lesson.text,
            "subject": lesson.subject,
            "outputs": list(lesson.outputs.all()),
            "countries": list(lesson.countries.all()),
        }
    form = LessonForm(
        request.POST or None, initial=initial, programme=programme, countries=countries
    )
    if request.method == "POST" and form.is_valid():
        try:
            if lesson is None:
                services.record_lesson(actor=request.user, programme=programme, **form.cleaned_data)
            else:
                services.update_lesson(actor=request.user, lesson=lesson, **form.cleaned_data)
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("The lesson is in the lessons-learned log."))
            return redirect("monitoring:lessons", programme.code)
    return render(
        request,
        "monitoring/lesson_form.html",
        {"programme": programme, "form": form, "lesson": lesson, "tab": "lessons"},
    )


@login_required
def lesson_create(request: HttpRequest, code: str) -> HttpResponse:
    return _lesson_form_page(request, code, None)


@login_required
def lesson_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    return _lesson_form_page(request, code, pk)


# --- Schedule -----------------------------------------------------------------------------


def _day(request: HttpRequest) -> dt.date:
    try:
        return dt.date.fromisoformat(request.GET.get("on", ""))
    except ValueError:
        return timezone.localdate()


@login_required
def schedule(request: HttpRequest, code: str) -> HttpResponse:
    _require(permissions.can_view_logs(request.user))
    programme = get_programme(code)
    can_manage = permissions.can_manage_schedule(request.user)
    if request.method == "POST":
        _require(can_manage)
        made = services.sync_schedule(programme=programme)
        messages.success(
            request,
            ngettext(
                "%(count)d event added to the schedule.",
                "%(count)d events added to the schedule.",
                made,
            )
            % {"count": made},
        )
        return redirect("monitoring:schedule", programme.code)
    day = _day(request)
    events = selectors.schedule(programme)
    rows = [(event, event.status_on(day), event.status_label_on(day)) for event in events]
    counts = dict.fromkeys(ScheduledEvent.Status.values, 0)
    for _event, status, _label in rows:
        counts[status] += 1
    return render(
        request,
        "monitoring/schedule.html",
        {
            "programme": programme,
            "rows": rows,
            "day": day,
            "counts": counts,
            "can_manage": can_manage,
            "done_form": MarkDoneForm(),
            "tab": "schedule",
        },
    )


@login_required
@require_POST
def event_done(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    _require(permissions.can_view_logs(request.user))
    programme = get_programme(code)
    event = ScheduledEvent.objects.filter(programme=programme, pk=pk).first()
    if event is None:
        raise Http404("No such event")
    _require(permissions.can_manage_schedule(request.user))
    form = MarkDoneForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.mark_event_done(actor=request.user, event=event, note=note)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The event is marked done."))
    return redirect("monitoring:schedule", programme.code)


# --- Quality assessment ------------------------------------------------------------------


@login_required
def quality(request: HttpRequest, code: str) -> HttpResponse:
    _require(permissions.can_view_logs(request.user))
    programme = get_programme(code)
    form = None
    if permissions.can_assess_quality(request.user):
        form = QualityAssessmentForm(request.POST or None, programme=programme)
        if request.method == "POST" and form.is_valid():
            try:
                services.record_quality_assessment(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                show_errors(form, exc)
            else:
                messages.success(request, _("The quality assessment is recorded."))
                return redirect("monitoring:quality", programme.code)
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "monitoring/quality.html",
        {
            "programme": programme,
            "grid": selectors.quality_grid(programme),
            "form": form,
            "tab": "quality",
        },
    )
