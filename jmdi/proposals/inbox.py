"""What project documents leave waiting for someone: a draft to finish or send back for the
grantee, a submitted document to review for the country's focal point, a reviewed one to
validate for the PMU (jmdi.core.inbox)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jmdi.core.plugins import InboxItem, InboxSource
from jmdi.core.roles import Role
from jmdi.core.scopes import scopes_of
from jmdi.proposals import selectors


def _concerned(user: Any) -> bool:
    scopes = scopes_of(user)
    return (
        scopes.is_pmu
        or bool(scopes.countries_for(Role.FOCAL_POINT))
        or bool(scopes.organisations_for(Role.GRANTEE))
    )


def _count(user: Any) -> int:
    return selectors.count_waiting_for(user)


def _items(user: Any, limit: int) -> list[InboxItem]:
    documents = selectors.documents_waiting_for(user).select_related("initiative__programme")
    return [
        InboxItem(
            title=document.initiative.localized_title,
            url=reverse("proposals:detail", args=[document.initiative.programme.code, document.pk]),
            detail=str(document.get_status_display()),
        )
        for document in documents[:limit]
    ]


SOURCES = [
    InboxSource(
        kind="proposals.documents",
        label=_("Project documents waiting for you"),
        concerns=_concerned,
        count=_count,
        items=_items,
        order=20,
    )
]
