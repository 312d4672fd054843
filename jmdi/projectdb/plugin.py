"""What the project database adds: its tab of the M4D Net, the PMU's suggestions waiting
in the inbox, the "peers you could partner with" panel of a member's page, its demo and
synthetic data, and benchmark pages (a faceted search, a cross-language query, a project)."""

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
    ProfilePanel,
)
from jmdi.projectdb import demo, permissions


def _list(query: str = "") -> Any:
    return lambda: reverse("projectdb:list") + query


def _first_project() -> str:
    from jmdi.initiatives.models import Initiative

    pk = (
        Initiative.objects.filter(published=True)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    return reverse("projectdb:detail", args=[pk or 0])


def _pending() -> Any:
    from jmdi.projectdb.models import ProjectSuggestion

    return ProjectSuggestion.objects.filter(status=ProjectSuggestion.Status.PENDING)


def _concerns(user: Any) -> bool:
    return permissions.can_moderate(user)


def _count(user: Any) -> int:
    return _pending().count() if permissions.can_moderate(user) else 0


def _items(user: Any, limit: int) -> list[InboxItem]:
    if not permissions.can_moderate(user):
        return []
    return [
        InboxItem(
            title=suggestion.title,
            url=reverse("projectdb:suggestions"),
            detail=str(_("Suggested project")),
            due=None,
            overdue=False,
        )
        for suggestion in _pending().order_by("created_at")[:limit]
    ]


def _peers_panel(request: Any, member_user: Any) -> dict[str, Any] | None:
    from jmdi.projectdb.selectors import peers_for

    member = getattr(member_user, "member", None)
    if member is None or not member.country:
        return None
    themes = {t.code for t in member.topics.all()}
    peers = peers_for(
        themes=themes,
        country_code=str(member.country),
        pair_countries=set(),
        exclude_org=member.organisation_id,
    )
    return {"peers": peers} if peers else None


PLUGIN = Plugin(
    net_sections=[NavEntry(_("Projects"), _list(), order=10)],
    inbox=[
        InboxSource(
            kind="projectdb.suggestions",
            label=_("Suggested projects to decide"),
            concerns=_concerns,
            count=_count,
            items=_items,
            more=lambda user: reverse("projectdb:suggestions"),
            order=80,
        )
    ],
    profile_panels=[ProfilePanel("peers", "projectdb/_peers_panel.html", _peers_panel, order=20)],
    demo_steps=[DemoStep("projectdb", demo.demo_step)],
    generator_steps=[GeneratorStep("projectdb", demo.generator_step, sizes=demo.SIZES)],
    benchmark_pages=[
        BenchmarkPage("projects", _list(), default=True),
        BenchmarkPage(
            "projects-facets", _list("?country=MA&theme=return_reintegration"), default=True
        ),
        BenchmarkPage("projects-search", _list("?q=migrants+de+retour&country=MA")),
        BenchmarkPage(
            "projects-cross-language",
            _list("?q=accompagnement+des+migrants+de+retour+vers+l%27emploi"),
            default=True,
        ),
        BenchmarkPage("project", _first_project, default=True),
    ],
)
