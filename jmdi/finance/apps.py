from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    """The budget at work: budget lines by output, activity and donor, commitments and
    expenditures, delivery."""

    name = "jmdi.finance"
    label = "finance"
    verbose_name = _("Finance")
