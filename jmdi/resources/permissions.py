"""Who reads and acts on the M4D Net's resources. One rule per action, used by the views
and the services alike.

- Everyone, signed in or not, reads published resources and downloads their files.
- A signed-in person who may post (`community.selectors.can_post`: not banned, not
  gone) proposes a resource, as a draft, and edits their own drafts.
- An editor (a member the PMU made one) edits any draft, and the texts of published
  resources (translations, corrections).
- The PMU does all of that, reviews what is submitted (publish, or return with a
  comment), archives, names editors and reviews the quality of knowledge products; a
  knowledge product's named quality reviewer reviews its quality too.
- A draft or a resource in review is read only by those who may edit or review it;
  anyone else is answered 404.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from jmdi.community.selectors import can_post
from jmdi.core.scopes import scopes_of


def is_pmu(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and scopes_of(user).is_pmu)


def is_editor(user: Any) -> bool:
    """Cached on the user object for the request."""
    if user is None or not user.is_authenticated:
        return False
    cached = getattr(user, "_resources_editor", None)
    if cached is None:
        from jmdi.resources.models import Editor

        cached = Editor.objects.filter(user_id=user.pk).exists()
        user._resources_editor = cached
    return bool(cached)


def _is_author(user: Any, resource: Any) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if resource.created_by_id == user.pk:
        return True
    return resource.authors.filter(pk=user.pk).exists()


def can_propose(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and can_post(user))


def can_view(user: Any, resource: Any) -> bool:
    if resource.status == "published":
        return True
    if is_pmu(user):
        return True
    if resource.status == "archived":
        return is_editor(user)
    return (
        can_edit(user, resource)
        or can_quality_review(user, resource)
        or (resource.status == "in_review" and _is_author(user, resource))
    )


def can_edit(user: Any, resource: Any) -> bool:
    """Its texts, attachments and settings."""
    if not can_propose(user):
        return False
    if is_pmu(user):
        return resource.status != "archived"
    if resource.status == "draft":
        return is_editor(user) or _is_author(user, resource)
    if resource.status in ("in_review", "published"):
        return is_editor(user)
    return False


def can_submit(user: Any, resource: Any) -> bool:
    return resource.status == "draft" and can_edit(user, resource)


def can_review(user: Any, resource: Any) -> bool:
    """Publish, or return to its authors with a comment."""
    return resource.status == "in_review" and is_pmu(user)


def can_publish_directly(user: Any) -> bool:
    """Publish a text written elsewhere (an e-discussion's consolidated summary)."""
    return is_pmu(user)


def can_archive(user: Any, resource: Any) -> bool:
    return resource.status == "published" and is_pmu(user)


def can_quality_review(user: Any, resource: Any) -> bool:
    if not resource.is_knowledge_product or resource.status not in ("in_review", "published"):
        return False
    if is_pmu(user):
        return True
    return bool(
        user is not None
        and user.is_authenticated
        and resource.quality_reviewer_id == user.pk
        and can_post(user)
    )


def can_view_queue(user: Any) -> bool:
    return is_pmu(user)


def can_manage_editors(user: Any) -> bool:
    return is_pmu(user)


def drafts_q(user: Any) -> Q:
    """The unpublished resources `user` works on (their "my resources" list)."""
    if user is None or not user.is_authenticated:
        return Q(pk__in=[])
    mine = Q(created_by_id=user.pk) | Q(authors__id=user.pk)
    if is_pmu(user) or is_editor(user):
        mine |= Q(status__in=["draft", "in_review"])
    mine |= Q(quality_reviewer_id=user.pk, status="in_review")
    return mine & ~Q(status="published")
