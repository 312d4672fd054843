"""The project database in the demo and at scale.

Demo: index the mapping's published initiatives (their embeddings computed in batches,
a few seconds), and two suggestions from members, one waiting for the PMU.

Synthetic: index every generated initiative. Computing 20,000 embeddings with the model
would take some twenty minutes on two cores, so the generator embeds the first
`EMBEDDED` distinct texts and gives each other record the vector of an embedded one of
its language (the benchmark times the search over 20,000 vectors, not the model).
"""

from __future__ import annotations

from django.db import transaction

from jmdi.core.plugins import DemoContext, GeneratorContext
from jmdi.initiatives.models import Initiative
from jmdi.projectdb import indexing
from jmdi.projectdb.models import ProjectSuggestion

EMBEDDED = 300

SUGGESTIONS = [
    (
        "Guichet unique des Sénégalais de l'extérieur de Louga",
        "La commune de Louga et l'association des ressortissants en Italie ouvrent un guichet "
        "qui accompagne les projets d'investissement de la diaspora dans l'agriculture.",
        "fr",
        "SN",
        "Commune de Louga",
    ),
    (
        "Red de municipios de acogida de retornados en Azuay",
        "Cinco municipios de la provincia de Azuay coordinan la acogida de personas retornadas: "
        "orientación laboral, apoyo psicosocial y acceso a créditos.",
        "es",
        "EC",
        "Gobierno Provincial del Azuay",
    ),
]


def demo_step(context: DemoContext) -> None:
    count = indexing.index_all()
    context.say(f"Project database: {count} initiatives indexed")
    _suggestions()


def _suggestions() -> None:
    from jmdi.accounts.models import User
    from jmdi.directory.models import Country

    if ProjectSuggestion.objects.exists():
        return
    member = User.objects.filter(member__isnull=False, is_active=True).order_by("pk").first()
    if member is None:
        return
    with transaction.atomic():
        for index, (title, summary, language, country, lead) in enumerate(SUGGESTIONS):
            ProjectSuggestion.objects.create(
                suggested_by=member,
                title=title,
                summary=summary,
                language=language,
                country=Country.objects.get(code=country),
                lead_authority=lead,
                status=ProjectSuggestion.Status.PENDING
                if index == 0
                else ProjectSuggestion.Status.ACCEPTED,
            )


SIZES: dict[str, dict[str, int]] = {"small": {}, "large": {}}


def generator_step(context: GeneratorContext) -> None:
    import numpy as np

    from jmdi.search import semantic
    from jmdi.search import services as search
    from jmdi.search.models import SearchEntry

    before = SearchEntry.objects.filter(kind=indexing.KIND).count()
    queryset = Initiative.objects.select_related("lead_authority").order_by("pk")
    indexing.index_all(queryset, embed=False)
    pending = SearchEntry.objects.filter(
        kind=indexing.KIND, published=True, embedding__isnull=True
    ).order_by("pk")
    ids = list(pending.values_list("pk", flat=True))
    embedded = search.embed(ids[:EMBEDDED])
    by_language: dict[str, list[bytes]] = {}
    for language, blob in SearchEntry.objects.filter(
        kind=indexing.KIND, embedding__isnull=False
    ).values_list("language", "embedding")[: EMBEDDED * 4]:
        if blob is not None:
            by_language.setdefault(language, []).append(bytes(blob))
    pool = [blob for blobs in by_language.values() for blob in blobs]
    rest = ids[EMBEDDED:]
    rng = context.rng
    batch: list[SearchEntry] = []
    for entry in (
        SearchEntry.objects.filter(pk__in=rest).only("pk", "language").iterator(chunk_size=2000)
    ):
        choices = by_language.get(entry.language) or pool
        if not choices:
            break
        # A copy, nudged so that no two records tie exactly.
        vector = semantic.from_bytes(rng.choice(choices)).copy()
        vector[rng.randrange(semantic.DIMENSIONS)] += 0.01
        vector /= np.linalg.norm(vector)
        entry.embedding = semantic.to_bytes(vector)
        entry.embedded_digest = "synthetic"
        batch.append(entry)
        if len(batch) >= 2000:
            SearchEntry.objects.bulk_update(batch, ["embedding", "embedded_digest"])
            batch = []
    if batch:
        SearchEntry.objects.bulk_update(batch, ["embedding", "embedded_digest"])
    semantic.bump(indexing.KIND)
    written = SearchEntry.objects.filter(kind=indexing.KIND).count() - before
    if written:
        context.counts["search entries"] = context.counts.get("search entries", 0) + written
    context.progress(f"project database: {embedded} embeddings computed, {len(rest)} copied")
