"""What a selection round leaves waiting for someone: the scoresheets a reviewer has still
to submit (jmdi.core.inbox)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jmdi.core.plugins import InboxItem, InboxSource
from jmdi.core.roles import Role
from jmdi.core.scopes import scopes_of
from jmdi.selection import selectors


def _concerned(user: Any) -> bool:
    # Only reviewers and focal points are assigned to rounds (services.assign_reviewer).
    return scopes_of(user).has(Role.REVIEWER, Role.FOCAL_POINT)


def _count(user: Any) -> int:
    return selectors.scoresheets_to_submit(user).count()


def _items(user: Any, limit: int) -> list[InboxItem]:
    today = timezone.localdate()
    return [
        InboxItem(
            title=candidate.initiative.localized_title,
            url=reverse(
                "selection:scoresheet",
                args=[candidate.round.programme.code, candidate.round_id, candidate.pk],
            ),
            detail=candidate.round.title,
            due=candidate.round.closes_on,
            overdue=candidate.round.closes_on is not None and candidate.round.closes_on < today,
        )
        for candidate in selectors.scoresheets_to_submit(user).select_related("round__programme")[
            :limit
        ]
    ]


SOURCES = [
    InboxSource(
        kind="selection.scoresheets",
        label=_("Scores to submit"),
        concerns=_concerned,
        count=_count,
        items=_items,
        order=10,
    )
]
