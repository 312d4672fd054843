"""The project database's part of the search index: a published initiative's text, in the
language it is written in (its translations are indexed too, as part of its text, so an
exact French title finds a Spanish initiative that has one)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from jmdi.initiatives.models import Initiative
from jmdi.search import services as search

KIND = "initiative"


def text_of(initiative: Initiative) -> tuple[str, str]:
    parts = [initiative.summary, initiative.results]
    for values in (initiative.translations or {}).values():
        if isinstance(values, dict):
            parts += [str(values.get("title", "")), str(values.get("summary", ""))]
    parts.append(initiative.lead_authority.name if initiative.lead_authority_id else "")
    return initiative.title, "\n".join(part for part in parts if part)


def index_initiative(initiative: Initiative, *, embed: bool = True) -> None:
    title, body = text_of(initiative)
    search.index(
        kind=KIND,
        object_id=initiative.pk,
        language=initiative.language,
        title=title,
        body=body,
        published=initiative.published,
        embed=embed,
    )


def index_all(initiatives: Iterable[Initiative] | None = None, *, embed: bool = True) -> int:
    """Index every initiative (or these), then compute the embeddings of those whose
    text changed, in batches (the demo and `index_initiatives` use this)."""
    queryset: Any = initiatives
    if queryset is None:
        queryset = Initiative.objects.select_related("lead_authority").order_by("pk")
    count = 0
    for initiative in (
        queryset.iterator(chunk_size=500) if hasattr(queryset, "iterator") else queryset
    ):
        index_initiative(initiative, embed=False)
        count += 1
    if embed:
        from jmdi.search.models import SearchEntry

        ids = SearchEntry.objects.filter(kind=KIND, published=True, embedding__isnull=True)
        search.embed(list(ids.values_list("pk", flat=True)))
    return count


def on_initiative_saved(
    sender: Any, instance: Initiative, raw: bool = False, **kwargs: Any
) -> None:
    if raw:
        return
    index_initiative(instance)


def on_initiative_deleted(sender: Any, instance: Initiative, **kwargs: Any) -> None:
    search.remove(kind=KIND, object_id=instance.pk)


def on_initiatives_written(sender: Any, programme: Any, since: Any, **kwargs: Any) -> None:
    changed = Initiative.objects.filter(programme=programme, updated_at__gte=since)
    index_all(changed.select_related("lead_authority").order_by("pk"))
