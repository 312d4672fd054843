"""The discussions' reads: each list filtered by what the viewer may see
(jmdi.discussions.permissions), with what the page shows joined in, so that a page costs
the same number of queries whatever the data."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from jmdi.discussions import permissions
from jmdi.discussions.models import EDiscussion, Flag, ModerationLog, Reply, Thread, Topic

_AUTHOR = ("author", "author__member")


def topics_visible_to(user: Any) -> QuerySet[Topic]:
    return Topic.objects.filter(permissions.topics_visible_q(user))


def topics_with_counts(user: Any) -> QuerySet[Topic]:
    """The topics `user` sees, each with the number of discussions they may open."""
    shown = Q(threads__hidden=False)
    roles = permissions.roles_of(user)
    if roles.pmu:
        shown = Q()
    elif roles.moderated_topics:
        shown |= Q(threads__topic_id__in=sorted(roles.moderated_topics))
    return topics_visible_to(user).annotate(
        thread_count=Count("threads", filter=shown) if shown else Count("threads")
    )


def get_topic_for(user: Any, slug: str) -> Topic:
    topic = Topic.objects.filter(slug=slug).first()
    if topic is None or not permissions.can_view_topic(user, topic):
        raise Http404
    return topic


def threads_visible_to(user: Any) -> QuerySet[Thread]:
    return Thread.objects.filter(permissions.threads_visible_q(user))


def _listed(queryset: QuerySet[Thread]) -> QuerySet[Thread]:
    return queryset.select_related(*_AUTHOR, "topic", "ediscussion").defer("body")


def recent_threads(user: Any, limit: int = 10) -> list[Thread]:
    return list(_listed(threads_visible_to(user)).order_by("-last_activity_at", "-pk")[:limit])


def search_threads(user: Any, text: str) -> QuerySet[Thread]:
    words = text.split()[:6]
    condition = Q()
    for word in words:
        condition &= Q(title__icontains=word) | Q(body__icontains=word)
    return _listed(threads_visible_to(user).filter(condition)).order_by("-last_activity_at", "-pk")


def topic_threads(user: Any, topic: Topic) -> QuerySet[Thread]:
    """A topic's discussions, pinned first, then by last activity."""
    return _listed(threads_visible_to(user).filter(topic=topic)).order_by(
        "-pinned", "-last_activity_at", "-pk"
    )


def open_ediscussions(user: Any) -> list[EDiscussion]:
    now = timezone.now()
    return list(
        EDiscussion.objects.filter(
            permissions.threads_visible_q(user, "thread__"),
            opens_at__lte=now,
            closes_at__gt=now,
        )
        .select_related("thread__topic")
        .order_by("closes_at")[:10]
    )


def get_thread_for(user: Any, pk: int) -> Thread:
    """The thread, or 404 when its topic is not `user`'s to see."""
    thread = (
        Thread.objects.select_related("topic", *_AUTHOR, "ediscussion__summary_by")
        .filter(pk=pk)
        .first()
    )
    if thread is None or not permissions.can_view_thread(user, thread):
        raise Http404
    return thread


def thread_replies(thread: Thread) -> QuerySet[Reply]:
    return Reply.objects.filter(thread=thread).select_related(*_AUTHOR).order_by("created_at", "pk")


def get_reply_for(user: Any, pk: int) -> Reply:
    reply = (
        Reply.objects.select_related("thread__topic", "thread__ediscussion", *_AUTHOR)
        .filter(pk=pk)
        .first()
    )
    if reply is None or not permissions.can_view_thread(user, reply.thread):
        raise Http404
    return reply


def flags_waiting_for(user: Any) -> QuerySet[Flag]:
    return Flag.objects.filter(permissions.flags_visible_q(user), handled_at__isnull=True)


def moderation_queue(user: Any) -> QuerySet[Flag]:
    return (
        flags_waiting_for(user)
        .select_related(
            "thread__topic", "thread__author__member", "reply__author__member", "reporter__member"
        )
        .order_by("created_at", "pk")
    )


def moderation_log(user: Any) -> QuerySet[ModerationLog]:
    return (
        ModerationLog.objects.filter(permissions.log_visible_q(user))
        .select_related("actor__member", "thread", "member__member")
        .defer("thread__body")
        .order_by("-at", "-pk")
    )


def searchable_threads() -> QuerySet[Thread]:
    """What a site-wide search may index: public topics' discussions not hidden."""
    return Thread.objects.filter(topic__private=False, hidden=False)


def member_data(user: Any) -> dict[str, Any]:
    """What the discussions hold about a person, for their data download."""
    return {
        "threads": [
            {
                "id": t.pk,
                "topic": t.topic.slug,
                "title": t.title,
                "body": t.body,
                "language": t.language,
                "created_at": t.created_at.isoformat(),
                "hidden": t.hidden,
            }
            for t in Thread.objects.filter(author=user).select_related("topic").order_by("pk")
        ],
        "replies": [
            {
                "id": r.pk,
                "thread": r.thread_id,
                "body": r.body,
                "created_at": r.created_at.isoformat(),
                "edited_at": r.edited_at.isoformat() if r.edited_at else None,
                "hidden": r.hidden,
            }
            for r in Reply.objects.filter(author=user).order_by("pk")
        ],
        "flags": [
            {
                "thread": f.thread_id,
                "reply": f.reply_id,
                "reason": f.reason,
                "created_at": f.created_at.isoformat(),
            }
            for f in Flag.objects.filter(reporter=user).order_by("pk")
        ],
        "subscriptions": [
            {"thread": s.thread_id, "active": s.active}
            for s in user.discussion_subscriptions.order_by("pk")
        ],
    }
