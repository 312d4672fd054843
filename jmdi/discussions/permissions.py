"""Who reads and does what in the discussions. One rule per action, each list filter
(`*_q`) beside the object check built on the same facts.

- A visitor reads the public topics' discussions (not the hidden ones' content).
- A member (a signed-in person with an M4D Net profile, or a PMU officer) whose e-mail
  address is verified and who is not banned starts discussions, replies, flags posts
  and manages their subscriptions. A signed-in person without a verified address, or
  without a profile, reads like a visitor.
- A private space (a course's trainees) is read only by its members, its moderators and
  the PMU; to everyone else it does not exist (404, never listed nor counted).
- Moderators are the PMU officers, and the people named moderators of a topic or of an
  e-discussion: they hide and show posts, lock, unlock, pin and unpin discussions of
  what they moderate, handle the flags on them, ban and unban members, and (for an
  e-discussion, once closed) write its summary. Only the PMU publishes a summary.
- Nobody replies to an e-discussion outside its window, nor to a locked or hidden
  discussion.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from allauth.account.models import EmailAddress
from django.db.models import Q, Value

from jmdi.community.selectors import can_post, member_of
from jmdi.core.scopes import scopes_of
from jmdi.discussions.models import EDiscussion, Reply, Thread, Topic

_CACHE = "_jmdi_discussions_roles"


@dataclass(frozen=True)
class Roles:
    """What a person is in the discussions, read once per request (one query)."""

    pmu: bool
    verified: bool
    moderated_topics: frozenset[int]
    moderated_ediscussions: frozenset[int]
    spaces: frozenset[int]

    @property
    def moderator_anywhere(self) -> bool:
        return self.pmu or bool(self.moderated_topics or self.moderated_ediscussions)


_NOBODY = Roles(False, False, frozenset(), frozenset(), frozenset())


def roles_of(user: Any) -> Roles:
    if user is None or not user.is_authenticated:
        return _NOBODY
    cached: Roles | None = getattr(user, _CACHE, None)
    if cached is not None:
        return cached
    through: Any = Topic.moderators.through, Topic.members.through, EDiscussion.moderators.through
    rows = (
        through[0]
        .objects.filter(user_id=user.pk)
        .annotate(kind=Value("m"))
        .values_list("kind", "topic_id")
        .union(
            through[1]
            .objects.filter(user_id=user.pk)
            .annotate(kind=Value("s"))
            .values_list("kind", "topic_id"),
            through[2]
            .objects.filter(user_id=user.pk)
            .annotate(kind=Value("e"))
            .values_list("kind", "ediscussion_id"),
            EmailAddress.objects.filter(user_id=user.pk, verified=True)
            .annotate(kind=Value("v"))
            .values_list("kind", "pk"),
            all=True,
        )
    )
    found: dict[str, set[int]] = {"m": set(), "s": set(), "e": set(), "v": set()}
    for kind, pk in rows:
        found[kind].add(pk)
    roles = Roles(
        pmu=scopes_of(user).is_pmu,
        verified=bool(found["v"]),
        moderated_topics=frozenset(found["m"]),
        moderated_ediscussions=frozenset(found["e"]),
        spaces=frozenset(found["s"]),
    )
    setattr(user, _CACHE, roles)
    return roles


def forget(user: Any) -> None:
    """After a change of the person's moderation or membership (and in tests)."""
    if user is not None and hasattr(user, _CACHE):
        delattr(user, _CACHE)


def _is_pmu(user: Any) -> bool:
    return user is not None and user.is_authenticated and scopes_of(user).is_pmu


# --- Reading -----------------------------------------------------------------------------


def topics_visible_q(user: Any) -> Q:
    if _is_pmu(user):
        return Q()
    roles = roles_of(user)
    return Q(private=False) | Q(pk__in=sorted(roles.spaces | roles.moderated_topics))


def can_view_topic(user: Any, topic: Topic) -> bool:
    if not topic.private or _is_pmu(user):
        return True
    roles = roles_of(user)
    return topic.pk in roles.spaces or topic.pk in roles.moderated_topics


def threads_visible_q(user: Any, prefix: str = "") -> Q:
    """The threads (through `prefix`, e.g. "thread__") `user` may open: those of the
    topics they see. Hidden threads are listed only for their moderators."""
    if _is_pmu(user):
        return Q()
    roles = roles_of(user)
    allowed = sorted(roles.spaces | roles.moderated_topics)
    topic = Q(**{f"{prefix}topic__private": False}) | Q(**{f"{prefix}topic_id__in": allowed})
    shown = Q(**{f"{prefix}hidden": False}) | Q(
        **{f"{prefix}topic_id__in": sorted(roles.moderated_topics)}
    )
    if roles.moderated_ediscussions:
        shown |= Q(**{f"{prefix}ediscussion__pk__in": sorted(roles.moderated_ediscussions)})
    return topic & shown


