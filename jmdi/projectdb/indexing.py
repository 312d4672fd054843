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


def index_all(initiatives: Iterable[Initiative] | None = None, *, embed: bool | None = True) -> int:
    """Index every initiative (or these) in bulk, then compute the embeddings of those
    whose text changed: now (`embed=True`, the demo) or in the background (`embed=None`,
    an import), or not at all (`embed=False`, the generator does its own)."""
    queryset: Any = initiatives
    if queryset is None:
        queryset = Initiative.objects.select_related("lead_authority").order_by("pk")
    documents = []
    for initiative in (
        queryset.iterator(chunk_size=1000) if hasattr(queryset, "iterator") else queryset
    ):
        title, body = text_of(initiative)
        documents.append(
            search.Document(initiative.pk, initiative.language, title, body, initiative.published)
        )
    changed = search.index_many(kind=KIND, documents=documents)
    if embed and changed:
        search.embed(changed)
    elif embed is None and changed:
        from django.db import transaction

        from jmdi.search.tasks import embed_entries

        transaction.on_commit(lambda: embed_entries.enqueue(changed))
    return len(documents)


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
    index_all(changed.select_related("lead_authority").order_by("pk"), embed=None)
