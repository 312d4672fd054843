"""Every write of the discussions: one function per action, keyword arguments, the acting
person as `actor`, inside a transaction. A refused action raises PermissionDenied and
changes nothing; bad input raises ValidationError({field: message}). Every moderation
action writes a ModerationLog row. Mail is sent once the transaction has committed.

`at` lets the demo write a plausible past; the pages never pass it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jmdi.community.models import ActivityKind, Member
from jmdi.community.selectors import member_of
from jmdi.community.services import record_activity
from jmdi.core.site import absolute_url, current_site
from jmdi.discussions import permissions
from jmdi.discussions.models import (
    LANGUAGES,
    EDiscussion,
    Flag,
    Mention,
    ModerationLog,
    Notification,
    Reply,
    Subscription,
    Thread,
    Topic,
)

User = get_user_model()

TITLE_MAX = 200
BODY_MAX = 20_000
#: At most this many people are mentioned (and notified) from one post.
MENTIONS_MAX = 10
_MENTION = re.compile(r"(?<![\w@.])@([\w][\w.\-']*)")


def _now(at: dt.datetime | None) -> dt.datetime:
    return at if at is not None else timezone.now()


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _clean_body(body: str, field: str = "body") -> str:
    text = (body or "").replace("\r\n", "\n").strip()
    if not text:
        raise ValidationError({field: _("Write a message.")})
    if len(text) > BODY_MAX:
        raise ValidationError(
            {field: _("Keep the message under %(n)s characters.") % {"n": f"{BODY_MAX:,}"}}
        )
    return text


def _log(
    *,
    actor: Any,
    action: str,
    thread: Thread | None = None,
    reply: Reply | None = None,
    member: Any = None,
    reason: str = "",
    at: dt.datetime | None = None,
) -> ModerationLog:
    return ModerationLog.objects.create(
        actor=actor,
        action=action,
        thread=thread,
        reply=reply,
        member=member,
        reason=reason.strip(),
        at=_now(at),
    )


# --- Mentions ------------------------------------------------------------------------------


def find_mentions(text: str) -> list[Any]:
    """The members named in `text` as "@Full Name" (up to four words) or "@local" (the
    part of their e-mail address before the "@"); the longest name matching wins. One
    query whatever the text."""
    names: set[str] = set()
    locals_: set[str] = set()
    for match in list(_MENTION.finditer(text))[: MENTIONS_MAX * 2]:
        words = (match.group(1) + text[match.end() :]).split()[:4]
        locals_.add(words[0].rstrip(".,;:!?)").lower())
        for n in range(1, len(words) + 1):
            names.add(" ".join(words[:n]).rstrip(".,;:!?)").lower())
    if not names:
        return []
    local_q = Q()
    for local in sorted(locals_):
        local_q |= Q(email__istartswith=f"{local}@")
    candidates = list(
        User.objects.annotate(lower_name=Lower("full_name"))
        .filter(Q(lower_name__in=sorted(names)) | local_q, is_active=True)
        .filter(member__isnull=False, member__left_at__isnull=True)
        .select_related("member")
        .order_by("pk")[: MENTIONS_MAX * 4]
    )
    found: list[Any] = []
    lowered = text.lower()
    for person in candidates:
        name = (person.full_name or "").lower()
        local = person.email.split("@")[0].lower()
        if (name and f"@{name}" in lowered) or re.search(
            rf"(?<![\w@.])@{re.escape(local)}(?![\w@])", lowered
        ):
            found.append(person)
    return found[:MENTIONS_MAX]


def _record_mentions(
    *, thread: Thread, reply: Reply | None, text: str, author: Any, at: dt.datetime
) -> list[Any]:
    people = [
        p
        for p in find_mentions(text)
        if p.pk != author.pk and permissions.can_view_thread(p, thread)
    ]
    Mention.objects.bulk_create(
        [Mention(thread=thread, reply=reply, user=p, created_at=at) for p in people]
    )
    return people


# --- Notifications -------------------------------------------------------------------------


def _wants_digest(user: Any) -> bool:
    member = member_of(user)
    return bool(member and member.digest)


def _notify(
    *, people: Iterable[Any], kind: str, thread: Thread, reply: Reply | None, at: dt.datetime
) -> None:
    rows = [
        Notification(
            user=person,
            kind=kind,
            thread=thread,
            reply=reply,
            digest=_wants_digest(person),
            created_at=at,
        )
        for person in people
        if person.email and person.is_active
    ]
    created = Notification.objects.bulk_create(rows)
    immediate = [n.pk for n in created if not n.digest]
    if immediate:
        transaction.on_commit(lambda: send_notifications(immediate))


def _thread_link(thread: Thread, reply: Reply | None = None) -> str:
    path = reverse("discussions:thread", args=[thread.pk])
    return absolute_url(path + (f"#reply-{reply.pk}" if reply else ""))


def _language_of(user: Any) -> str:
    return getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE


def _send(user: Any, template: str, context: dict[str, Any]) -> None:
    with translation.override(_language_of(user)):
        context = {"user": user, "site": current_site(), **context}
        subject = render_to_string(f"discussions/email/{template}_subject.txt", context)
        body = render_to_string(f"discussions/email/{template}_message.txt", context)
    EmailMultiAlternatives(
        " ".join(subject.split()), body.strip(), settings.DEFAULT_FROM_EMAIL, [user.email]
    ).send()


def _item(notification: Notification) -> dict[str, Any]:
    reply = notification.reply
    return {
        "kind": notification.kind,
        "thread": notification.thread,
        "author": (reply.author if reply else notification.thread.author),
        "excerpt": (reply.body if reply else notification.thread.body)[:300],
        "link": _thread_link(notification.thread, reply),
        "unsubscribe": absolute_url(reverse("discussions:thread", args=[notification.thread_id])),
    }


def send_notifications(ids: list[int], *, now: dt.datetime | None = None) -> int:
    """Send the immediate notifications `ids` not yet sent, each marked sent first."""
    sent = 0
    pending = Notification.objects.filter(pk__in=ids, sent_at__isnull=True, digest=False)
    for notification in pending.select_related(
        "user", "thread__author", "reply__author", "thread__topic"
    ):
        with transaction.atomic():
            marked = Notification.objects.filter(pk=notification.pk, sent_at__isnull=True).update(
                sent_at=_now(now)
            )
            if not marked:
                continue
            _send(notification.user, "notification", _item(notification))
        sent += 1
    return sent


def send_digests(*, now: dt.datetime | None = None) -> int:
    """One e-mail per person with notifications kept for the digest: everything waiting
    for them since the last one, marked sent first. Returns the number of mails."""
    moment = _now(now)
    waiting = (
        Notification.objects.filter(sent_at__isnull=True, digest=True)
        .select_related("user", "thread__author", "reply__author", "thread__topic")
        .order_by("user_id", "created_at", "pk")
    )
    by_user: dict[int, list[Notification]] = {}
    for notification in waiting:
        by_user.setdefault(notification.user_id, []).append(notification)
    mails = 0
    for items in by_user.values():
        user = items[0].user
        with transaction.atomic():
            Notification.objects.filter(pk__in=[n.pk for n in items]).update(sent_at=moment)
            visible = [n for n in items if permissions.can_view_thread(user, n.thread)]
            if visible and user.email and user.is_active:
                _send(user, "digest", {"items": [_item(n) for n in visible]})
                mails += 1
    return mails


def _subscribe(user: Any, thread: Thread, at: dt.datetime) -> None:
    """Subscribe the person unless they have unsubscribed before."""
    Subscription.objects.get_or_create(user=user, thread=thread, defaults={"created_at": at})


# --- Posting -------------------------------------------------------------------------------


def start_thread(
    *,
    actor: Any,
    topic: Topic,
    title: str,
    body: str,
    language: str,
    at: dt.datetime | None = None,
) -> Thread:
    _require(permissions.can_start_thread(actor, topic))
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError({"title": _("Give the discussion a title.")})
    if len(title) > TITLE_MAX:
        raise ValidationError({"title": _("Keep the title under 200 characters.")})
    if language not in dict(LANGUAGES):
        raise ValidationError({"language": _("Choose the language you write in.")})
    text = _clean_body(body)
    moment = _now(at)
    with transaction.atomic():
        thread = Thread.objects.create(
            topic=topic,
            title=title,
            body=text,
            author=actor,
            language=language,
            created_at=moment,
            last_activity_at=moment,
        )
        _subscribe(actor, thread, moment)
        mentioned = _record_mentions(thread=thread, reply=None, text=text, author=actor, at=moment)
        _notify(
            people=mentioned, kind=Notification.Kind.MENTION, thread=thread, reply=None, at=moment
        )
        record_activity(user=actor, kind=ActivityKind.POST, day=moment.date())
    return thread


def start_ediscussion(
    *,
    actor: Any,
    topic: Topic,
    title: str,
    body: str,
    language: str,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    moderators: Iterable[Any] = (),
    at: dt.datetime | None = None,
) -> EDiscussion:
    _require(permissions.can_start_ediscussion(actor, topic))
    if not opens_at or not closes_at or closes_at <= opens_at:
        raise ValidationError({"closes_at": _("The e-discussion must close after it opens.")})
    with transaction.atomic():
        thread = start_thread(
            actor=actor, topic=topic, title=title, body=body, language=language, at=at
        )
        ediscussion = EDiscussion.objects.create(
            thread=thread, opens_at=opens_at, closes_at=closes_at
        )
        people = list(moderators) or [actor]
        ediscussion.moderators.set(people)
        for person in people:
            permissions.forget(person)
        permissions.forget(actor)
    return ediscussion


def post_reply(*, actor: Any, thread: Thread, body: str, at: dt.datetime | None = None) -> Reply:
    moment = _now(at)
    _require(permissions.can_reply(actor, thread, moment))
    text = _clean_body(body)
    with transaction.atomic():
        reply = Reply.objects.create(thread=thread, body=text, author=actor, created_at=moment)
        Thread.objects.filter(pk=thread.pk).update(
            reply_count=F("reply_count") + 1, last_activity_at=moment
        )
        thread.reply_count += 1
        thread.last_activity_at = moment
        mentioned = _record_mentions(thread=thread, reply=reply, text=text, author=actor, at=moment)
        mentioned_ids = {p.pk for p in mentioned}
        subscribers = [
            s.user
            for s in Subscription.objects.filter(thread=thread, active=True)
            .exclude(user_id=actor.pk)
            .select_related("user__member")
            if s.user_id not in mentioned_ids and permissions.can_view_thread(s.user, thread)
        ]
        _notify(
            people=mentioned, kind=Notification.Kind.MENTION, thread=thread, reply=reply, at=moment
        )
        _notify(
            people=subscribers, kind=Notification.Kind.REPLY, thread=thread, reply=reply, at=moment
        )
        _subscribe(actor, thread, moment)
        record_activity(user=actor, kind=ActivityKind.REPLY, day=moment.date())
    return reply


def edit_reply(*, actor: Any, reply: Reply, body: str) -> Reply:
    _require(permissions.can_edit_reply(actor, reply))
    text = _clean_body(body)
    with transaction.atomic():
        reply.body = text
        reply.edited_at = timezone.now()
        reply.save(update_fields=["body", "edited_at"])
    return reply


def set_subscription(*, actor: Any, thread: Thread, active: bool) -> Subscription:
    _require(permissions.can_subscribe(actor, thread))
    with transaction.atomic():
        subscription, _created = Subscription.objects.get_or_create(
            user=actor, thread=thread, defaults={"active": active}
        )
        if subscription.active != active:
            subscription.active = active
            subscription.save(update_fields=["active"])
    return subscription


def flag_post(
    *,
    actor: Any,
    thread: Thread,
    reply: Reply | None = None,
    reason: str,
    at: dt.datetime | None = None,
) -> Flag:
    _require(permissions.can_flag(actor, thread))
    if reply is not None and reply.thread_id != thread.pk:
        raise PermissionDenied
    text = (reason or "").strip()
    if not text:
        raise ValidationError({"reason": _("Say what is wrong with this post.")})
    with transaction.atomic():
        return Flag.objects.create(
            thread=thread, reply=reply, reporter=actor, reason=text[:2000], created_at=_now(at)
        )


# --- Moderation ----------------------------------------------------------------------------


def _handle_flags(*, actor: Any, thread: Thread, reply: Reply | None, at: dt.datetime) -> None:
    flags = Flag.objects.filter(thread=thread, handled_at__isnull=True)
    flags = flags.filter(reply=reply) if reply is not None else flags.filter(reply__isnull=True)
    flags.update(handled_at=at, handled_by=actor)


def set_hidden(
    *,
    actor: Any,
    thread: Thread,
    reply: Reply | None = None,
    hidden: bool,
    reason: str = "",
    at: dt.datetime | None = None,
) -> None:
    """Hide (or show again) the thread's opening post, or one of its replies."""
    _require(permissions.can_hide(actor, thread))
    if reply is not None and reply.thread_id != thread.pk:
        raise PermissionDenied
    moment = _now(at)
    with transaction.atomic():
        target: Thread | Reply = reply if reply is not None else thread
        if target.hidden != hidden:
            target.hidden = hidden
            target.save(update_fields=["hidden"])
        if hidden:
            _handle_flags(actor=actor, thread=thread, reply=reply, at=moment)
        _log(
            actor=actor,
            action=ModerationLog.Action.HIDE if hidden else ModerationLog.Action.UNHIDE,
            thread=thread,
            reply=reply,
            reason=reason,
            at=moment,
        )


