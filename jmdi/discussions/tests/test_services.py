"""The discussions' writes: posting, mentions, notifications (immediate or digest),
subscriptions, moderation with its log, bans, e-discussion summaries."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from jmdi.community.models import Activity, ActivityKind, Member
from jmdi.discussions import permissions, services
from jmdi.discussions.models import (
    EDiscussion,
    Flag,
    Mention,
    ModerationLog,
    Notification,
    Subscription,
    Thread,
)
from jmdi.discussions.tests.conftest import make_member, window

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("programme_once_per_module")]


def _reply(net, actor, body="Thanks, very useful.", capture=None):
    if capture is None:
        return services.post_reply(actor=actor, thread=net.thread, body=body)
    with capture(execute=True):
        return services.post_reply(actor=actor, thread=net.thread, body=body)


def test_starting_a_thread_subscribes_its_author_and_counts_a_post(net):
    thread = services.start_thread(
        actor=net.bruno, topic=net.public, title="  A   question ", body="Hello", language="fr"
    )
    assert thread.title == "A question"
    assert Subscription.objects.filter(user=net.bruno, thread=thread, active=True).exists()
    assert Activity.objects.filter(kind=ActivityKind.POST, country="SN").count() == 1


def test_a_reply_counts_updates_the_thread_and_records_activity(net):
    before = net.thread.last_activity_at
    _reply(net, net.alice)
    net.thread.refresh_from_db()
    assert net.thread.reply_count == 2
    assert net.thread.last_activity_at > before
    assert Activity.objects.filter(kind=ActivityKind.REPLY).count() == 1


def test_a_banned_member_cannot_post_nor_reply(net):
    with pytest.raises(PermissionDenied):
        services.start_thread(
            actor=net.banned, topic=net.public, title="x", body="y", language="en"
        )
    with pytest.raises(PermissionDenied):
        _reply(net, net.banned)
    assert Thread.objects.filter(author=net.banned).count() == 0


def test_an_empty_body_is_refused_naming_the_field(net):
    with pytest.raises(ValidationError) as caught:
        _reply(net, net.alice, body="   ")
    assert "body" in caught.value.message_dict


def test_mentions_by_full_name_and_by_address_resolve_to_members(net):
    found = services.find_mentions("Thanks @Alice Martin and @bruno, and @nobody here.")
    assert {u.email for u in found} == {"alice@example.org", "bruno@example.org"}


def test_a_mention_is_stored_and_the_member_notified_at_once(
    net, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.post_reply(
            actor=net.bruno, thread=net.thread, body="@Mona Moderator what do you think?"
        )
    assert Mention.objects.filter(user=net.moderator).count() == 1
    to_mona = [m for m in mail.outbox if m.to == ["moderator@example.org"]]
    assert len(to_mona) == 1
    assert "mentioned" in to_mona[0].subject


def test_a_private_spaces_mention_of_an_outsider_is_ignored(
    net, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.post_reply(actor=net.trainee, thread=net.secret, body="Ask @Alice Martin?")
    assert not Mention.objects.filter(user=net.alice).exists()
    assert not [m for m in mail.outbox if "SECRET" in m.body]


def test_the_threads_author_hears_of_each_reply_at_once(net, django_capture_on_commit_callbacks):
    services._subscribe(net.alice, net.thread, net.thread.created_at)
    _reply(net, net.bruno, capture=django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [["alice@example.org"]]
    assert Notification.objects.get(user=net.alice).sent_at is not None


def test_the_reply_mail_is_in_the_recipients_language(net, django_capture_on_commit_callbacks):
    net.alice.preferred_language = "fr"
    net.alice.save()
    services._subscribe(net.alice, net.thread, net.thread.created_at)
    _reply(net, net.bruno, capture=django_capture_on_commit_callbacks)
    assert "Bonjour" in mail.outbox[0].body or "Nouvelle" in mail.outbox[0].subject


def test_a_digest_member_gets_nothing_at_once_then_one_daily_mail(
    net, django_capture_on_commit_callbacks
):
    Member.objects.filter(user=net.alice).update(digest=True)
    net.alice.refresh_from_db()
    services._subscribe(net.alice, net.thread, net.thread.created_at)
    _reply(net, net.bruno, "First", capture=django_capture_on_commit_callbacks)
    _reply(net, net.moderator, "Second", capture=django_capture_on_commit_callbacks)

    def to_alice():
        return [m for m in mail.outbox if m.to == ["alice@example.org"]]

    assert to_alice() == []
    assert services.send_digests() == 1
    assert len(to_alice()) == 1
    assert "First" in to_alice()[0].body
    assert "Second" in to_alice()[0].body
    assert services.send_digests() == 0
    assert len(to_alice()) == 1


def test_the_digest_task_sends_the_digests(net, django_capture_on_commit_callbacks):
    from jmdi.discussions.tasks import send_discussion_digests

    Member.objects.filter(user=net.alice).update(digest=True)
    services._subscribe(net.alice, net.thread, net.thread.created_at)
    _reply(net, net.bruno, capture=django_capture_on_commit_callbacks)
    send_discussion_digests.call_local()
    assert [m.to for m in mail.outbox] == [["alice@example.org"]]


def test_an_unsubscribed_author_hears_nothing_even_after_replying_again(
    net, django_capture_on_commit_callbacks
):
    services.set_subscription(actor=net.alice, thread=net.thread, active=False)
    _reply(net, net.alice, capture=django_capture_on_commit_callbacks)
    _reply(net, net.bruno, capture=django_capture_on_commit_callbacks)
    assert not [m for m in mail.outbox if m.to == ["alice@example.org"]]


def test_the_replier_is_never_told_of_their_own_reply(net, django_capture_on_commit_callbacks):
    _reply(net, net.bruno, capture=django_capture_on_commit_callbacks)
    _reply(net, net.bruno, capture=django_capture_on_commit_callbacks)
    assert not [m for m in mail.outbox if m.to == ["bruno@example.org"]]


def test_a_member_cannot_hide_a_post(net):
    with pytest.raises(PermissionDenied):
        services.set_hidden(actor=net.bruno, thread=net.thread, reply=net.reply, hidden=True)
    net.reply.refresh_from_db()
    assert not net.reply.hidden
    assert not ModerationLog.objects.exists()


def test_hiding_a_post_handles_its_flags_and_is_logged(net):
    flag = services.flag_post(actor=net.alice, thread=net.thread, reply=net.reply, reason="Rude")
    services.set_hidden(
        actor=net.moderator, thread=net.thread, reply=net.reply, hidden=True, reason="Rude"
    )
    net.reply.refresh_from_db()
    flag.refresh_from_db()
    assert net.reply.hidden
    assert flag.handled_by == net.moderator
    entry = ModerationLog.objects.get()
    assert (entry.actor, entry.action, entry.reply, entry.reason) == (
        net.moderator,
        "hide",
        net.reply,
        "Rude",
    )


def test_lock_and_pin_are_logged(net):
    services.set_locked(actor=net.moderator, thread=net.thread, locked=True)
    services.set_pinned(actor=net.pmu, thread=net.thread, pinned=True)
    assert list(ModerationLog.objects.order_by("pk").values_list("action", flat=True)) == [
        "lock",
        "pin",
    ]


def test_a_ban_sets_the_members_fields_keeps_history_and_stops_posting(net):
    services.ban_member(actor=net.moderator, user=net.alice, reason="Repeated abuse")
    member = Member.objects.get(user=net.alice)
    assert member.banned_at is not None
    assert member.banned_reason == "Repeated abuse"
    assert member.history.filter(banned_at__isnull=False).exists()
    assert ModerationLog.objects.filter(action="ban", member=net.alice).exists()
    permissions.forget(net.alice)
    assert not permissions.can_take_part(net.alice)
    services.unban_member(actor=net.moderator, user=net.alice)
    assert Member.objects.get(user=net.alice).banned_at is None
    assert permissions.can_take_part(net.alice)


def test_a_member_cannot_ban(net):
    with pytest.raises(PermissionDenied):
        services.ban_member(actor=net.bruno, user=net.alice, reason="x")
    assert Member.objects.get(user=net.alice).banned_at is None


def test_a_flag_needs_a_reason(net):
    with pytest.raises(ValidationError):
        services.flag_post(actor=net.alice, thread=net.thread, reason=" ")
    assert not Flag.objects.exists()


def test_an_ediscussion_summary_is_written_after_closing_and_published_by_the_pmu(net):
    opens, closes = window(-3, 5)
    ed = services.start_ediscussion(
        actor=net.moderator,
        topic=net.public,
        title="Involving diasporas",
        body="Welcome",
        language="en",
        opens_at=opens,
        closes_at=closes,
    )
    assert list(ed.moderators.all()) == [net.moderator]
    with pytest.raises(PermissionDenied):
        services.write_summary(actor=net.moderator, ediscussion=ed, summary="Too early")
    EDiscussion.objects.filter(pk=ed.pk).update(closes_at=window(0, -1)[1])
    ed.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.post_reply(actor=net.bruno, thread=ed.thread, body="Late")
    services.write_summary(actor=net.moderator, ediscussion=ed, summary="What we learnt")
    with pytest.raises(PermissionDenied):
        services.publish_summary(actor=net.moderator, ediscussion=ed)
    from jmdi.resources.models import Theme

    Theme.objects.get_or_create(slug="diasporas", defaults={"names": {"en": "Diasporas"}})
    services.publish_summary(actor=net.pmu, ediscussion=ed)
    ed.refresh_from_db()
    assert ed.summary == "What we learnt"
    assert ed.published_at is not None
    # It is now a published synthesis report of the resource library.
    resource = ed.summary_resource
    assert resource.status == "published"
    assert resource.kind == "synthesis_report"
    assert "What we learnt" in resource.texts.get(language=ed.thread.language).body


def test_a_member_cannot_start_an_ediscussion(net):
    opens, closes = window(0, 5)
    with pytest.raises(PermissionDenied):
        services.start_ediscussion(
            actor=net.bruno,
            topic=net.public,
            title="x",
            body="y",
            language="en",
            opens_at=opens,
            closes_at=closes,
        )


def test_a_new_member_without_verified_address_cannot_post(net):
    user = make_member("new@example.org", "New Person", verified=False)
    with pytest.raises(PermissionDenied):
        services.start_thread(actor=user, topic=net.public, title="x", body="y", language="en")
