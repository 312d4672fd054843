"""What the M4D Net adds: one entry in the main navigation for everyone (the community is
public), its home and member directory as tabs of the community's own navigation (the
other M4D Net apps add theirs, `net_sections`), a home panel inviting a signed-up person
to complete their profile, the members waiting for the PMU's verification in its inbox,
the usage measures of Output 3, its demo and synthetic members and activity, and
benchmark pages."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jmdi.community import demo, permissions
from jmdi.community.measures import MEASURES
from jmdi.core.plugins import (
    BenchmarkPage,
    DemoStep,
    GeneratorStep,
    HomePanel,
    InboxItem,
    InboxSource,
    NavEntry,
    Plugin,
)


def _join_panel(request: Any) -> dict[str, Any] | None:
    """For a signed-up person who has not joined yet; the programme's staff, who work on
    the platform's other pages, are not invited (and cost no query)."""
    from jmdi.core.roles import Role
    from jmdi.core.scopes import scopes_of

    user = request.user
    if not user.is_authenticated or scopes_of(user).roles - {Role.MEMBER}:
        return None
    return {} if permissions.can_join(user) else None


def _waiting() -> Any:
    from jmdi.community.selectors import awaiting_verification

    return awaiting_verification()


def _count(user: Any) -> int:
    return _waiting().count() if permissions.can_verify(user) else 0


def _items(user: Any, limit: int) -> list[InboxItem]:
    if not permissions.can_verify(user):
        return []
    return [
        InboxItem(
            title=member.user.full_name or str(_("member")),
            url=reverse("community:verifications"),
            detail=str(member.get_stakeholder_type_display()),
        )
        for member in _waiting()[:limit]
    ]


PLUGIN = Plugin(
    nav=[NavEntry(_("M4D Net"), lambda: reverse("community:home"), order=5)],
    net_sections=[
        NavEntry(_("Overview"), lambda: reverse("community:home"), order=0),
        NavEntry(
            _("Members"),
            lambda: reverse("community:directory"),
            order=60,
            section=lambda: [reverse("community:join"), reverse("community:me")],
        ),
    ],
    home_panels=[HomePanel("join-m4dnet", "community/_join_panel.html", _join_panel, order=5)],
    inbox=[
        InboxSource(
            kind="community.verifications",
            label=_("Members to verify"),
            concerns=permissions.can_verify,
            count=_count,
            items=_items,
            more=lambda user: reverse("community:verifications"),
            order=85,
        )
    ],
    measures=MEASURES,
    demo_steps=[DemoStep("community", demo.demo_step)],
    generator_steps=[GeneratorStep("community", demo.generator_step, sizes=demo.SIZES)],
    benchmark_pages=[
        BenchmarkPage("net-home", lambda: reverse("community:home"), default=True),
        BenchmarkPage("members", lambda: reverse("community:directory"), default=True),
        BenchmarkPage(
            "members-filtered",
            lambda: reverse("community:directory") + "?stakeholder_type=local_authority&country=SN",
            default=True,
        ),
    ],
)
