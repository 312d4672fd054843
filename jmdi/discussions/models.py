"""The M4D Net's discussions.

- A `Topic` is one of a few fixed areas (named in the four languages), managed by the
  PMU; a private topic is a space open only to its `members` (a course's trainees) and
  the PMU, and never appears to anyone else.
- A `Thread` is a post opening a discussion; its `Reply` rows answer it. Bodies are
  plain text (shown escaped, paragraphs kept), never HTML. `reply_count` and
  `last_activity_at` are kept on the thread so the lists read one table.
- An `EDiscussion` makes a thread a time-boxed, moderated e-discussion: replies only
  between `opens_at` and `closes_at`; after closing a moderator writes its summary, which
  the PMU publishes.
- `Mention`, `Subscription` and `Notification` carry who hears of what; `Flag` and
  `ModerationLog` the moderation.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

LANGUAGES = [("en", "English"), ("fr", "Français"), ("es", "Español"), ("ar", "العربية")]


def _localized(values: dict[str, str]) -> str:
    language = (get_language() or "en")[:2]
    return values.get(language) or values.get("en") or next(iter(values.values()), "")


class Topic(models.Model):
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    #: {"en": "...", "fr": "...", "es": "...", "ar": "..."}
    name = models.JSONField(_("name"), default=dict)
    description = models.JSONField(_("description"), default=dict, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    private = models.BooleanField(
        _("private space"),
        default=False,
        help_text=_("Only its members and the programme team see a private space."),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("members of the private space"),
        blank=True,
        related_name="discussion_spaces",
    )
    moderators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderators"),
        blank=True,
        related_name="moderated_topics",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    history = HistoricalRecords(m2m_fields=[members, moderators])

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("discussion topic")
        verbose_name_plural = _("discussion topics")

    def __str__(self) -> str:
        return self.localized_name

    @property
    def localized_name(self) -> str:
        return _localized(self.name) or self.slug

    @property
    def localized_description(self) -> str:
        return _localized(self.description or {})


class Thread(models.Model):
    topic = models.ForeignKey(
        Topic, verbose_name=_("topic"), on_delete=models.PROTECT, related_name="threads"
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="discussion_threads",
    )
    language = models.CharField(_("language of writing"), max_length=8, choices=LANGUAGES)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    last_activity_at = models.DateTimeField(_("last activity"), default=timezone.now)
    reply_count = models.PositiveIntegerField(_("replies"), default=0)
    locked = models.BooleanField(_("locked"), default=False)
    hidden = models.BooleanField(_("hidden by a moderator"), default=False)
    pinned = models.BooleanField(_("pinned"), default=False)

    class Meta:
        verbose_name = _("discussion")
        verbose_name_plural = _("discussions")
        indexes = [
            models.Index(
                fields=["topic", "-pinned", "-last_activity_at"], name="thread_topic_order"
            ),
            models.Index(fields=["-last_activity_at"], name="thread_recent"),
            models.Index(fields=["author", "created_at"], name="thread_author"),
        ]

    def __str__(self) -> str:
        return self.title


class Reply(models.Model):
    thread = models.ForeignKey(
        Thread, verbose_name=_("discussion"), on_delete=models.CASCADE, related_name="replies"
    )
    body = models.TextField(_("message"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="discussion_replies",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    hidden = models.BooleanField(_("hidden by a moderator"), default=False)

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        indexes = [
            models.Index(fields=["thread", "created_at", "id"], name="reply_thread_order"),
            models.Index(fields=["author", "created_at"], name="reply_author"),
            models.Index(fields=["created_at"], name="reply_created"),
        ]

    def __str__(self) -> str:
        return f"{self.thread_id}#{self.pk}"


class EDiscussion(models.Model):
    """A thread run as a time-boxed, moderated e-discussion."""

    thread = models.OneToOneField(
        Thread, verbose_name=_("discussion"), on_delete=models.CASCADE, related_name="ediscussion"
    )
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    moderators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderators"),
        blank=True,
        related_name="moderated_ediscussions",
    )
    summary = models.TextField(_("consolidated summary"), blank=True)
    summary_written_at = models.DateTimeField(_("summary written at"), null=True, blank=True)
    summary_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("summary written by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("summary published at"), null=True, blank=True)
    #: The knowledge product the summary became when it was published.
    summary_resource = models.ForeignKey(
        "resources.Resource",
        verbose_name=_("published as"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords(m2m_fields=[moderators])

    class Meta:
        verbose_name = _("e-discussion")
        verbose_name_plural = _("e-discussions")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="ediscussion_window"
            )
        ]

    def __str__(self) -> str:
        return str(self.thread)

    def is_open(self, now: object = None) -> bool:
        moment = now or timezone.now()
        return bool(self.opens_at <= moment < self.closes_at)  # type: ignore[operator]

    def is_closed(self, now: object = None) -> bool:
        moment = now or timezone.now()
        return bool(moment >= self.closes_at)  # type: ignore[operator]


class Mention(models.Model):
    """A member named with "@" in a post."""

    thread = models.ForeignKey(
        Thread, verbose_name=_("discussion"), on_delete=models.CASCADE, related_name="mentions"
    )
    reply = models.ForeignKey(
        Reply,
        verbose_name=_("reply"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="mentions",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person mentioned"),
        on_delete=models.CASCADE,
        related_name="discussion_mentions",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("mention")
        verbose_name_plural = _("mentions")

    def __str__(self) -> str:
        return f"@{self.user_id}"


class Subscription(models.Model):
    """Whether a person hears of a thread's replies; made when they start or reply in it,
    kept (inactive) when they unsubscribe so that replying again does not resubscribe."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="discussion_subscriptions",
    )
    thread = models.ForeignKey(
        Thread,
        verbose_name=_("discussion"),
        on_delete=models.CASCADE,
        related_name="subscriptions",
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.UniqueConstraint(fields=["user", "thread"], name="one_subscription_per_thread")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.thread_id}"


