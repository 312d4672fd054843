"""The discussions' pages for each kind of person: who reads what, what a refused page
leaves out, forged POSTs, and query counts that do not grow with the data."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jmdi.community.models import Member
from jmdi.discussions.models import EDiscussion, Flag, ModerationLog, Reply, Thread
from jmdi.discussions.tests.conftest import ROLES, make_member, make_thread, person, window

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("programme_once_per_module")]


def url(name, *args):
    return reverse(f"discussions:{name}", args=args)


@pytest.fixture
def as_role(client, net):
    def sign_in(role):
        if role != "anonymous":
            client.force_login(person(net, role))
        return client

    return sign_in


@pytest.mark.parametrize("role", ROLES)
def test_everyone_reads_the_public_pages(as_role, net, role):
    client = as_role(role)
    for page in (url("list"), url("topic", "local-planning"), url("thread", net.thread.pk)):
        response = client.get(page)
        assert response.status_code == 200, page
        assert "Migration in the municipal plan" in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_the_private_space_does_not_exist_for_others(as_role, net, role):
    client = as_role(role)
    sees = role in ("trainee", "pmu")
    for page in (url("topic", "trainees-2026"), url("thread", net.secret.pk)):
        response = client.get(page)
        assert response.status_code == (200 if sees else 404)
        if not sees:
            assert "SECRET" not in response.content.decode()
    home = client.get(url("list")).content.decode()
    assert ("Topic trainees-2026" in home) is sees
    assert ("SECRET-TRAINEE-THREAD" in home) is sees
    found = client.get(url("list"), {"q": "SECRET"}).content.decode()
    assert ("SECRET-TRAINEE-THREAD" in found) is sees


def test_private_threads_are_not_counted_in_the_topic_counts(client, net):
    make_thread(net.space, net.trainee, title="Another private one")
    response = client.get(url("list"))
    topics = {t.slug: t.thread_count for t in response.context["topics"]}
    assert topics == {"local-planning": 1}


def test_an_outsider_cannot_reply_flag_or_post_in_the_private_space(client, net):
    client.force_login(net.alice)
    assert client.post(url("reply", net.secret.pk), {"body": "hi"}).status_code == 404
    assert client.post(url("flag_thread", net.secret.pk), {"reason": "x"}).status_code == 404
    assert client.post(url("new", "trainees-2026"), {"title": "x"}).status_code == 404
    assert not Reply.objects.filter(thread=net.secret).exists()


def test_a_member_starts_a_thread_and_replies(client, net):
    client.force_login(net.bruno)
    response = client.post(
        url("new", "local-planning"),
        {"title": "Our one-stop shop", "body": "First paragraph.\n\nSecond.", "language": "fr"},
    )
    thread = Thread.objects.get(title="Our one-stop shop")
    assert response.status_code == 302
    response = client.post(url("reply", thread.pk), {"body": "A follow-up"}, follow=True)
    assert response.status_code == 200
    assert "A follow-up" in response.content.decode()
    thread.refresh_from_db()
    assert thread.reply_count == 1


def test_a_body_is_escaped_and_its_paragraphs_kept(client, net):
    Reply.objects.create(
        thread=net.thread, author=net.bruno, body="<script>alert(1)</script>\n\nNext"
    )
    body = client.get(url("thread", net.thread.pk)).content.decode()
    assert "<script>alert(1)" not in body
    assert "&lt;script&gt;" in body
    assert "<p>Next</p>" in body


@pytest.mark.parametrize("role", ["anonymous", "outsider", "unverified", "banned"])
def test_those_who_may_not_post_are_refused_a_forged_post(as_role, net, role):
    client = as_role(role)
    response = client.post(url("reply", net.thread.pk), {"body": "forged"})
    assert response.status_code in (302, 403)
    response = client.post(
        url("new", "local-planning"), {"title": "forged", "body": "forged", "language": "en"}
    )
    assert response.status_code in (302, 403)
    assert not Reply.objects.filter(body="forged").exists()
    assert not Thread.objects.filter(title="forged").exists()


def test_a_member_forging_a_hide_is_refused(client, net):
    client.force_login(net.bruno)
    response = client.post(url("moderate_reply", net.reply.pk, "hide"))
    assert response.status_code == 403
    response = client.post(url("moderate_thread", net.thread.pk, "lock"))
    assert response.status_code == 403
    net.reply.refresh_from_db()
    net.thread.refresh_from_db()
    assert not net.reply.hidden
    assert not net.thread.locked


def test_a_member_forging_a_ban_is_refused(client, net):
    client.force_login(net.bruno)
    response = client.post(url("ban", net.alice.pk), {"reason": "x"})
    assert response.status_code == 403
    assert Member.objects.get(user=net.alice).banned_at is None


def test_a_hidden_reply_shows_its_content_only_to_moderators(client, net):
    net.reply.hidden = True
    net.reply.save()
    body = client.get(url("thread", net.thread.pk)).content.decode()
    assert "We did it in 2023." not in body
    assert "hidden by a moderator" in body
    client.force_login(net.moderator)
    assert "We did it in 2023." in client.get(url("thread", net.thread.pk)).content.decode()


def test_a_hidden_thread_leaves_the_lists_of_non_moderators(client, net):
    net.thread.hidden = True
    net.thread.save()
    assert "Migration in the municipal plan" not in client.get(url("list")).content.decode()
    page = client.get(url("thread", net.thread.pk)).content.decode()
    assert "Migration in the municipal plan" not in page
    client.force_login(net.moderator)
    assert "Migration in the municipal plan" in client.get(url("list")).content.decode()


def test_a_moderator_handles_a_flag_from_the_queue(client, net):
    client.force_login(net.alice)
    client.post(url("flag_reply", net.reply.pk), {"reason": "Spam link"})
    flag = Flag.objects.get()
    client.force_login(net.moderator)
    queue = client.get(url("queue")).content.decode()
    assert "Spam link" in queue
    response = client.post(
        url("moderate_reply", net.reply.pk, "hide"), {"next": url("queue"), "reason": "spam"}
    )
    assert response.url == url("queue")
    flag.refresh_from_db()
    assert flag.handled_at is not None
    log = client.get(url("log")).content.decode()
    assert "Hid a post" in log


@pytest.mark.parametrize("role", ["anonymous", "member", "trainee"])
def test_the_moderation_pages_are_refused_to_non_moderators(as_role, net, role):
    Flag.objects.create(thread=net.thread, reply=net.reply, reporter=net.alice, reason="SECRETFLAG")
    client = as_role(role)
    for page in (url("queue"), url("log")):
        response = client.get(page)
        assert response.status_code in (302, 403)
        assert "SECRETFLAG" not in response.content.decode()


def test_a_topic_moderator_sees_only_flags_of_their_topics(client, net):
    from jmdi.discussions.tests.conftest import make_topic

    other = make_thread(make_topic("elsewhere"), net.alice, title="Elsewhere")
    Flag.objects.create(thread=other, reporter=net.bruno, reason="OTHER-FLAG")
    Flag.objects.create(thread=net.thread, reporter=net.bruno, reason="OUR-FLAG")
    client.force_login(net.moderator)
    body = client.get(url("queue")).content.decode()
    assert "OUR-FLAG" in body
    assert "OTHER-FLAG" not in body


def test_a_moderator_bans_a_member_who_then_cannot_reply(client, net):
    client.force_login(net.moderator)
    response = client.post(url("ban", net.bruno.pk), {"reason": "Insults"})
    assert response.status_code == 302
    assert ModerationLog.objects.filter(action="ban", member=net.bruno).exists()
    client.force_login(net.bruno)
    assert client.post(url("reply", net.thread.pk), {"body": "still here"}).status_code == 403


def test_the_honeypot_stops_a_robot(client, net):
    client.force_login(net.bruno)
    response = client.post(url("reply", net.thread.pk), {"body": "buy now", "website": "x"})
    assert response.status_code == 200
    assert not Reply.objects.filter(body="buy now").exists()


def test_replies_are_rate_limited(client, net, settings):
    client.force_login(net.bruno)
    for n in range(30):
        assert client.post(url("reply", net.thread.pk), {"body": f"r{n}"}).status_code == 302
    assert client.post(url("reply", net.thread.pk), {"body": "one too many"}).status_code == 429
    assert not Reply.objects.filter(body="one too many").exists()


def test_threads_are_rate_limited(client, net):
    client.force_login(net.bruno)
    data = {"body": "b", "language": "en"}
    for n in range(5):
        response = client.post(url("new", "local-planning"), {**data, "title": f"t{n}"})
        assert response.status_code == 302
    response = client.post(url("new", "local-planning"), {**data, "title": "sixth"})
    assert response.status_code == 429


def test_unsubscribing_from_a_thread(client, net):
    from jmdi.discussions.models import Subscription

    client.force_login(net.alice)
    client.post(url("subscription", net.thread.pk), {"active": "1"})
    assert Subscription.objects.get(user=net.alice, thread=net.thread).active
    client.post(url("subscription", net.thread.pk), {"active": "0"})
    assert not Subscription.objects.get(user=net.alice, thread=net.thread).active


def test_an_ediscussion_outside_its_window_refuses_replies(client, net):
    opens, closes = window(-10, -1)
    EDiscussion.objects.create(thread=net.thread, opens_at=opens, closes_at=closes)
    client.force_login(net.bruno)
    page = client.get(url("thread", net.thread.pk)).content.decode()
    assert "takes replies only while it is open" in page
    assert client.post(url("reply", net.thread.pk), {"body": "late"}).status_code == 403


def test_a_moderator_writes_the_summary_and_the_pmu_publishes_it(client, net):
    from jmdi.resources.models import Theme

    Theme.objects.create(slug="diasporas", names={"en": "Diasporas"})
    opens, closes = window(-10, -1)
    ed = EDiscussion.objects.create(thread=net.thread, opens_at=opens, closes_at=closes)
    ed.moderators.add(net.alice)
    client.force_login(net.alice)
    response = client.post(url("summary", net.thread.pk), {"summary": "We agreed on three things."})
    assert response.status_code == 302
    assert client.post(url("publish", net.thread.pk)).status_code == 403
    client.force_login(net.pmu)
    client.post(url("publish", net.thread.pk))
    ed.refresh_from_db()
    assert ed.summary == "We agreed on three things."
    assert ed.published_at is not None
    assert "We agreed on three things." in client.get(url("thread", net.thread.pk)).content.decode()


def test_an_author_edits_their_reply_but_not_anothers(client, net):
    client.force_login(net.alice)
    assert client.post(url("edit_reply", net.reply.pk), {"body": "changed"}).status_code == 403
    client.force_login(net.bruno)
    assert client.post(url("edit_reply", net.reply.pk), {"body": "changed"}).status_code == 302
    net.reply.refresh_from_db()
    assert net.reply.body == "changed"
    assert net.reply.edited_at is not None


# --- Query counts --------------------------------------------------------------------------


def _crowd(net, threads: int, replies: int):
    authors = [make_member(f"p{n}@example.org", f"Person {n}") for n in range(4)]
    Thread.objects.bulk_create(
        [
            Thread(topic=net.public, author=authors[n % 4], title=f"T{n}", body="b", language="en")
            for n in range(threads)
        ]
    )
    Reply.objects.bulk_create(
        [Reply(thread=net.thread, author=authors[n % 4], body=f"R{n}") for n in range(replies)]
    )


@pytest.mark.parametrize("role", ["anonymous", "member", "moderator", "pmu"])
def test_the_pages_query_counts_do_not_grow_with_the_data(
    as_role, net, role, django_assert_max_num_queries
):
    _crowd(net, threads=60, replies=120)
    client = as_role(role)
    with django_assert_max_num_queries(10):
        assert client.get(url("list")).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(url("topic", "local-planning")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(url("thread", net.thread.pk)).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(url("thread", net.thread.pk), {"page": 2}).status_code == 200


def test_the_moderation_queue_and_log_query_counts_are_pinned(
    client, net, django_assert_max_num_queries
):
    _crowd(net, threads=0, replies=30)
    for reply in Reply.objects.all()[:20]:
        Flag.objects.create(thread=net.thread, reply=reply, reporter=net.alice, reason="r")
        ModerationLog.objects.create(
            actor=net.moderator, action="hide", thread=net.thread, reply=reply
        )
    client.force_login(net.moderator)
    with django_assert_max_num_queries(10):
        assert client.get(url("queue")).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(url("log")).status_code == 200


def test_a_topic_moderator_schedules_an_ediscussion_and_a_member_cannot(client, net):
    data = {
        "title": "Involving diasporas",
        "body": "Welcome",
        "language": "en",
        "opens_at": "2030-01-10T09:00",
        "closes_at": "2030-01-24T18:00",
    }
    client.force_login(net.bruno)
    assert client.post(url("new_ediscussion", "local-planning"), data).status_code == 403
    client.force_login(net.moderator)
    response = client.post(url("new_ediscussion", "local-planning"), data)
    assert response.status_code == 302
    ed = EDiscussion.objects.get(thread__title="Involving diasporas")
    assert list(ed.moderators.all()) == [net.moderator]
    data["title"], data["closes_at"] = "Backwards", "2030-01-01T09:00"
    response = client.post(url("new_ediscussion", "local-planning"), data)
    assert response.status_code == 200
    assert not EDiscussion.objects.filter(thread__title="Backwards").exists()


def test_a_hidden_threads_title_is_not_shown_on_its_flag_form(client, net):
    net.thread.hidden = True
    net.thread.save()
    client.force_login(net.bruno)
    response = client.get(url("flag_thread", net.thread.pk))
    assert response.status_code == 403
    assert "Migration in the municipal plan" not in response.content.decode()
