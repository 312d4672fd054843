"""Background work of search: the embeddings of entries whose text changed."""

from __future__ import annotations

from django.tasks import task

from jmdi.search import services


@task
def embed_entries(entry_ids: list[int]) -> int:
    return services.embed(entry_ids)
