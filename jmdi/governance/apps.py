from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    """The steering and technical committees at work: members, meetings, minutes and
    numbered decisions."""

    name = "jmdi.governance"
    label = "governance"
    verbose_name = _("Governance")
