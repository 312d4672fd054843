from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "jmdi.directory"
    label = "directory"
    verbose_name = _("Directory")

    def ready(self) -> None:
        from jmdi.directory.collation import register_collation

        connection_created.connect(register_collation, dispatch_uid="jmdi_names_collation")
