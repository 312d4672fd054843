"""What the discussions leave waiting for someone: reported posts for the moderators to
handle (jmdi.core.inbox). Asked without a query, only the PMU can be told apart from
everyone else, so the source concerns the PMU; topic and e-discussion moderators find
their queue on the discussions' home page."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jmdi.core.plugins import InboxItem, InboxSource
from jmdi.core.scopes import scopes_of
from jmdi.discussions import selectors


def _concerned(user: Any) -> bool:
    return bool(scopes_of(user).is_pmu)


def _count(user: Any) -> int:
    return selectors.flags_waiting_for(user).count()


def _items(user: Any, limit: int) -> list[InboxItem]:
    return [
        InboxItem(
            title=flag.thread.title,
            url=reverse("discussions:queue"),
            detail=flag.reason[:120],
            due=None,
        )
        for flag in selectors.moderation_queue(user)[:limit]
    ]


SOURCES = [
    InboxSource(
        kind="discussions.flags",
        label=_("Reported posts to moderate"),
        concerns=_concerned,
        count=_count,
        items=_items,
        more=lambda user: reverse("discussions:queue"),
        order=80,
    )
]
