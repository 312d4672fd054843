"""The monitoring schedule's periodic work: a thin task around the service.

Every morning the worker (`manage.py run_huey`, started by `make run`) keeps the schedule
in step with the programme files and e-mails the reminders that fall due; each reminder is
recorded, so it goes out once however often the task runs.
"""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from jmdi.monitoring import services
from jmdi.programmes.models import Programme


@db_periodic_task(crontab(hour="6", minute="15"))
def send_monitoring_reminders() -> int:
    for programme in Programme.objects.all():
        services.sync_schedule(programme=programme)
    return services.send_reminders()
