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

    def when(value: Any) -> str | None:
        return value.isoformat() if value else None

    requests = [
        {
            "id": item.pk,
            "subject": item.subject,
            "topic": item.topic,
            "country": str(item.country),
            "urgency": item.urgency,
            "description": item.description,
            "status": item.status,
            "submitted_at": when(item.submitted_at),
            "first_response_at": when(item.first_response_at),
            "resolved_at": when(item.resolved_at),
        }
        for item in SupportRequest.objects.filter(requester=user).order_by("submitted_at", "pk")
    ]
    messages = [
        {
            "request": message.request_id,
            "kind": message.kind,
            "body": message.body,
            "written_at": when(message.created_at),
            "mine": message.author_id == user.pk,
        }
        for message in Message.objects.filter(request__requester=user).order_by("created_at", "pk")
    ]
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
