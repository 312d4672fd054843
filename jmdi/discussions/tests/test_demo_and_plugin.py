"""The demo makes the discussions look alive, the generator writes in bulk and adds
nothing on a second run, and the plug-in's measures, inbox and data download."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.urls import reverse
from django.utils import timezone

from jmdi.core.measures import Cell, Period, Scope
from jmdi.core.plugins import DemoContext, GeneratorContext, plugins
from jmdi.discussions import demo, services
from jmdi.discussions.measures import POSTS, REPLIES
from jmdi.discussions.models import EDiscussion, Flag, Reply, Thread, Topic

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("programme_once_per_module")]


def _plugin():
    return dict(plugins())["discussions"]


def test_the_demo_writes_topics_threads_in_four_languages_ediscussions_and_a_flag(pmu):
    context = DemoContext(password="demo-pass-123", say=lambda text: None)
    demo.demo_step(context)
    assert Topic.objects.filter(private=False).count() == 5
    space = Topic.objects.get(private=True)
    assert space.members.count() >= 3
    assert set(Thread.objects.values_list("language", flat=True)) == {"en", "fr", "es", "ar"}
    assert Thread.objects.count() >= 25
    assert Reply.objects.count() >= 50
    closed = EDiscussion.objects.get(
        thread__title="Involving diasporas in local development planning"
    )
    assert closed.is_closed()
    assert closed.summary
    assert closed.thread.replies.count() == 6
    assert EDiscussion.objects.filter(closes_at__gt=timezone.now()).count() == 1
    assert Flag.objects.filter(handled_at__isnull=True).count() == 1
    threads = Thread.objects.count()
    demo.demo_step(context)
    assert Thread.objects.count() == threads


def test_the_demo_pages_answer(client, pmu):
    demo.demo_step(DemoContext(password="demo-pass-123", say=lambda text: None))
    assert client.get(reverse("discussions:list")).status_code == 200
    closed = Thread.objects.get(title="Involving diasporas in local development planning")
    page = client.get(reverse("discussions:thread", args=[closed.pk])).content.decode()
    assert "Summary of the e-discussion" in page
    private = Thread.objects.filter(topic__private=True).first()
    assert client.get(reverse("discussions:thread", args=[private.pk])).status_code == 404
    client.force_login(pmu)
    assert client.get(reverse("discussions:queue")).status_code == 200
    for page in _plugin().benchmark_pages:
        assert client.get(page.path()).status_code == 200, page.name


def test_the_generator_writes_its_posts_once(net):
    context = GeneratorContext(
        scale="small",
        rng=random.Random(1),
        progress=lambda text: None,
        sizes={"posts": 400, "busy_replies": 150},
    )
    demo.generator_step(context)
    topic = Topic.objects.get(slug="synthetic-small")
    threads = Thread.objects.filter(topic=topic)
    replies = Reply.objects.filter(thread__topic=topic)
    assert threads.count() + replies.count() == 400
    assert threads.order_by("-reply_count").first().reply_count == 150
    assert all(t.reply_count == t.replies.count() for t in threads)
    demo.generator_step(context)
    assert threads.count() + replies.count() == 400


def _scope(viewer=None):
    year = dt.date.today().year
    period = Period(f"{year}", "year", dt.date(year, 1, 1), dt.date(year, 12, 31))
    return Scope(programme="jmdi-2", periods=(period,), countries=("MA", "SN"), viewer=viewer)


def test_the_measures_count_threads_and_replies_by_the_authors_country(net):
    services.start_thread(actor=net.bruno, topic=net.public, title="t", body="b", language="en")
    services.post_reply(actor=net.alice, thread=net.thread, body="r")
    scope = _scope()
    posts = POSTS.values(scope)
    replies = REPLIES.values(scope)
    period = scope.periods[0].code
    # net: alice (MA) wrote the first thread, trainee (MA) the private one, bruno (SN) one.
    assert posts[Cell("SN", period)] == 1
    assert posts[Cell("MA", period)] == 2
    assert replies[Cell("MA", period)] == 1
    # The drill-down shows an anonymous viewer no private thread.
    records = POSTS.records(_scope(viewer=None), Cell("MA", period))
    assert "SECRET-TRAINEE-THREAD" not in set(records.values_list("title", flat=True))


def test_the_measures_are_named_as_the_results_framework_reads_them():
    assert [m.name for m in _plugin().measures] == ["discussions.posts", "discussions.replies"]


def test_the_pmus_inbox_counts_the_flags_waiting(net):
    Flag.objects.create(thread=net.thread, reporter=net.alice, reason="r")
    (source,) = _plugin().inbox
    assert source.concerns(net.pmu)
    assert not source.concerns(net.alice)
    assert source.count(net.pmu) == 1
    assert source.items(net.pmu, 10)[0].title == net.thread.title


def test_the_data_download_holds_the_persons_posts_flags_and_subscriptions(net):
    services.flag_post(actor=net.bruno, thread=net.thread, reason="Off topic")
    services.set_subscription(actor=net.bruno, thread=net.thread, active=False)
    ((name, fn),) = _plugin().member_data
    data = fn(net.bruno)
    assert name == "discussions"
    assert [r["body"] for r in data["replies"]] == ["We did it in 2023."]
    assert data["flags"][0]["reason"] == "Off topic"
    assert data["subscriptions"] == [{"thread": net.thread.pk, "active": False}]
    assert fn(net.alice)["threads"][0]["title"] == "Migration in the municipal plan"


def test_the_discussions_tab_is_among_the_net_sections():
    (entry,) = _plugin().net_sections
    assert entry.order == 30
    assert entry.url() == reverse("discussions:list")
