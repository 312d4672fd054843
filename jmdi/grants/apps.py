from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    """Contracts with the selected initiatives, their milestones, the grantees' deliverable
    reports and the disbursements that pay them: the money of Output 1."""

    name = "jmdi.grants"
    label = "grants"
    verbose_name = _("Grants")
