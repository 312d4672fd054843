"""The support facility's background work: the requester's e-mail at each status change,
sent by the worker once the change is committed (the services enqueue it)."""

from __future__ import annotations

from django.tasks import task

from jmdi.support import mail


@task
def send_status_mail(event_id: int) -> bool:
    return mail.send_status_mail(event_id)
