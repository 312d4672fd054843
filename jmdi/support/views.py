"""The support facility's pages: thin, each authorising, then calling one selector or
service.

A request a person may not read answers 404 (the page says nothing of what is there); an
action on a request one may read but not take answers 403. Every action is a plain POST
that redirects back to the request.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_countries import countries

from jmdi.community.selectors import member_of
from jmdi.core.abuse import rate_limit
from jmdi.core.forms import show_errors
from jmdi.core.uploads import CONTENT_TYPES
from jmdi.support import permissions, selectors, services
from jmdi.support.forms import (
    AnswerForm,
    AssignForm,
    CloseForm,
    FaqForm,
    MessageForm,
    ReferForm,
    RequestForm,
    ResolveForm,
    TriageForm,
)
from jmdi.support.models import FaqEntry, Status, SupportRequest, Topic, Urgency
from jmdi.support.targets import targets

PAGE_SIZE = 25
#: How many requests one person may submit.
SUBMIT_RATE = "5/h"


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _files(request: HttpRequest, form: Form) -> list[Any]:
    return list(form.cleaned_data.get("attachments") or [])


# --- The public side --------------------------------------------------------------------------


def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "support/home.html",
        {
            "can_submit": permissions.can_submit(user),
            "can_view_queue": permissions.can_view_queue(user),
            "can_view_referrals": permissions.can_view_referrals(user),
            "can_view_report": permissions.can_view_report(user),
            "faq": selectors.faq_entries(user).filter(published=True)[:5],
        },
    )


def faq(request: HttpRequest) -> HttpResponse:
    _require(permissions.can_view_faq(request.user))
    search = request.GET.get("q", "").strip()[:100]
    topic = request.GET.get("topic", "")
    if topic not in Topic.values:
        topic = ""
    entries = selectors.faq_entries(request.user, search, topic)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "support/faq.html",
        {
            "page_obj": page,
            "search": search,
            "topic": topic,
            "topics": Topic.choices,
            "can_manage": permissions.can_manage_faq(request.user),
        },
    )


def ask(request: HttpRequest) -> HttpResponse:
    """The request form for members; what to do first for everyone else."""
    user = request.user
    if not permissions.can_submit(user):
        member = member_of(user)
        return render(
            request,
            "support/ask.html",
            {
                "anonymous": not user.is_authenticated,
                "not_member": user.is_authenticated and member is None,
                "barred": member is not None,
            },
        )
    member = member_of(user)
    initial = {"country": str(member.country) if member else ""}
    form = RequestForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST":
        if not rate_limit.allow(request, "support:submit", SUBMIT_RATE):
            return rate_limit.refused(request)
        if form.is_valid():
            data = form.cleaned_data
            try:
                created = services.submit_request(
                    actor=user,
                    subject=data["subject"],
                    topic=data["topic"],
                    country=data["country"],
                    urgency=data["urgency"],
                    description=data["description"],
                    uploads=_files(request, form),
                )
            except ValidationError as exc:
                show_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Your request is sent. You will be told by e-mail when its status changes."),
                )
                return redirect("support:request", created.pk)
    return render(request, "support/ask.html", {"form": form})


# --- Following requests --------------------------------------------------------------------


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    _require(permissions.can_view_own_requests(request.user))
    page = Paginator(selectors.my_requests(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "support/mine.html",
        {"page_obj": page, "can_submit": permissions.can_submit(request.user)},
    )


def _detail_context(request: HttpRequest, item: SupportRequest, **forms: Any) -> dict[str, Any]:
    user = request.user
    internal = permissions.can_view_internal(user, item)
    allowed = {
        "triage": permissions.can_triage(user, item),
        "answer": permissions.can_answer(user, item),
        "assign": permissions.can_assign(user, item),
        "refer": permissions.can_refer(user, item),
        "resolve": permissions.can_resolve(user, item),
        "close": permissions.can_close(user, item),
        "withdraw": permissions.can_withdraw(user, item),
        "message": permissions.can_add_message(user, item),
        "faq": permissions.can_make_faq(user, item),
    }
    built: dict[str, Any] = {}
    if allowed["triage"]:
        built["triage_form"] = forms.get("triage_form") or TriageForm(
            initial={"topic": item.topic, "urgency": item.urgency}
        )
    if allowed["answer"]:
        built["answer_form"] = forms.get("answer_form") or AnswerForm()
    if allowed["assign"]:
        built["assign_form"] = forms.get("assign_form") or AssignForm(
            colleagues=services.pmu_colleagues(), initial={"assignee": item.assigned_to_id}
        )
    if allowed["refer"]:
        built["refer_form"] = forms.get("refer_form") or ReferForm(
            request=item, focal_points=services.focal_points_of(str(item.country))
        )
    if allowed["resolve"]:
        built["resolve_form"] = forms.get("resolve_form") or ResolveForm()
    if allowed["close"]:
        built["close_form"] = forms.get("close_form") or CloseForm()
    if allowed["message"]:
        built["message_form"] = forms.get("message_form") or MessageForm()
    if allowed["faq"]:
        answers = [m.body for m in item.messages.filter(kind="answer")]
        built["faq_form"] = forms.get("faq_form") or FaqForm(
            initial={"question": item.subject, "answer": "\n\n".join(answers), "topic": item.topic}
        )
    events = selectors.events_of(item)
    if not internal:
        events = [event for event in events if event.changes_status]
    goal = targets(item.programme)
    return {
        "item": item,
        "internal": internal,
        "allowed": allowed,
        "thread": selectors.messages_of(item),
        "files": selectors.request_files(item),
        "events": events,
        "overdue": internal and selectors.is_overdue(item, goal, timezone.now()),
        "goal": goal,
        **built,
    }


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.get_request_for(request.user, pk)
    return render(request, "support/request.html", _detail_context(request, item))


def _action(
    request: HttpRequest,
    pk: int,
    rule: Callable[[Any, SupportRequest], bool],
    form_class: Callable[..., Form],
    form_name: str,
    run: Callable[[SupportRequest, dict[str, Any], list[Any]], Any],
    done: str,
    form_kwargs: Callable[[SupportRequest], dict[str, Any]] | None = None,
) -> HttpResponse:
    item = selectors.get_request_for(request.user, pk)
    _require(rule(request.user, item))
    extra = form_kwargs(item) if form_kwargs else {}
    form = form_class(request.POST, request.FILES or None, **extra)
    if form.is_valid():
        try:
            run(item, form.cleaned_data, _files(request, form))
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect("support:request", item.pk)
    context = _detail_context(request, item, **{form_name: form})
    return render(request, "support/request.html", context, status=400)


@login_required
@require_POST
def triage(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        permissions.can_triage,
        TriageForm,
        "triage_form",
        lambda item, data, files: services.triage(
            actor=request.user,
            request=item,
            topic=data["topic"],
            urgency=data["urgency"],
            note=data["note"],
        ),
        _("The request is triaged."),
    )


@login_required
@require_POST
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        permissions.can_answer,
        AnswerForm,
        "answer_form",
        lambda item, data, files: services.answer(
            actor=request.user, request=item, body=data["body"], uploads=files
        ),
        _("The answer is sent to the requester."),
    )


@login_required
@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        permissions.can_assign,
        AssignForm,
        "assign_form",
        lambda item, data, files: services.assign(
            actor=request.user, request=item, assignee=data["assignee"], note=data["note"]
        ),
        _("The request is assigned."),
        lambda item: {"colleagues": services.pmu_colleagues()},
    )


@login_required
@require_POST
def refer(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        permissions.can_refer,
        ReferForm,
        "refer_form",
        lambda item, data, files: services.refer(
            actor=request.user,
            request=item,
            focal_point=data["focal_point"],
            organisation=data["organisation"],
            contact=data["contact"],
            note=data["note"],
        ),
        _("The request is referred."),
        lambda item: {
            "request": item,
            "focal_points": services.focal_points_of(str(item.country)),
        },
    )


@login_required
@require_POST
def resolve(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        permissions.can_resolve,
        ResolveForm,
        "resolve_form",
        lambda item, data, files: services.resolve(
            actor=request.user, request=item, note=data["note"]
        ),
        _("The request is resolved."),
    )


@login_required
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        permissions.can_close,
        CloseForm,
        "close_form",
        lambda item, data, files: services.close(
            actor=request.user, request=item, reason=data["reason"]
        ),
        _("The request is closed without an answer."),
    )


@login_required
@require_POST
def message(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        permissions.can_add_message,
        MessageForm,
        "message_form",
        lambda item, data, files: services.add_message(
            actor=request.user, request=item, body=data["body"], uploads=files
        ),
        _("Your message is added to the request."),
    )


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.get_request_for(request.user, pk)
    _require(permissions.can_withdraw(request.user, item))
    services.withdraw(actor=request.user, request=item)
    messages.success(request, _("Your request is withdrawn."))
    return redirect("support:request", item.pk)


@login_required
@require_POST
def make_faq(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        permissions.can_make_faq,
        FaqForm,
        "faq_form",
        lambda item, data, files: services.make_faq(
            actor=request.user,
            request=item,
            question=data["question"],
            answer=data["answer"],
            topic=data["topic"],
            published=data["published"],
        ),
        _("The FAQ entry is saved."),
    )


@login_required
def attachment(request: HttpRequest, pk: int) -> FileResponse:
    found = selectors.get_attachment_for(request.user, pk)
    try:
        handle = found.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("File missing") from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=found.original_name,
        content_type=CONTENT_TYPES.get(found.kind, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- The PMU's and the focal points' lists ----------------------------------------------------


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    _require(permissions.can_view_queue(request.user))
    get = request.GET

    def pick(name: str, allowed: Any) -> str:
        value = get.get(name, "")
        return value if value in allowed else ""

    filters = selectors.QueueFilters(
        status=pick("status", Status.values),
        country=pick("country", dict(countries)),
        topic=pick("topic", Topic.values),
        urgency=pick("urgency", Urgency.values),
        overdue=get.get("overdue") == "1",
    )
    goal = selectors.current_targets()
    now = timezone.now()
    page = Paginator(selectors.queue(filters, goal, now), PAGE_SIZE).get_page(get.get("page"))
    rows = [(item, selectors.is_overdue(item, goal, now)) for item in page.object_list]
    query = get.copy()
    query.pop("page", None)
    return render(
        request,
        "support/queue.html",
        {
            "page_obj": page,
            "rows": rows,
            "filters": filters,
            "statuses": Status.choices,
            "topics": Topic.choices,
            "urgencies": Urgency.choices,
            "countries": _programme_countries(),
            "goal": goal,
            "query": query.urlencode(),
        },
    )


def _programme_countries() -> list[tuple[str, str]]:
    from jmdi.programmes.models import ProgrammeCountry

    codes = (
        ProgrammeCountry.objects.filter(programme__code=settings.JMDI_DEFAULT_PROGRAMME)
        .order_by("order")
        .values_list("country__code", flat=True)
    )
    names = dict(countries)
    return [(str(code), str(names.get(str(code), code))) for code in codes]


@login_required
def referrals(request: HttpRequest) -> HttpResponse:
    _require(permissions.can_view_referrals(request.user))
    page = Paginator(selectors.referred_to(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "support/referrals.html", {"page_obj": page})


@login_required
def report(request: HttpRequest) -> HttpResponse:
    _require(permissions.can_view_report(request.user))
    goal = selectors.current_targets()
    return render(
        request,
        "support/report.html",
        {"report": selectors.report(goal, timezone.localdate())},
    )


# --- Editing the FAQ -------------------------------------------------------------------------


@login_required
def faq_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _require(permissions.can_manage_faq(request.user))
    entry = None
    if pk is not None:
        entry = FaqEntry.objects.filter(pk=pk).first()
        if entry is None:
            raise Http404("No such entry")
    initial = (
        {
            "question": entry.question,
            "answer": entry.answer,
            "topic": entry.topic,
            "published": entry.published,
        }
        if entry
        else {}
    )
    form = FaqForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_faq(
                actor=request.user,
                entry=entry,
                question=data["question"],
                answer=data["answer"],
                topic=data["topic"],
                published=data["published"],
            )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("The FAQ entry is saved."))
            return redirect("support:faq")
    return render(request, "support/faq_form.html", {"form": form, "entry": entry})
