from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """Search shared by the M4D Net's collections: full-text in four languages (SQLite FTS5 or PostgreSQL text search behind one interface) and cross-language semantic search over stored embeddings."""

    name = "jmdi.search"
    label = "search"
    verbose_name = _("Search")
