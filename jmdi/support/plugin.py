"""What the support facility adds: its tab in the M4D Net, the tasks it leaves waiting
(requests to triage for the PMU, referrals for the focal points), what it holds about a
person for their data download, its measures, its demo and synthetic data, and the PMU's
queue as a benchmark page."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jmdi.core.plugins import BenchmarkPage, DemoStep, GeneratorStep, NavEntry, Plugin
from jmdi.support import demo, inbox
from jmdi.support.measures import MEASURES


def member_data(user: Any) -> dict[str, Any]:
    """The person's requests, with their messages (their own and the answers)."""
    from jmdi.support.models import Message, SupportRequest

    requests = list(
        SupportRequest.objects.filter(requester=user)
        .order_by("submitted_at", "pk")
        .values("pk", "subject", "topic", "country", "urgency", "description", "status",
                "submitted_at", "first_response_at", "resolved_at")
    )  # fmt: skip
    messages = list(
        Message.objects.filter(request__requester=user)
        .order_by("created_at", "pk")
        .values("request_id", "kind", "body", "created_at")
    )
    for row in requests:
        row["country"] = str(row["country"])
        for key in ("submitted_at", "first_response_at", "resolved_at"):
            row[key] = row[key].isoformat() if row[key] else None
    for row in messages:
        row["created_at"] = row["created_at"].isoformat()
    return {"requests": requests, "messages": messages}


PLUGIN = Plugin(
    net_sections=[
        NavEntry(
            _("Support"),
            lambda: reverse("support:list"),
            order=40,
            section=lambda: [reverse("support:list")],
        )
    ],
    inbox=inbox.SOURCES,
    member_data=[("support", member_data)],
    measures=MEASURES,
    demo_steps=[DemoStep("support", demo.demo_step)],
    generator_steps=[GeneratorStep("support", demo.generator_step, sizes=demo.SIZES)],
    benchmark_pages=[
        BenchmarkPage("support-queue", lambda: reverse("support:queue"), default=True),
        BenchmarkPage("support-faq", lambda: reverse("support:faq")),
    ],
)
