"""Writing to the search index and asking it, for the apps above.

    index(kind="initiative", object_id=7, language="es", title=…, body=…, published=True)
    search(kind="initiative", query="retour des migrants")  # -> [ids], best first

`search` merges two rankings by reciprocal rank fusion: full-text (`backends`), which
finds exact words and names, and meaning (`semantic`), which finds the same subject in
another language. A record whose title holds the query's words as typed comes first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from jmdi.search import backends, semantic
from jmdi.search.models import SearchEntry
from jmdi.search.text import normalised, terms

#: Reciprocal rank fusion's constant: how much the first places of each list dominate.
RRF_K = 60
#: An exact name is looked for among this many of the best (a name typed in full ranks
#: near the top of the full-text list anyway).
EXACT_AMONG = 100


def index(
    *,
    kind: str,
    object_id: int,
    language: str,
    title: str,
    body: str = "",
    published: bool = True,
    embed: bool = True,
) -> SearchEntry:
    """Create or update the entry of a record; its embedding is computed in the
    background when its text changed (`embed=False` leaves that to a batch, as the
    generator does)."""
    title = (title or "")[:300]
    with transaction.atomic():
        entry, _created = SearchEntry.objects.update_or_create(
            kind=kind,
            object_id=object_id,
            defaults={
                "language": (language or "en")[:8],
                "title": title,
                "body": body or "",
                "title_terms": terms(title, language),
                "body_terms": terms(body or "", language),
                "published": published,
            },
        )
        changed = entry.embedded_digest != semantic.digest(semantic.passage_text(title, body))
        if embed and changed and published:
            from jmdi.search.tasks import embed_entries

            entry_id = entry.pk
            transaction.on_commit(lambda: embed_entries.enqueue([entry_id]))
        # Now and once committed: a process that reloads in between reloads again.
        semantic.bump(kind)
        transaction.on_commit(lambda: semantic.bump(kind))
    return entry


@dataclass(frozen=True)
class Document:
    """A record's public text, for `index_many`."""

    object_id: int
    language: str
    title: str
    body: str = ""
    published: bool = True


def index_many(*, kind: str, documents: Iterable[Document], batch: int = 1000) -> list[int]:
    """Create or update the entries of many records in a fixed number of queries per
    batch (an import, the demo, the generator). Returns the ids of the published entries
    whose text changed: their embeddings are to be computed (`embed`, or the task)."""
    changed: list[int] = []
    documents = list(documents)
    for start in range(0, len(documents), batch):
        chunk = documents[start : start + batch]
        with transaction.atomic():
            existing = {
                e.object_id: e
                for e in SearchEntry.objects.filter(
                    kind=kind, object_id__in=[d.object_id for d in chunk]
                )
            }
            new, updated = [], []
            for document in chunk:
                title = (document.title or "")[:300]
                values = {
                    "language": (document.language or "en")[:8],
                    "title": title,
                    "body": document.body or "",
                    "title_terms": terms(title, document.language),
                    "body_terms": terms(document.body or "", document.language),
                    "published": document.published,
                }
                entry = existing.get(document.object_id)
                if entry is None:
                    new.append(SearchEntry(kind=kind, object_id=document.object_id, **values))
                elif any(getattr(entry, name) != value for name, value in values.items()):
                    for name, value in values.items():
                        setattr(entry, name, value)
                    entry.updated_at = timezone.now()
                    updated.append(entry)
            SearchEntry.objects.bulk_create(new)
            if updated:
                SearchEntry.objects.bulk_update(updated, [*FIELDS, "updated_at"])
            ids = {e.object_id for e in new} | {e.object_id for e in updated}
            # Changed text, or never embedded (a record saved one by one whose task has
            # not run yet): `embed` skips those whose text it has already seen.
            changed += list(
                SearchEntry.objects.filter(
                    kind=kind, object_id__in=[d.object_id for d in chunk], published=True
                )
                .filter(Q(object_id__in=ids) | Q(embedding__isnull=True))
                .values_list("pk", flat=True)
            )
    semantic.bump(kind)
    transaction.on_commit(lambda: semantic.bump(kind))
    return changed


FIELDS = ["language", "title", "body", "title_terms", "body_terms", "published"]


def remove(*, kind: str, object_id: int) -> None:
    SearchEntry.objects.filter(kind=kind, object_id=object_id).delete()
    semantic.bump(kind)
    transaction.on_commit(lambda: semantic.bump(kind))


def embed(entry_ids: Iterable[int], *, batch: int = 32) -> int:
    """Compute and store the embeddings of these entries (skipping unchanged text)."""
    done = 0
    ids = list(entry_ids)
    for start in range(0, len(ids), batch):
        entries = list(SearchEntry.objects.filter(pk__in=ids[start : start + batch]))
        texts = [semantic.passage_text(e.title, e.body) for e in entries]
        todo = [
            (entry, text)
            for entry, text in zip(entries, texts, strict=True)
            if entry.embedded_digest != semantic.digest(text) or entry.embedding is None
        ]
        if not todo:
            continue
        vectors = semantic.embed_passages([text for _entry, text in todo])
        for (entry, text), vector in zip(todo, vectors, strict=True):
            SearchEntry.objects.filter(pk=entry.pk).update(
                embedding=semantic.to_bytes(vector), embedded_digest=semantic.digest(text)
            )
            done += 1
        for kind in {entry.kind for entry, _text in todo}:
            semantic.bump(kind)
    return done


def search(*, kind: str, query: str, limit: int = 500, semantic_limit: int = 100) -> list[int]:
    """The published records of `kind` for `query`, best first."""
    query = (query or "").strip()
    if not query:
        return []
    lexical, all_words = backends.fulltext_match(kind, query, limit=limit)
    meaning = [
        object_id
        for object_id, _score in semantic.nearest(
            kind, semantic.embed_query(query), limit=semantic_limit
        )
    ]
    scores: dict[int, float] = {}
    # Records holding only some of the query's words weigh half: the meaning decides.
    for ranking, weight in ((lexical, 1.0 if all_words else 0.5), (meaning, 1.0)):
        for rank, object_id in enumerate(ranking):
            scores[object_id] = scores.get(object_id, 0.0) + weight / (RRF_K + rank + 1)
    ranked = sorted(scores, key=lambda object_id: -scores[object_id])
    # An exact name comes first: titles holding the query as typed (case and accents
    # aside), among the records either ranking found.
    wanted = normalised(query)
    if len(wanted) >= 4:
        titles = dict(
            SearchEntry.objects.filter(kind=kind, object_id__in=ranked[:EXACT_AMONG]).values_list(
                "object_id", "title"
            )
        )
        exact = [i for i in ranked[:EXACT_AMONG] if wanted in normalised(titles.get(i, ""))]
        if exact:
            ranked = exact + [i for i in ranked if i not in set(exact)]
    return ranked[:limit]
