"""The resource library's part of the search index: a resource's texts in every language
it has (the original's title, summary and body, the translations' titles and summaries),
in its original language, found only once published."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.html import strip_tags

from jmdi.resources.models import Resource
from jmdi.search import services as search

KIND = "resource"


def document(resource: Resource) -> search.Document:
    texts = list(resource.texts.all())
    original = next((t for t in texts if t.language == resource.original_language), None)
    title = original.title if original else (texts[0].title if texts else resource.slug)
    parts = [original.summary, strip_tags(original.body)] if original else []
    for text in texts:
        if text is not original:
            parts += [text.title, text.summary]
    return search.Document(
        resource.pk,
        resource.original_language,
        title,
        "\n".join(p for p in parts if p)[:20000],
        resource.status == Resource.Status.PUBLISHED,
    )


def index_all(resources: Iterable[Resource] | None = None, *, embed: bool | None = True) -> int:
    """Index these resources (or all) in bulk; embeddings now, in the background
    (`embed=None`) or not (`embed=False`)."""
    queryset: Any = resources
    if queryset is None:
        queryset = Resource.objects.prefetch_related("texts").order_by("pk")
    documents = [document(resource) for resource in queryset]
    changed = search.index_many(kind=KIND, documents=documents)
    if embed and changed:
        search.embed(changed)
    elif embed is None and changed:
        from django.db import transaction

        from jmdi.search.tasks import embed_entries

        transaction.on_commit(lambda: embed_entries.enqueue(changed))
    return len(documents)


def on_saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    """A resource or one of its texts saved: its entry follows (embedding in the
    background)."""
    if raw:
        return
    resource = instance if isinstance(instance, Resource) else instance.resource
    index_all(Resource.objects.filter(pk=resource.pk).prefetch_related("texts"), embed=None)


def on_deleted(sender: Any, instance: Resource, **kwargs: Any) -> None:
    search.remove(kind=KIND, object_id=instance.pk)
