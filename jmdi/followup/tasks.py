"""The follow-up's periodic work: every morning the worker reminds the grantees of their
overdue reports (each report and person at most once a week, recorded so a rerun sends
nothing twice)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from jmdi.followup import services


@db_periodic_task(crontab(hour="6", minute="30"))
def send_overdue_report_reminders() -> int:
    return services.send_overdue_reminders()
