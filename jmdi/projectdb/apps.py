from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class ProjectdbConfig(AppConfig):
    """The M4D Net's public project database: the mapping's published initiatives, searchable across languages, with similar initiatives and peers to partner with."""

    name = "jmdi.projectdb"
    label = "projectdb"
    verbose_name = _("Project database")

    def ready(self) -> None:
        from jmdi.initiatives.models import Initiative
        from jmdi.initiatives.signals import initiatives_written
        from jmdi.projectdb import indexing

        # Every saved initiative keeps its search entry in step (published or not: an
        # unpublished entry is never found). Bulk writes (the demo, the generator, the
        # import) index afterwards with `indexing.index_all`.
        post_save.connect(
            indexing.on_initiative_saved, sender=Initiative, dispatch_uid="projectdb-index"
        )
        post_delete.connect(
            indexing.on_initiative_deleted, sender=Initiative, dispatch_uid="projectdb-unindex"
        )
        initiatives_written.connect(
            indexing.on_initiatives_written, dispatch_uid="projectdb-import"
        )
