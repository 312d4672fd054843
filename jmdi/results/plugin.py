"""What the results app adds: its measures (and the pending measures of the apps still to
come), the dashboard in the navigation, the manual-values panels of the home page, the
results section of the reports, demo data, generated facts and benchmark pages."""

from __future__ import annotations

from jmdi.core.plugins import Plugin
from jmdi.results.measures import MEASURES

PLUGIN = Plugin(measures=MEASURES)