def can_view_thread(user: Any, thread: Thread) -> bool:
    """The page opens for anyone who sees the topic; a hidden thread's content shows only
    to its moderators (`can_see_hidden`)."""
    return can_view_topic(user, thread.topic)


def _ediscussion_id(thread: Thread) -> int | None:
    try:
        ediscussion = thread.ediscussion
    except EDiscussion.DoesNotExist:
        return None
    return ediscussion.pk


def is_moderator_of(user: Any, thread: Thread) -> bool:
    if _is_pmu(user):
        return True
    roles = roles_of(user)
    if thread.topic_id in roles.moderated_topics:
        return True
    ediscussion = _ediscussion_id(thread)
    return ediscussion is not None and ediscussion in roles.moderated_ediscussions


def can_see_hidden(user: Any, thread: Thread) -> bool:
    return is_moderator_of(user, thread)


# --- Posting -----------------------------------------------------------------------------


def can_take_part(user: Any) -> bool:
    """Signed in, e-mail verified, an M4D Net member (or the PMU), not banned."""
    if not can_post(user):
        return False
    roles = roles_of(user)
    if not roles.verified:
        return False
    return roles.pmu or member_of(user) is not None


def can_start_thread(user: Any, topic: Topic) -> bool:
    return can_take_part(user) and can_view_topic(user, topic)


def can_start_ediscussion(user: Any, topic: Topic) -> bool:
    """The PMU, or a moderator of the topic."""
    if not can_take_part(user) or not can_view_topic(user, topic):
        return False
    return _is_pmu(user) or topic.pk in roles_of(user).moderated_topics


def replies_open(thread: Thread, now: Any = None) -> bool:
    """Whether the thread takes replies at all, whoever asks."""
    if thread.locked or thread.hidden:
        return False
    try:
        ediscussion = thread.ediscussion
    except EDiscussion.DoesNotExist:
        return True
    return ediscussion.is_open(now)


def can_reply(user: Any, thread: Thread, now: Any = None) -> bool:
    return can_take_part(user) and can_view_thread(user, thread) and replies_open(thread, now)


def can_edit_reply(user: Any, reply: Reply) -> bool:
    """The author, while the thread takes replies and the reply is not hidden."""
    return (
        user is not None
        and user.is_authenticated
        and reply.author_id == user.pk
        and not reply.hidden
        and can_reply(user, reply.thread)
    )


def can_flag(user: Any, thread: Thread) -> bool:
    """Any member who reads the thread, unless a moderator has already hidden it."""
    return can_take_part(user) and can_view_thread(user, thread) and not thread.hidden


def can_subscribe(user: Any, thread: Thread) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return (member_of(user) is not None or _is_pmu(user)) and can_view_thread(user, thread)


# --- Moderation --------------------------------------------------------------------------


def can_hide(user: Any, thread: Thread) -> bool:
    """Hide or show a post (the thread itself or one of its replies)."""
    return is_moderator_of(user, thread)


def can_lock(user: Any, thread: Thread) -> bool:
    return is_moderator_of(user, thread)


def can_pin(user: Any, thread: Thread) -> bool:
    return is_moderator_of(user, thread)


def can_moderate_anything(user: Any) -> bool:
    """The moderation queue and log, and the ban form."""
    return roles_of(user).moderator_anywhere


def can_ban(user: Any, target: Any) -> bool:
    """Any moderator may ban a member; never themselves nor a PMU officer."""
    if not can_moderate_anything(user) or target is None or target.pk == user.pk:
        return False
    return member_of(target) is not None and not scopes_of(target).is_pmu


def flags_visible_q(user: Any) -> Q:
    """The flags a moderator handles: those on posts of what they moderate."""
    if _is_pmu(user):
        return Q()
    roles = roles_of(user)
    if not roles.moderator_anywhere:
        return Q(pk__in=[])
    return Q(thread__topic_id__in=sorted(roles.moderated_topics)) | Q(
        thread__ediscussion__pk__in=sorted(roles.moderated_ediscussions)
    )


def log_visible_q(user: Any) -> Q:
    """The log: everything for the PMU; for a moderator, what concerns what they see."""
    if _is_pmu(user):
        return Q()
    if not can_moderate_anything(user):
        return Q(pk__in=[])
    return Q(thread__isnull=True) | threads_visible_q(user, "thread__")


def can_write_summary(user: Any, ediscussion: EDiscussion, now: Any = None) -> bool:
    """A moderator of the e-discussion (or of its topic, or the PMU), once it has closed."""
    return ediscussion.is_closed(now) and is_moderator_of(user, ediscussion.thread)


def can_publish_summary(user: Any, ediscussion: EDiscussion) -> bool:
    return _is_pmu(user) and bool(ediscussion.summary.strip())
