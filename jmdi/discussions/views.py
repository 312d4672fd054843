"""The discussions' pages: thin, each authorising, then calling one selector or service.

What a person may not read answers 404 (a private space says nothing of itself); an
action on something one may read but not do answers 403. Every action is a plain POST
that redirects back, so everything works without JavaScript.
"""

from __future__ import annotations

import math
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jmdi.core.abuse import rate_limit
from jmdi.core.forms import show_errors
from jmdi.discussions import permissions, selectors, services
from jmdi.discussions.forms import (
    BanForm,
    EDiscussionForm,
    FlagForm,
    ReasonForm,
    ReplyForm,
    SummaryForm,
    ThreadForm,
)
from jmdi.discussions.models import EDiscussion, Subscription, Thread

THREADS_PER_PAGE = 25
REPLIES_PER_PAGE = 50
LOG_PER_PAGE = 50
RATES = {"thread": "5/h", "reply": "30/h", "flag": "20/h"}


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _language() -> str:
    return (get_language() or "en")[:2]


def _thread_url(thread: Thread, page: int | None = None, anchor: str = "") -> str:
    url = reverse("discussions:thread", args=[thread.pk])
    if page and page > 1:
        url += f"?page={page}"
    return url + (f"#{anchor}" if anchor else "")


def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    query = request.GET.get("q", "").strip()[:100]
    context: dict[str, Any] = {
        "topics": list(selectors.topics_with_counts(user)),
        "ediscussions": selectors.open_ediscussions(user),
        "query": query,
        "moderator": permissions.can_moderate_anything(user),
    }
    if query:
        paginator = Paginator(selectors.search_threads(user, query), THREADS_PER_PAGE)
        context["page_obj"] = paginator.get_page(request.GET.get("page"))
    else:
        context["recent"] = selectors.recent_threads(user)
    return render(request, "discussions/home.html", context)


def topic(request: HttpRequest, slug: str) -> HttpResponse:
    user = request.user
    found = selectors.get_topic_for(user, slug)
    paginator = Paginator(selectors.topic_threads(user, found), THREADS_PER_PAGE)
    return render(
        request,
        "discussions/topic_detail.html",
        {
            "topic": found,
            "page_obj": paginator.get_page(request.GET.get("page")),
            "can_start": permissions.can_start_thread(user, found),
            "can_start_ediscussion": permissions.can_start_ediscussion(user, found),
            "moderator": found.pk in permissions.roles_of(user).moderated_topics
            or permissions.roles_of(user).pmu,
        },
    )


def _ediscussion(thread: Thread) -> EDiscussion | None:
    try:
        return thread.ediscussion
    except EDiscussion.DoesNotExist:
        return None


def thread(request: HttpRequest, pk: int, form: ReplyForm | None = None) -> HttpResponse:
    user = request.user
    found = selectors.get_thread_for(user, pk)
    paginator = Paginator(selectors.thread_replies(found), REPLIES_PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    moderator = permissions.is_moderator_of(user, found)
    subscribed = (
        user.is_authenticated
        and Subscription.objects.filter(user=user, thread=found, active=True).exists()
    )
    ediscussion = _ediscussion(found)
    can_reply = permissions.can_reply(user, found)
    return render(
        request,
        "discussions/thread_detail.html",
        {
            "thread": found,
            "topic": found.topic,
            "ediscussion": ediscussion,
            "page_obj": page_obj,
            "moderator": moderator,
            "can_reply": can_reply,
            "can_flag": permissions.can_flag(user, found),
            "can_subscribe": permissions.can_subscribe(user, found),
            "subscribed": subscribed,
            "form": form or (ReplyForm() if can_reply else None),
            "can_write_summary": ediscussion is not None
            and permissions.can_write_summary(user, ediscussion),
            "can_publish_summary": ediscussion is not None
            and ediscussion.published_at is None
            and permissions.can_publish_summary(user, ediscussion),
            "signed_in": user.is_authenticated,
            "may_take_part": permissions.can_take_part(user),
        },
    )


@login_required
def new_thread(request: HttpRequest, slug: str) -> HttpResponse:
    user = request.user
    found = selectors.get_topic_for(user, slug)
    _require(permissions.can_start_thread(user, found))
    form = ThreadForm(request.POST or None, language=_language())
    if request.method == "POST" and form.is_valid():
        if not rate_limit.allow(request, "discussions:thread", RATES["thread"]):
            return rate_limit.refused(request)
        try:
            created = services.start_thread(actor=user, topic=found, **form.cleaned_data)
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("Your discussion is open."))
            return redirect(_thread_url(created))
    return render(
        request,
        "discussions/thread_form.html",
        {"topic": found, "form": form, "ediscussion": False},
    )


