from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from jmdi.programmes import models as m

for model in [
    m.Programme,
    m.ProgrammeCountry,
    m.Semester,
    m.Contribution,
    m.Output,
    m.Target,
    m.BaselineFigure,
    m.Indicator,
    m.Activity,
    m.SubActivity,
    m.Risk,
    m.MonitoringItem,
    m.SelectionCriterion,
    m.GovernanceBody,
]:
    admin.site.register(model, SimpleHistoryAdmin)
