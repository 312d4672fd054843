from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    """Resource pages and knowledge products of the M4D Net: rich text, attachments, translations, versions, review and publication."""

    name = "jmdi.resources"
    label = "resources"
    verbose_name = _("Resources")

    def ready(self) -> None:
        from jmdi.resources import indexing
        from jmdi.resources.models import Resource, ResourceText

        # The search index follows each saved resource and text (a published resource is
        # found across languages); bulk writes index with `indexing.index_all`.
        for model in (Resource, ResourceText):
            post_save.connect(
                indexing.on_saved, sender=model, dispatch_uid=f"resources-index-{model.__name__}"
            )
        post_delete.connect(indexing.on_deleted, sender=Resource, dispatch_uid="resources-unindex")
