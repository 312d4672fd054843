"""Core's periodic work: the query planners' statistics (statistics.py), every night."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from jmdi.core import statistics


@db_periodic_task(crontab(hour="3", minute="10"))
def refresh_planner_statistics() -> None:
    statistics.refresh()
