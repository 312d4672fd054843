from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    """Resource pages and knowledge products of the M4D Net: rich text, attachments, translations, versions, review and publication."""

    name = "jmdi.resources"
    label = "resources"
    verbose_name = _("Resources")
