"""The selection pages: thin, each authorising, then calling one selector or service.

Every action is a plain POST that redirects back; the scoresheet also answers htmx with
its form alone, after the same checks, so it saves without leaving the page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jmdi.programmes.selectors import get_programme
from jmdi.selection import exports, permissions, selectors, services
from jmdi.selection.forms import (
    AddCandidateForm,
    AssignReviewerForm,
    ConflictForm,
    DecisionForm,
    EligibilityForm,
    MoveForm,
    RoundForm,
    ScoresheetForm,
)
from jmdi.selection.models import Candidate, Round


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _apply(form: Form, exc: ValidationError, rename: Any = None) -> None:
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        target = rename(name) if rename else None
        target = target or (name if name in form.fields else None)
        for error in errors:
            form.add_error(target, error)


def _is_htmx(request: HttpRequest) -> bool:
    return (
        request.headers.get("HX-Request") == "true"
        and "HX-History-Restore-Request" not in request.headers
    )


def _round(request: HttpRequest, code: str, pk: int) -> Round:
    _require(permissions.can_view_rounds(request.user))
    round = selectors.get_round(code, pk)
    _require(permissions.can_view_round(request.user, round))
    return round


def _candidate(request: HttpRequest, code: str, pk: int, candidate_id: int) -> Candidate:
    round = _round(request, code, pk)
    candidate = selectors.get_candidate(round, candidate_id)
    _require(permissions.can_view_candidate(request.user, candidate))
    return candidate


@login_required
def round_list(request: HttpRequest, code: str) -> HttpResponse:
    _require(permissions.can_view_rounds(request.user))
    programme = get_programme(code)
    return render(
        request,
        "selection/round_list.html",
        {
            "programme": programme,
            "rounds": list(selectors.rounds_for(request.user, code)),
            "can_manage": permissions.can_manage(request.user),
        },
    )


@login_required
def round_create(request: HttpRequest, code: str) -> HttpResponse:
    _require(permissions.can_manage(request.user))
    programme = get_programme(code)
    form = RoundForm(request.POST or None, programme_id=programme.pk)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                round = services.create_round(
                    actor=request.user,
                    programme=programme,
                    title=data["title"],
                    country=data["country"],
                    opens_on=data["opens_on"],
                    closes_on=data["closes_on"],
                    checks=[line.strip() for line in data["checks"].splitlines() if line.strip()],
                )
                messages.success(request, _("The round is created as a draft."))
                return redirect("selection:round", code, round.pk)
            except ValidationError as exc:
                _apply(form, exc)
        status = 400
    return render(
        request, "selection/round_form.html", {"programme": programme, "form": form}, status=status
    )


@login_required
@require_POST
def round_setup(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """The PMU adds a candidate (by the initiative's reference) or assigns a reviewer
    (by e-mail address)."""
    from django.contrib.auth import get_user_model

    from jmdi.initiatives.models import Initiative

    round = _round(request, code, pk)
    _require(permissions.can_manage(request.user))
    try:
        if "reference" in request.POST:
            form: Form = AddCandidateForm(request.POST)
            if form.is_valid():
                initiative = Initiative.objects.filter(
                    programme=round.programme, reference=form.cleaned_data["reference"].strip()
                ).first()
                if initiative is None:
                    raise ValidationError(
                        {"reference": _("No initiative of this programme has this reference.")}
                    )
                services.add_candidate(actor=request.user, round=round, initiative=initiative)
                messages.success(
                    request, _("%(initiative)s is a candidate.") % {"initiative": initiative}
                )
        else:
            form = AssignReviewerForm(request.POST)
            if form.is_valid():
                reviewer = (
                    get_user_model()
                    .objects.filter(email__iexact=form.cleaned_data["email"])
                    .first()
                )
                if reviewer is None:
                    raise ValidationError({"email": _("No one has this e-mail address.")})
                services.assign_reviewer(actor=request.user, round=round, reviewer=reviewer)
                messages.success(request, _("The reviewer is assigned."))
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    return redirect("selection:round", code, round.pk)


@login_required
def round_detail(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    round = _round(request, code, pk)
    summary = selectors.get_round_summary(round, request.user)
    user = request.user
    return render(
        request,
        "selection/round_detail.html",
        {
            "programme": round.programme,
            "round": round,
            "summary": summary,
            "can_manage": permissions.can_manage(user),
            "can_rank": permissions.can_view_ranking(user),
            "can_export": permissions.can_export(user),
            "is_reviewer": permissions.is_assigned(user, round),
            "sees_progress": permissions.can_see_all_scores(user),
            "candidate_form": AddCandidateForm() if permissions.can_manage(user) else None,
            "reviewer_form": AssignReviewerForm() if permissions.can_manage(user) else None,
        },
    )


@login_required
@require_POST
def round_move(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    round = _round(request, code, pk)
    _require(permissions.can_manage(request.user))
    form = MoveForm(request.POST)
    if form.is_valid():
        try:
            services.move(actor=request.user, round=round, status=form.cleaned_data["status"])
            messages.success(
                request,
                _("The round is now “%(status)s”.") % {"status": round.get_status_display()},
            )
        except ValidationError as exc:
            for error in exc.messages:
                messages.error(request, error)
    return redirect("selection:round", code, round.pk)


@login_required
def candidate_detail(request: HttpRequest, code: str, pk: int, candidate_id: int) -> HttpResponse:
    candidate = _candidate(request, code, pk, candidate_id)
    user = request.user
    view = selectors.get_candidate_view(candidate, user)
    eligibility_form = None
    if permissions.can_record_eligibility(user, candidate) and view.checks:
        eligibility_form = EligibilityForm(
            checks=[c for c, _r in view.checks], results={c.pk: r for c, r in view.checks}
        )
    conflict_form = None
    if (
        permissions.can_declare_conflict(user, candidate)
        and view.my_conflict is None
        and not (view.my_sheet and view.my_sheet.submitted)
    ):
        conflict_form = ConflictForm()
    return _candidate_page(request, candidate, view, eligibility_form, conflict_form)


def _candidate_page(
    request: HttpRequest,
    candidate: Candidate,
    view: selectors.CandidateView,
    eligibility_form: EligibilityForm | None,
    conflict_form: ConflictForm | None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    round = candidate.round
    return render(
        request,
        "selection/candidate_detail.html",
        {
            "programme": round.programme,
            "round": round,
            "candidate": candidate,
            "initiative": candidate.initiative,
            "view": view,
            "eligibility_form": eligibility_form,
            "conflict_form": conflict_form,
            "can_score": permissions.can_score(user, candidate, view.my_conflict is not None)
            and round.status == Round.Status.OPEN
            and view.state == "eligible",
            "can_decide": permissions.can_record_decision(user),
            "sees_decision": permissions.can_view_ranking(user),
        },
        status=status,
    )


@login_required
@require_POST
def candidate_eligibility(
    request: HttpRequest, code: str, pk: int, candidate_id: int
) -> HttpResponse:
    candidate = _candidate(request, code, pk, candidate_id)
    _require(permissions.can_record_eligibility(request.user, candidate))
    view = selectors.get_candidate_view(candidate, request.user)
    form = EligibilityForm(
        request.POST,
        checks=[c for c, _r in view.checks],
        results={c.pk: r for c, r in view.checks},
    )
    if form.is_valid():
        try:
            for check, passed, note in form.answers():
                services.record_eligibility(
                    actor=request.user, candidate=candidate, check=check, passed=passed, note=note
                )
            messages.success(request, _("The eligibility checks are recorded."))
            return redirect("selection:candidate", code, pk, candidate.pk)
        except ValidationError as exc:
            _apply(form, exc)
    return _candidate_page(request, candidate, view, form, None, status=400)


@login_required
@require_POST
def candidate_conflict(request: HttpRequest, code: str, pk: int, candidate_id: int) -> HttpResponse:
    candidate = _candidate(request, code, pk, candidate_id)
    _require(permissions.can_declare_conflict(request.user, candidate))
    form = ConflictForm(request.POST)
    if form.is_valid():
        try:
            services.declare_conflict(
                actor=request.user, candidate=candidate, note=form.cleaned_data["note"]
            )
            messages.success(
                request,
                _("Your conflict of interest is recorded; you will not score this candidate."),
            )
            return redirect("selection:candidate", code, pk, candidate.pk)
        except ValidationError as exc:
            _apply(form, exc)
    view = selectors.get_candidate_view(candidate, request.user)
    return _candidate_page(request, candidate, view, None, form, status=400)


@login_required
def scoresheet(request: HttpRequest, code: str, pk: int, candidate_id: int) -> HttpResponse:
    candidate = _candidate(request, code, pk, candidate_id)
    user = request.user
    view = selectors.get_candidate_view(candidate, user)
    _require(permissions.can_score(user, candidate, view.my_conflict is not None))
    submitted = bool(view.my_sheet and view.my_sheet.submitted)
    form = ScoresheetForm(request.POST or None, criteria=view.criteria, scores=view.my_scores)
    status = 200
    if request.method == "POST" and not submitted:
        if form.is_valid():
            submit = "submit" in request.POST
            try:
                services.save_scores(
                    actor=user, candidate=candidate, scores=form.scores(), submit=submit
                )
                if submit:
                    messages.success(
                        request,
                        _(
                            "Your scoresheet is submitted. The other reviewers' scores are now shown."
                        ),
                    )
                    target = reverse("selection:candidate", args=[code, pk, candidate.pk])
                    if _is_htmx(request):
                        done = HttpResponse(status=204)
                        done["HX-Redirect"] = target
                        return done
                    return redirect(target)
                messages.success(
                    request, _("Your scores are saved; submit them when you are done.")
                )
                if not _is_htmx(request):
                    return redirect("selection:scoresheet", code, pk, candidate.pk)
                view = selectors.get_candidate_view(candidate, user)
                form = ScoresheetForm(criteria=view.criteria, scores=view.my_scores)
            except ValidationError as exc:
                _apply(form, exc, rename=form.field_for)
                status = 400
        else:
            status = 400
    context = {
        "programme": candidate.round.programme,
        "round": candidate.round,
        "candidate": candidate,
        "initiative": candidate.initiative,
        "form": form,
        "submitted": submitted,
        "open": candidate.round.status == Round.Status.OPEN and view.state == "eligible",
        "saved": request.method == "POST" and status == 200,
    }
    template = (
        "selection/_scoresheet_form.html" if _is_htmx(request) else "selection/scoresheet.html"
    )
    response = render(request, template, context, status=status)
    response.headers["Vary"] = "HX-Request"
    return response


RANKING_PAGE_SIZE = 100


@login_required
def ranking(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    round = _round(request, code, pk)
    _require(permissions.can_view_ranking(request.user))
    ranking = selectors.get_ranking(round)
    return render(
        request,
        "selection/ranking.html",
        {
            "programme": round.programme,
            "round": round,
            "ranking": ranking,
            # Ranked over every candidate, shown a hundred lines at a time (the exports
            # hold the whole of it).
            "page_obj": Paginator(ranking.lines, RANKING_PAGE_SIZE).get_page(
                request.GET.get("page")
            ),
            "can_decide": permissions.can_record_decision(request.user)
            and round.status in (Round.Status.CLOSED, Round.Status.DECIDED),
            "can_export": permissions.can_export(request.user),
        },
    )


@login_required
def decision(request: HttpRequest, code: str, pk: int, candidate_id: int) -> HttpResponse:
    candidate = _candidate(request, code, pk, candidate_id)
    _require(permissions.can_record_decision(request.user))
    round = candidate.round
    form = DecisionForm(request.POST or None, programme_id=round.programme_id)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.record_decision(
                    actor=request.user,
                    candidate=candidate,
                    outcome=form.cleaned_data["outcome"],
                    rationale=form.cleaned_data["rationale"],
                    meeting=form.cleaned_data["meeting"],
                )
                messages.success(request, _("The committee's decision is recorded."))
                return redirect("selection:ranking", code, round.pk)
            except ValidationError as exc:
                _apply(form, exc)
        status = 400
    return render(
        request,
        "selection/decision_form.html",
        {
            "programme": round.programme,
            "round": round,
            "candidate": candidate,
            "initiative": candidate.initiative,
            "form": form,
        },
        status=status,
    )


@login_required
def export_pdf(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    round = _round(request, code, pk)
    _require(permissions.can_export(request.user))
    response = HttpResponse(exports.round_pdf(round), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="selection-round-{round.pk}.pdf"'
    return response


@login_required
def export_xlsx(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    round = _round(request, code, pk)
    _require(permissions.can_export(request.user))
    response = HttpResponse(
        exports.round_xlsx(round),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="selection-round-{round.pk}.xlsx"'
    return response
