"""Resources for tests, written through the services."""

from __future__ import annotations

from typing import Any

from jmdi.resources import services
from jmdi.resources.models import Resource

PASSWORD = "correct-horse-battery"


def make_member(user: Any, *, email: str = "", banned: bool = False) -> Any:
    from django.utils import timezone

    from jmdi.accounts.services import create_person
    from jmdi.community.models import Member

    if user is None:
        user = create_person(
            actor=None,
            email=email,
            full_name=email.split("@")[0].title(),
            password=PASSWORD,
            verified=True,
        )
    Member.objects.create(
        user=user,
        stakeholder_type="local_authority",
        country="MA",
        banned_at=timezone.now() if banned else None,
    )
    return user


def published(
    pmu: Any,
    author: Any,
    theme: Any,
    *,
    title: str = "A guide",
    kind: str = "guide",
    body: str = "<p>Body of the guide.</p>",
    quality: str | None = None,
) -> Resource:
    resource = services.propose_resource(
        actor=author,
        theme=theme,
        kind=kind,
        language="en",
        title=title,
        summary=f"Summary of {title}",
        body_html=body,
    )
    services.submit_for_review(actor=author, resource=resource)
    services.publish(actor=pmu, resource=resource)
    if quality:
        services.review_quality(
            actor=pmu,
            resource=resource,
            relevance=True,
            evidence=True,
            clarity=True,
            translations=True,
            outcome=quality,
            comment="Lacks evidence." if quality == "failed" else "",
        )
    resource.refresh_from_db()
    return resource
