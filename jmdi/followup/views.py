"""The follow-up pages: thin, each authorising, then calling one selector or service.

Everything a person may not read answers 404 (the page says nothing of what is there);
an action on a record one may read but not change answers 403. Every action is a plain
POST that redirects back.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jmdi.core.forms import show_errors
from jmdi.core.uploads import CONTENT_TYPES
from jmdi.followup import permissions, selectors, services
from jmdi.followup.forms import (
    AssessmentForm,
    EvidenceForm,
    GenerateForm,
    IndicatorForm,
    LessonForm,
    PeriodForm,
    ReportForm,
    ReviewForm,
    VisitForm,
)
from jmdi.followup.models import (
    Assessment,
    ExpenditureLine,
    IndicatorValue,
    PlanIndicator,
    ProgressReport,
    ReportingPeriod,
)
from jmdi.programmes.selectors import get_programme

PAGE_SIZE = 25


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _indicators(initiative_id: int) -> list[PlanIndicator]:
    return list(
        PlanIndicator.objects.filter(plan__initiative_id=initiative_id).order_by("order", "pk")
    )


# --- Reports -------------------------------------------------------------------------------


LIST_DEFERRED = (
    "achievements",
    "difficulties",
    "next_steps",
    "initiative__summary",
    "initiative__target_groups",
    "initiative__results",
    "initiative__sources",
    "initiative__lead_authority__names",
    "initiative__lead_authority__note",
)


@login_required
def report_list(request: HttpRequest, code: str) -> HttpResponse:
    _require(permissions.can_view_followup(request.user))
    programme = get_programme(code)
    reports = selectors.reports_visible_to(request.user, code)
    status = request.GET.get("status", "")
    if status in ProgressReport.Status.values:
        reports = reports.filter(status=status)
    # The list shows none of the long texts; sorting rows that carried them (narratives,
    # summaries) was most of the page's time with 2,000 reports.
    reports = reports.defer(*LIST_DEFERRED)
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "followup/report_list.html",
        {
            "programme": programme,
            "page_obj": page,
            "statuses": ProgressReport.Status.choices,
            "status": status,
            "today": timezone.localdate(),
            "waiting": selectors.reports_waiting_for(request.user, code).count(),
            "can_view_overdue": permissions.can_view_overdue(request.user),
            "initiatives": selectors.followed_initiatives(request.user, code)[:50],
        },
    )


@login_required
def overdue(request: HttpRequest, code: str) -> HttpResponse:
    _require(permissions.can_view_overdue(request.user))
    programme = get_programme(code)
    today = timezone.localdate()
    page = Paginator(selectors.overdue_reports(request.user, code, today), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "followup/report_overdue.html",
        {"programme": programme, "page_obj": page, "today": today},
    )


@login_required
def report_detail(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    report = selectors.get_report_for(request.user, code, pk)
    user = request.user
    return render(
        request,
        "followup/report_detail.html",
        {
            "programme": report.initiative.programme,
            "page": selectors.report_page(report),
            "report": report,
            "today": timezone.localdate(),
            "can_edit": permissions.can_edit_report(user, report),
            "can_review": permissions.can_review_report(user, report),
            "can_capture": permissions.can_capture_lesson(user, report.initiative)
            and report.status != ProgressReport.Status.DRAFT,
            "review_form": ReviewForm(),
            "evidence_form": EvidenceForm(),
        },
    )


@login_required
def report_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    report = selectors.get_report_for(request.user, code, pk)
    _require(permissions.can_edit_report(request.user, report))
    indicators = _indicators(report.initiative_id)
    if request.method == "POST":
        form = ReportForm(request.POST, indicators=indicators)
        if form.is_valid():
            try:
                services.save_report(
                    actor=request.user,
                    report=report,
                    achievements=form.cleaned_data["achievements"],
                    difficulties=form.cleaned_data["difficulties"],
                    next_steps=form.cleaned_data["next_steps"],
                    amounts=form.amounts(),
                    values=form.indicator_values(),
                )
            except ValidationError as exc:
                show_errors(form, exc)
            else:
                if "submit" in request.POST:
                    try:
                        services.submit_report(actor=request.user, report=report)
                    except ValidationError as exc:
                        show_errors(form, exc)
                    else:
                        messages.success(
                            request,
                            _("Report submitted: the focal point of your country reviews it next."),
                        )
                        return redirect("followup:report", code, report.pk)
                else:
                    messages.success(request, _("Draft saved. Submit it when it is complete."))
                    return redirect("followup:report", code, report.pk)
    else:
        initial: dict[str, Any] = {
            "achievements": report.achievements,
            "difficulties": report.difficulties,
            "next_steps": report.next_steps,
        }
        for heading, amount in ExpenditureLine.objects.filter(report=report).values_list(
            "heading", "amount"
        ):
            initial[f"spent_{heading}"] = amount
        for pk_, value in IndicatorValue.objects.filter(report=report).values_list(
            "indicator_id", "value"
        ):
            initial[f"indicator_{pk_}"] = value
        form = ReportForm(initial=initial, indicators=indicators)
    return render(
        request,
        "followup/report_form.html",
        {
            "programme": report.initiative.programme,
            "report": report,
            "form": form,
            "returns": report.reviews.filter(decision="return").order_by("-reviewed_at")[:1],
        },
    )


@login_required
@require_POST
def report_submit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    report = selectors.get_report_for(request.user, code, pk)
    _require(permissions.can_submit_report(request.user, report))
    try:
        services.submit_report(actor=request.user, report=report)
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    else:
        messages.success(
            request, _("Report submitted: the focal point of your country reviews it next.")
        )
    return redirect("followup:report", code, report.pk)


@login_required
@require_POST
def report_review(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    report = selectors.get_report_for(request.user, code, pk)
    _require(permissions.can_review_report(request.user, report))
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            updated = services.review_report(
                actor=request.user,
                report=report,
                decision=form.cleaned_data["decision"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            done = {
                "focal_approved": _("Report approved: it goes to the PMU for the final review."),
                "approved": _("Report approved. The grantee sees the decision on the report."),
                "returned": _("Report returned to the grantee with your comments."),
            }
            messages.success(request, done.get(updated.status, ""))
            return redirect("followup:report", code, report.pk)
    return render(
        request,
        "followup/report_detail.html",
        {
            "programme": report.initiative.programme,
            "page": selectors.report_page(report),
            "report": report,
            "today": timezone.localdate(),
            "can_review": True,
            "review_form": form,
        },
        status=400,
    )


@login_required
@require_POST
def evidence_upload(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    report = selectors.get_report_for(request.user, code, pk)
    _require(permissions.can_edit_report(request.user, report))
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            evidence = services.add_evidence(
                actor=request.user, report=report, upload=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(
                request, _("“%(name)s” added to the report.") % {"name": evidence.original_name}
            )
            return redirect("followup:report", code, report.pk)
    return render(
        request,
        "followup/report_detail.html",
        {
            "programme": report.initiative.programme,
            "page": selectors.report_page(report),
            "report": report,
            "today": timezone.localdate(),
            "can_edit": True,
            "evidence_form": form,
        },
        status=400,
    )


@login_required
def evidence_download(request: HttpRequest, code: str, pk: int) -> FileResponse:
    evidence = selectors.get_evidence_for(request.user, code, pk)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("File missing") from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.original_name,
        content_type=CONTENT_TYPES.get(evidence.kind, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _lesson(request: HttpRequest, code: str, source: Any, back: str) -> HttpResponse:
    _require(permissions.can_capture_lesson(request.user, source.initiative))
    form = LessonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.capture_lesson(
                actor=request.user,
                source=source,
                title=form.cleaned_data["title"],
                text=form.cleaned_data["text"],
            )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("Lesson added to the lessons-learned log."))
            return redirect(back, code, source.pk)
    return render(
        request,
        "followup/lesson_form.html",
        {"programme": source.initiative.programme, "form": form, "source": source, "back": back},
    )


@login_required
def report_lesson(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    report = selectors.get_report_for(request.user, code, pk)
    if report.status == ProgressReport.Status.DRAFT:
        raise PermissionDenied
    return _lesson(request, code, report, "followup:report")


# --- Initiatives: plan, schedule, visits, assessments ------------------------------------


@login_required
def initiative_detail(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    initiative = selectors.get_initiative_for(request.user, code, pk)
    user = request.user
    return render(
        request,
        "followup/initiative_detail.html",
        {
            "programme": initiative.programme,
            "page": selectors.initiative_page(user, initiative),
            "initiative": initiative,
            "today": timezone.localdate(),
            "can_edit_plan": permissions.can_edit_plan(user, initiative),
            "can_manage_schedule": permissions.can_manage_schedule(user, initiative),
            "can_record_visit": permissions.can_record_visit(user, initiative),
            "can_record_assessment": permissions.can_record_assessment(user, initiative),
            "can_capture": permissions.can_capture_lesson(user, initiative),
        },
    )


@login_required
def plan_edit(
    request: HttpRequest, code: str, pk: int, indicator: int | None = None
) -> HttpResponse:
    initiative = selectors.get_initiative_for(request.user, code, pk)
    _require(permissions.can_edit_plan(request.user, initiative))
    existing = None
    if indicator is not None:
        existing = PlanIndicator.objects.filter(pk=indicator, plan__initiative=initiative).first()
        if existing is None:
            raise Http404("No such indicator")
    initial = (
        {
            "name": existing.name,
            "unit": existing.unit,
            "baseline": existing.baseline,
            "target": existing.target,
            "direction": existing.direction,
            "jmdi_indicator": existing.jmdi_indicator_id,
        }
        if existing
        else None
    )
    form = IndicatorForm(request.POST or None, initial=initial, programme=initiative.programme)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if existing is None:
                services.add_indicator(actor=request.user, initiative=initiative, **data)
            else:
                services.update_indicator(actor=request.user, indicator=existing, **data)
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("Monitoring plan saved."))
            return redirect("followup:initiative", code, initiative.pk)
    return render(
        request,
        "followup/plan_form.html",
        {
            "programme": initiative.programme,
            "initiative": initiative,
            "form": form,
            "existing": existing,
            "indicators": _indicators(initiative.pk),
        },
    )


@login_required
def periods(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    initiative = selectors.get_initiative_for(request.user, code, pk)
    _require(permissions.can_manage_schedule(request.user, initiative))
    form = GenerateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.generate_periods(
                actor=request.user, initiative=initiative, months=form.cleaned_data["months"]
            )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(
                request, _("Reporting schedule ready: %(n)s periods.") % {"n": len(made)}
            )
            return redirect("followup:periods", code, initiative.pk)
    return render(
        request,
        "followup/periods.html",
        {
            "programme": initiative.programme,
            "initiative": initiative,
            "periods": selectors.periods_of(initiative),
            "form": form,
        },
    )


@login_required
def period_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    period = (
        ReportingPeriod.objects.filter(pk=pk, initiative__programme__code=code)
        .select_related("initiative__country", "initiative__programme")
        .first()
    )
    if period is None or not permissions.can_view_initiative(request.user, period.initiative):
        raise Http404("No such period")
    _require(permissions.can_manage_schedule(request.user, period.initiative))
    form = PeriodForm(
        request.POST or None, initial={"start": period.start, "end": period.end, "due": period.due}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_period(actor=request.user, period=period, **form.cleaned_data)
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("Reporting period saved."))
            return redirect("followup:periods", code, period.initiative_id)
    return render(
        request,
        "followup/period_form.html",
        {"programme": period.initiative.programme, "period": period, "form": form},
    )


@login_required
def visit_create(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    initiative = selectors.get_initiative_for(request.user, code, pk)
    _require(permissions.can_record_visit(request.user, initiative))
    form = VisitForm(request.POST or None, indicators=_indicators(initiative.pk))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            visit = services.record_visit(
                actor=request.user,
                initiative=initiative,
                visited_on=data["visited_on"],
                participants=data["participants"],
                findings=data["findings"],
                recommendations=data["recommendations"],
                follow_up=data["follow_up"],
                values=form.indicator_values(),
            )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("Visit recorded."))
            return redirect("followup:visit", code, visit.pk)
    return render(
        request,
        "followup/visit_form.html",
        {"programme": initiative.programme, "initiative": initiative, "form": form},
    )


@login_required
def visit_detail(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    visit = selectors.get_visit_for(request.user, code, pk)
    return render(
        request,
        "followup/visit_detail.html",
        {
            "programme": visit.initiative.programme,
            "visit": visit,
            "values": list(visit.indicator_values.select_related("indicator")),
            "lessons": selectors.lessons_about(services.lesson_subject(visit)),
            "can_capture": permissions.can_capture_lesson(request.user, visit.initiative),
        },
    )


@login_required
def visit_lesson(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    visit = selectors.get_visit_for(request.user, code, pk)
    return _lesson(request, code, visit, "followup:visit")


@login_required
def assessment_create(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    initiative = selectors.get_initiative_for(request.user, code, pk)
    _require(permissions.can_record_assessment(request.user, initiative))
    form = AssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_assessment(
                actor=request.user,
                initiative=initiative,
                assessed_on=data["assessed_on"],
                ratings={c: data.get(c) for c in Assessment.CRITERIA},
                justifications={c: data.get(f"{c}_why", "") for c in Assessment.CRITERIA},
            )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("Assessment recorded."))
            return redirect("followup:initiative", code, initiative.pk)
    return render(
        request,
        "followup/assessment_form.html",
        {"programme": initiative.programme, "initiative": initiative, "form": form},
    )
