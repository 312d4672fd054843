"""What the resources add: the M4D Net's "Resources" tab, resources waiting for the PMU's
review in its inbox, what they hold about a member, the measures of indicator 3.I5 and
of downloads, the demo's knowledge products, synthetic resources at scale and benchmark
pages."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jmdi.core.plugins import (
    BenchmarkPage,
    DemoStep,
    GeneratorStep,
    InboxItem,
    InboxSource,
    NavEntry,
    Plugin,
)
from jmdi.resources import demo, permissions, selectors
from jmdi.resources.measures import MEASURES


def _waiting_count(user: Any) -> int:
    return selectors.review_queue().count()


def _waiting_items(user: Any, limit: int) -> list[InboxItem]:
    items = []
    for resource in selectors.review_queue()[:limit]:
        text = resource.original
        items.append(
            InboxItem(
                title=text.title if text else resource.slug,
                url=reverse("resources:decide", args=[resource.slug]),
                detail=str(resource.get_kind_display()),
                due=None,
            )
        )
    return items


def _first_resource() -> str:
    from jmdi.resources.models import Resource

    resource = Resource.objects.filter(status="published").order_by("pk").first()
    if resource is None:
        return reverse("resources:list")
    return reverse("resources:detail", args=[resource.slug])


PLUGIN = Plugin(
    net_sections=[NavEntry(_("Resources"), lambda: reverse("resources:list"), order=20)],
    inbox=[
        InboxSource(
            kind="resources.review",
            label=_("Resources waiting for review"),
            concerns=permissions.is_pmu,
            count=_waiting_count,
            items=_waiting_items,
            more=lambda user: reverse("resources:queue"),
            order=60,
        )
    ],
    member_data=[("resources", selectors.member_data)],
    measures=MEASURES,
    demo_steps=[DemoStep("resources", demo.demo_step)],
    generator_steps=[GeneratorStep("resources", demo.generator_step, sizes=demo.SIZES)],
    benchmark_pages=[
        BenchmarkPage("resources-library", lambda: reverse("resources:list"), default=True),
        BenchmarkPage("resource", _first_resource, default=True),
    ],
)
