"""What the resource pages read: each a fixed number of queries whatever the data."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import Http404

from jmdi.resources import permissions
from jmdi.resources.models import (
    Editor,
    QualityReview,
    Resource,
    ResourceText,
    Tag,
    Version,
)


def _texts_for_lists() -> Prefetch:
    return Prefetch(
        "texts",
        queryset=ResourceText.objects.only(
            "id", "resource_id", "language", "title", "summary", "complete", "version", "based_on"
        ),
    )


def library(
    *,
    theme: str = "",
    kind: str = "",
    language: str = "",
    tag: str = "",
    search: str = "",
) -> QuerySet[Resource]:
    """Published resources matching the filters, newest first, texts prefetched."""
    resources = Resource.objects.filter(status=Resource.Status.PUBLISHED)
    if theme:
        resources = resources.filter(theme__slug=theme)
    if kind:
        resources = resources.filter(kind=kind)
    if language:
        resources = resources.filter(
            Exists(
                ResourceText.objects.filter(
                    resource=OuterRef("pk"), language=language, complete=True
                )
            )
        )
    if tag:
        resources = resources.filter(
            Exists(Resource.tags.through.objects.filter(resource_id=OuterRef("pk"), tag__slug=tag))
        )
    order: list[Any] = ["-published_at", "-pk"]
    if search:
        # Full text in the four languages and meaning across them (jmdi.search): a
        # French query finds the Spanish guide; the best first.
        from django.db.models import Case, IntegerField, Value, When

        from jmdi.resources.indexing import KIND
        from jmdi.search import services as search_index

        ranking = search_index.search(kind=KIND, query=search, limit=200)
        resources = resources.filter(pk__in=ranking)
        order = (
            [
                Case(
                    *[When(pk=pk, then=Value(rank)) for rank, pk in enumerate(ranking)],
                    output_field=IntegerField(),
                ),
                "-pk",
            ]
            if ranking
            else order
        )
    return (
        resources.select_related("theme")
        .prefetch_related(_texts_for_lists(), "tags")
        .order_by(*order)
    )


def tags_in_use(limit: int = 40) -> list[Tag]:
    return list(Tag.objects.order_by("name")[:limit])


def get_resource_for(user: Any, slug: str) -> Resource:
    """The resource with its texts, or 404 for anyone who may not read it."""
    resource = (
        Resource.objects.select_related("theme", "created_by", "quality_reviewer")
        .prefetch_related("texts", "tags", "authors", "attachments")
        .filter(slug=slug)
        .first()
    )
    if resource is None or not permissions.can_view(user, resource):
        raise Http404
    return resource


def review_queue() -> QuerySet[Resource]:
    """Submitted resources, oldest first, and knowledge products waiting for their
    quality review."""
    return (
        Resource.objects.filter(status=Resource.Status.IN_REVIEW)
        .select_related("theme", "created_by")
        .prefetch_related(_texts_for_lists())
        .order_by("submitted_at", "pk")
    )


def awaiting_quality() -> QuerySet[Resource]:
    """Published knowledge products with no passed quality review yet."""
    from jmdi.resources.models import KNOWLEDGE_PRODUCTS

    return (
        Resource.objects.filter(status=Resource.Status.PUBLISHED, kind__in=KNOWLEDGE_PRODUCTS)
        .exclude(
            Exists(
                QualityReview.objects.filter(
                    resource=OuterRef("pk"), outcome=QualityReview.Outcome.PASSED
                )
            )
        )
        .select_related("theme")
        .prefetch_related(_texts_for_lists())
        .order_by("published_at", "pk")
    )


def my_resources(user: Any) -> QuerySet[Resource]:
    ids = Resource.objects.filter(permissions.drafts_q(user)).values("pk")
    return (
        Resource.objects.filter(pk__in=ids)
        .select_related("theme")
        .prefetch_related(_texts_for_lists())
        .order_by("-pk")
    )


def versions_of(text: ResourceText) -> QuerySet[Version]:
    return Version.objects.filter(text=text).select_related("author").order_by("-number")


def editors() -> QuerySet[Editor]:
    return Editor.objects.select_related("user").order_by("user__full_name", "user__email")


def member_data(user: Any) -> dict[str, Any]:
    """What the resources hold about a person, for their data download."""
    return {
        "resources_proposed": [
            {
                "slug": row["slug"],
                "status": row["status"],
                "created_at": row["created_at"].isoformat(),
            }
            for row in Resource.objects.filter(created_by=user).values(
                "slug", "status", "created_at"
            )
        ],
        "versions_written": [
            {
                "resource": row["text__resource__slug"],
                "language": row["text__language"],
                "version": row["number"],
                "saved_at": row["created_at"].isoformat(),
                "title": row["title"],
            }
            for row in Version.objects.filter(author=user).values(
                "text__resource__slug", "text__language", "number", "created_at", "title"
            )
        ],
        "quality_reviews": [
            {
                "resource": row["resource__slug"],
                "outcome": row["outcome"],
                "reviewed_on": row["reviewed_on"].isoformat(),
                "comment": row["comment"],
            }
            for row in QualityReview.objects.filter(reviewer=user).values(
                "resource__slug", "outcome", "reviewed_on", "comment"
            )
        ],
        "editor": Editor.objects.filter(user=user).exists(),
    }
