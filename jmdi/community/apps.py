from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    """The M4D Net community of practice: its public site, members and their profiles, the member directory, and the usage figures."""

    name = "jmdi.community"
    label = "community"
    verbose_name = _("M4D Net")
