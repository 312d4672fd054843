from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    """Grantee reporting and project monitoring of funded initiatives: reporting periods,
    progress reports with their review, monitoring plans, visits and assessments."""

    name = "jmdi.followup"
    label = "followup"
    verbose_name = _("Project follow-up")