class Notification(models.Model):
    """Something to tell a person by e-mail: sent at once, or kept for their digest."""

    class Kind(models.TextChoices):
        REPLY = "reply", _("New reply")
        MENTION = "mention", _("Mention")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="discussion_notifications",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    thread = models.ForeignKey(
        Thread, verbose_name=_("discussion"), on_delete=models.CASCADE, related_name="+"
    )
    reply = models.ForeignKey(
        Reply,
        verbose_name=_("reply"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    digest = models.BooleanField(_("for the daily digest"), default=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(
                fields=["user"], condition=Q(sent_at__isnull=True), name="notification_pending"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.user_id}"


class Flag(models.Model):
    """A member's report of a post (thread or reply) to the moderators."""

    thread = models.ForeignKey(
        Thread, verbose_name=_("discussion"), on_delete=models.CASCADE, related_name="flags"
    )
    reply = models.ForeignKey(
        Reply,
        verbose_name=_("reply"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="flags",
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.PROTECT,
        related_name="discussion_flags",
    )
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        indexes = [
            models.Index(
                fields=["created_at"], condition=Q(handled_at__isnull=True), name="flag_waiting"
            )
        ]

    def __str__(self) -> str:
        return f"flag {self.pk}"


class ModerationLog(models.Model):
    """Every moderation action: who, when, what, on what, and why."""

    class Action(models.TextChoices):
        HIDE = "hide", _("Hid a post")
        UNHIDE = "unhide", _("Showed a post again")
        LOCK = "lock", _("Locked a discussion")
        UNLOCK = "unlock", _("Unlocked a discussion")
        PIN = "pin", _("Pinned a discussion")
        UNPIN = "unpin", _("Unpinned a discussion")
        BAN = "ban", _("Banned a member")
        UNBAN = "unban", _("Lifted a ban")
        DISMISS = "dismiss", _("Dismissed a flag")
        SUMMARY = "summary", _("Wrote an e-discussion summary")
        PUBLISH = "publish", _("Published an e-discussion summary")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderator"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    thread = models.ForeignKey(
        Thread,
        verbose_name=_("discussion"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    reply = models.ForeignKey(
        Reply,
        verbose_name=_("reply"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("moderation log entry")
        verbose_name_plural = _("moderation log")

    def __str__(self) -> str:
        return f"{self.action} {self.at:%Y-%m-%d}"
