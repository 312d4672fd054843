from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    """The project document of a selected initiative: drafted by the grantee with the
    country's focal point, versioned at each submission, commented, reviewed, validated."""

    name = "jmdi.proposals"
    label = "proposals"
    verbose_name = _("Project documents")
