from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    """The mapping database of local initiatives on migration and development: the records
    every later step (selection, contracts, reports, the public project database) starts from."""

    name = "jmdi.initiatives"
    label = "initiatives"
    verbose_name = _("Initiatives")