def set_locked(*, actor: Any, thread: Thread, locked: bool, reason: str = "") -> Thread:
    _require(permissions.can_lock(actor, thread))
    with transaction.atomic():
        thread.locked = locked
        thread.save(update_fields=["locked"])
        _log(
            actor=actor,
            action=ModerationLog.Action.LOCK if locked else ModerationLog.Action.UNLOCK,
            thread=thread,
            reason=reason,
        )
    return thread


def set_pinned(*, actor: Any, thread: Thread, pinned: bool, reason: str = "") -> Thread:
    _require(permissions.can_pin(actor, thread))
    with transaction.atomic():
        thread.pinned = pinned
        thread.save(update_fields=["pinned"])
        _log(
            actor=actor,
            action=ModerationLog.Action.PIN if pinned else ModerationLog.Action.UNPIN,
            thread=thread,
            reason=reason,
        )
    return thread


def dismiss_flag(*, actor: Any, flag: Flag, reason: str = "") -> Flag:
    """The post stays as it is: the flag is handled."""
    _require(permissions.can_hide(actor, flag.thread))
    with transaction.atomic():
        flag.handled_at = timezone.now()
        flag.handled_by = actor
        flag.save(update_fields=["handled_at", "handled_by"])
        _log(
            actor=actor,
            action=ModerationLog.Action.DISMISS,
            thread=flag.thread,
            reply=flag.reply,
            reason=reason,
        )
    return flag


