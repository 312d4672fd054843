"""What the events add to the platform: the M4D Net's "Events" tab, the PMU's tasks
(outcomes to record, proposals to check), a member's registrations and proposals for
their data download, the measures of indicators 3.I6 and 3.I7, the demo, the synthetic
data and the benchmark pages."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jmdi.core.plugins import BenchmarkPage, DemoStep, GeneratorStep, NavEntry, Plugin
from jmdi.events import demo, inbox, selectors
from jmdi.events.measures import MEASURES


def _first_event() -> str:
    from jmdi.events.models import PUBLISHED, Event

    event = Event.objects.filter(status__in=PUBLISHED).order_by("pk").first()
    if event is None:
        return reverse("events:list")
    return reverse("events:detail", args=[event.pk])


PLUGIN = Plugin(
    net_sections=[NavEntry(_("Events"), lambda: reverse("events:list"), order=50)],
    inbox=inbox.SOURCES,
    member_data=[("events", selectors.member_data)],
    measures=MEASURES,
    demo_steps=[DemoStep("events", demo.demo_step)],
    generator_steps=[GeneratorStep("events", demo.generator_step, sizes=demo.SIZES)],
    benchmark_pages=[
        BenchmarkPage("events-calendar", lambda: reverse("events:list"), default=True),
        BenchmarkPage("event", _first_event, default=True),
    ],
)
