"""The discussions' periodic work: every morning, one digest e-mail for each member who
chose the daily digest, with what was kept for them (each notification marked sent
first, so a rerun sends nothing twice)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from jmdi.discussions import services


@db_periodic_task(crontab(hour="7", minute="0"))
def send_discussion_digests() -> int:
    return services.send_digests()
