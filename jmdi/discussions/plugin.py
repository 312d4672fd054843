"""What the discussions add to the platform: the M4D Net's "Discussions" tab, the
moderators' reported posts in the PMU's inbox, a member's posts, flags and subscriptions
for their data download, the measures `discussions.posts` and `discussions.replies`, the
demo and synthetic data, and benchmark pages."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jmdi.core.plugins import BenchmarkPage, DemoStep, GeneratorStep, NavEntry, Plugin
from jmdi.discussions import demo, inbox, selectors
from jmdi.discussions.measures import MEASURES


def _busy_thread() -> str:
    thread = demo.busiest_thread()
    if thread is None:
        return reverse("discussions:list")
    return reverse("discussions:thread", args=[thread.pk])


def _topic() -> str:
    topic = demo.busiest_topic()
    if topic is None:
        return reverse("discussions:list")
    return reverse("discussions:topic", args=[topic.slug])


PLUGIN = Plugin(
    net_sections=[NavEntry(_("Discussions"), lambda: reverse("discussions:list"), order=30)],
    inbox=inbox.SOURCES,
    member_data=[("discussions", selectors.member_data)],
    measures=MEASURES,
    demo_steps=[DemoStep("discussions", demo.demo_step)],
    generator_steps=[GeneratorStep("discussions", demo.generator_step, sizes=demo.SIZES)],
    benchmark_pages=[
        BenchmarkPage("discussions-thread-busy", _busy_thread, default=True),
        BenchmarkPage("discussions-topic", _topic, default=True),
        BenchmarkPage("discussions-home", lambda: reverse("discussions:list")),
    ],
)
