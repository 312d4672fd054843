"""What the search index holds: one entry per searchable record of the apps above.

An app indexes its records through `services.index(...)` and knows them by (`kind`,
`object_id`); search answers with those ids, in order, and the app reads its own records
(with their facets, permissions and translations) from its own tables. The index never
holds more than a record's public text.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    kind = models.SlugField(_("kind"), max_length=40)
    object_id = models.PositiveBigIntegerField(_("record"))
    language = models.CharField(_("language written in"), max_length=8)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    #: Stemmed and folded words (jmdi.search.text.terms), which FTS5 or PostgreSQL's
    #: text search index: the title's apart, so that a match there weighs more.
    title_terms = models.TextField(blank=True)
    body_terms = models.TextField(blank=True)
    #: Whether the owning record is public; unpublished entries are kept but never found.
    published = models.BooleanField(_("published"), default=True)
    #: The record's meaning as a unit-length float32 vector (jmdi.search.semantic), or
    #: empty until the background task has computed it.
    embedding = models.BinaryField(_("embedding"), null=True, blank=True, editable=False)
    #: A digest of the text the embedding was computed from: unchanged text, no new work.
    embedded_digest = models.CharField(max_length=32, blank=True, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="unique_search_entry")
        ]
        indexes = [models.Index(fields=["kind", "published"])]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id} {self.title}"