@login_required
def new_ediscussion(request: HttpRequest, slug: str) -> HttpResponse:
    user = request.user
    found = selectors.get_topic_for(user, slug)
    _require(permissions.can_start_ediscussion(user, found))
    form = EDiscussionForm(request.POST or None, language=_language())
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            created = services.start_ediscussion(actor=user, topic=found, **data)
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("The e-discussion is scheduled."))
            return redirect(_thread_url(created.thread))
    return render(
        request, "discussions/thread_form.html", {"topic": found, "form": form, "ediscussion": True}
    )


@login_required
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    found = selectors.get_thread_for(user, pk)
    _require(permissions.can_reply(user, found))
    form = ReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not rate_limit.allow(request, "discussions:reply", RATES["reply"]):
            return rate_limit.refused(request)
        try:
            created = services.post_reply(actor=user, thread=found, body=form.cleaned_data["body"])
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("Your reply is posted."))
            last = max(1, math.ceil(found.reply_count / REPLIES_PER_PAGE))
            return redirect(_thread_url(found, last, f"reply-{created.pk}"))
    return render(request, "discussions/reply_form.html", {"thread": found, "form": form})


@login_required
def edit_reply(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    found = selectors.get_reply_for(user, pk)
    _require(permissions.can_edit_reply(user, found))
    form = ReplyForm(request.POST or None, initial={"body": found.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_reply(actor=user, reply=found, body=form.cleaned_data["body"])
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("Your reply is updated."))
            return redirect(_thread_url(found.thread, anchor=f"reply-{found.pk}"))
    return render(
        request,
        "discussions/reply_form.html",
        {"thread": found.thread, "form": form, "editing": found},
    )


def _flag(request: HttpRequest, found: Thread, target_reply: Any = None) -> HttpResponse:
    user = request.user
    _require(permissions.can_flag(user, found))
    form = FlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not rate_limit.allow(request, "discussions:flag", RATES["flag"]):
            return rate_limit.refused(request)
        try:
            services.flag_post(
                actor=user, thread=found, reply=target_reply, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("Thank you: the moderators will look at this post."))
            return redirect(_thread_url(found))
    return render(
        request,
        "discussions/flag_form.html",
        {"thread": found, "target_reply": target_reply, "form": form},
    )


@login_required
def flag_thread(request: HttpRequest, pk: int) -> HttpResponse:
    return _flag(request, selectors.get_thread_for(request.user, pk))


@login_required
def flag_reply(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.get_reply_for(request.user, pk)
    return _flag(request, found.thread, found)


@login_required
@require_POST
def subscription(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    found = selectors.get_thread_for(user, pk)
    _require(permissions.can_subscribe(user, found))
    active = request.POST.get("active") == "1"
    services.set_subscription(actor=user, thread=found, active=active)
    if active:
        messages.success(request, _("You will hear of new replies to this discussion."))
    else:
        messages.success(request, _("You will no longer hear of replies to this discussion."))
    return redirect(_thread_url(found))


def _reason(request: HttpRequest) -> str:
    form = ReasonForm(request.POST)
    return form.cleaned_data["reason"] if form.is_valid() else ""


THREAD_ACTIONS = {"hide", "unhide", "lock", "unlock", "pin", "unpin"}


@login_required
@require_POST
def moderate_thread(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user = request.user
    found = selectors.get_thread_for(user, pk)
    if action not in THREAD_ACTIONS:
        raise Http404
    reason = _reason(request)
    if action in ("hide", "unhide"):
        services.set_hidden(actor=user, thread=found, hidden=action == "hide", reason=reason)
    elif action in ("lock", "unlock"):
        services.set_locked(actor=user, thread=found, locked=action == "lock", reason=reason)
    else:
        services.set_pinned(actor=user, thread=found, pinned=action == "pin", reason=reason)
    messages.success(request, _("Done: the moderation log keeps it."))
    return redirect(_next(request, _thread_url(found)))


@login_required
@require_POST
def moderate_reply(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user = request.user
    found = selectors.get_reply_for(user, pk)
    if action not in ("hide", "unhide"):
        raise Http404
    services.set_hidden(
        actor=user,
        thread=found.thread,
        reply=found,
        hidden=action == "hide",
        reason=_reason(request),
    )
    messages.success(request, _("Done: the moderation log keeps it."))
    return redirect(_next(request, _thread_url(found.thread, anchor=f"reply-{found.pk}")))


def _next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next", "")
    if target == reverse("discussions:queue"):
        return target
    return default


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require(permissions.can_moderate_anything(user))
    paginator = Paginator(selectors.moderation_queue(user), THREADS_PER_PAGE)
    return render(
        request,
        "discussions/moderation_queue.html",
        {"page_obj": paginator.get_page(request.GET.get("page"))},
    )


@login_required
@require_POST
def dismiss_flag(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    found = get_object_or_404(selectors.flags_waiting_for(user).select_related("thread"), pk=pk)
    services.dismiss_flag(actor=user, flag=found, reason=_reason(request))
    messages.success(request, _("The flag is dismissed; the post stays."))
    return redirect("discussions:queue")


@login_required
def log(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require(permissions.can_moderate_anything(user))
    paginator = Paginator(selectors.moderation_log(user), LOG_PER_PAGE)
    return render(
        request,
        "discussions/moderation_log.html",
        {"page_obj": paginator.get_page(request.GET.get("page"))},
    )


@login_required
def ban(request: HttpRequest, user_pk: int) -> HttpResponse:
    user = request.user
    _require(permissions.can_moderate_anything(user))
    target = get_object_or_404(get_user_model().objects.select_related("member"), pk=user_pk)
    _require(permissions.can_ban(user, target))
    form = BanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.ban_member(actor=user, user=target, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("The member can no longer post."))
            return redirect("discussions:log")
    return render(request, "discussions/ban_form.html", {"target": target, "form": form})


@login_required
@require_POST
def unban(request: HttpRequest, user_pk: int) -> HttpResponse:
    user = request.user
    _require(permissions.can_moderate_anything(user))
    target = get_object_or_404(get_user_model().objects.select_related("member"), pk=user_pk)
    services.unban_member(actor=user, user=target, reason=_reason(request))
    messages.success(request, _("The ban is lifted."))
    return redirect("discussions:log")


@login_required
def summary(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    found = selectors.get_thread_for(user, pk)
    ediscussion = _ediscussion(found)
    if ediscussion is None:
        raise Http404
    _require(permissions.can_write_summary(user, ediscussion))
    form = SummaryForm(request.POST or None, initial={"summary": ediscussion.summary})
    if request.method == "POST" and form.is_valid():
        try:
            services.write_summary(
                actor=user, ediscussion=ediscussion, summary=form.cleaned_data["summary"]
            )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("The summary is saved."))
            return redirect(_thread_url(found))
    return render(request, "discussions/summary_form.html", {"thread": found, "form": form})


@login_required
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    found = selectors.get_thread_for(user, pk)
    ediscussion = _ediscussion(found)
    if ediscussion is None:
        raise Http404
    try:
        services.publish_summary(actor=user, ediscussion=ediscussion)
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    else:
        messages.success(request, _("The summary is published in the resource library."))
    return redirect(_thread_url(found))
