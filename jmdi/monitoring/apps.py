from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    """The monitoring framework kept day to day: work-plan tracking, the risk, issue and
    lessons-learned logs, the monitoring schedule with its reminders, quality assessments."""

    name = "jmdi.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring")
