from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    """The online support facility: local authorities' requests, their triage, answers and referrals, response times, and the public FAQ."""

    name = "jmdi.support"
    label = "support"
    verbose_name = _("Online support facility")
