from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectdbConfig(AppConfig):
    """The M4D Net's public project database: the mapping's published initiatives, searchable across languages, with similar initiatives and peers to partner with."""

    name = "jmdi.projectdb"
    label = "projectdb"
    verbose_name = _("Project database")