def ban_member(*, actor: Any, user: Any, reason: str, at: dt.datetime | None = None) -> Member:
    """Bar a member from posting anywhere on the M4D Net (community.Member.banned_at; the
    member's history keeps the change)."""
    _require(permissions.can_ban(actor, user))
    text = (reason or "").strip()
    if not text:
        raise ValidationError({"reason": _("Say why the member is banned.")})
    moment = _now(at)
    with transaction.atomic():
        member = Member.objects.select_for_update().get(user=user)
        member.banned_at = moment
        member.banned_reason = text
        member.save(update_fields=["banned_at", "banned_reason"])
        _log(actor=actor, action=ModerationLog.Action.BAN, member=user, reason=text, at=moment)
    _refresh_cached_member(user, member)
    return member


def unban_member(*, actor: Any, user: Any, reason: str = "") -> Member:
    _require(permissions.can_ban(actor, user))
    with transaction.atomic():
        member = Member.objects.select_for_update().get(user=user)
        member.banned_at = None
        member.banned_reason = ""
        member.save(update_fields=["banned_at", "banned_reason"])
        _log(actor=actor, action=ModerationLog.Action.UNBAN, member=user, reason=reason)
    _refresh_cached_member(user, member)
    return member


def _refresh_cached_member(user: Any, member: Member) -> None:
    # The person's own object may hold the profile as it was before.
    user.member = member


