from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    """The reports the programme owes, written from its records: the quarterly progress
    report and the annual review report, as PDF, DOCX and XLSX, frozen once submitted."""

    name = "jmdi.reporting"
    label = "reporting"
    verbose_name = _("Reports")
