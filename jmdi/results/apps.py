from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    """Indicator values computed from every app's records, manual values where no
    record can exist, reporting periods, and the results dashboard."""

    name = "jmdi.results"
    label = "results"
    verbose_name = _("Results")