# --- E-discussion summaries ----------------------------------------------------------------


def write_summary(*, actor: Any, ediscussion: EDiscussion, summary: str) -> EDiscussion:
    _require(permissions.can_write_summary(actor, ediscussion))
    text = _clean_body(summary, "summary")
    with transaction.atomic():
        ediscussion.summary = text
        ediscussion.summary_written_at = timezone.now()
        ediscussion.summary_by = actor
        ediscussion.save(update_fields=["summary", "summary_written_at", "summary_by"])
        _log(actor=actor, action=ModerationLog.Action.SUMMARY, thread=ediscussion.thread)
    return ediscussion


def publish_summary(*, actor: Any, ediscussion: EDiscussion, theme: Any = None) -> EDiscussion:
    """Publish the consolidated summary as a resource of the M4D Net (a synthesis report
    in the e-discussion's language, under `theme` or the first of the resource themes).
    Publishing twice keeps the first date and resource."""
    from django.utils.html import linebreaks

    from jmdi.resources import services as resources
    from jmdi.resources.models import Kind, Theme

    _require(permissions.can_publish_summary(actor, ediscussion))
    with transaction.atomic():
        if ediscussion.published_at is None:
            thread = ediscussion.thread
            chosen = theme or Theme.objects.order_by("order", "pk").first()
            if chosen is None:
                raise ValidationError({"theme": _("Create a resource theme first.")})
            ediscussion.summary_resource = resources.publish_text_resource(
                actor=actor,
                title=_("Summary of the e-discussion “%(title)s”") % {"title": thread.title},
                summary=ediscussion.summary.strip().split("\n")[0][:500],
                body_html=linebreaks(ediscussion.summary, autoescape=True),
                language=thread.language,
                theme=chosen,
                kind=Kind.SYNTHESIS_REPORT,
                source_label=_("E-discussion “%(title)s”") % {"title": thread.title},
            )
            ediscussion.published_at = timezone.now()
            ediscussion.save(update_fields=["published_at", "summary_resource"])
            _log(actor=actor, action=ModerationLog.Action.PUBLISH, thread=thread)
    return ediscussion
