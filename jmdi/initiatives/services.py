"""Every change to an initiative goes through here: inside a transaction, with history
and the actor recorded."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from jmdi.initiatives.models import Initiative


@transaction.atomic
def set_status(*, actor: Any, initiative: Initiative, status: str, reason: str = "") -> Initiative:
    """Move an initiative along its lifecycle (called by a round's decision, a contract
    signed, a project closed). The change and its reason are kept in the history."""
    if status not in Initiative.Status.values:
        raise ValueError(f"Unknown initiative status {status!r}.")
    locked = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if locked.status != status:
        locked.status = status
        locked._history_user = actor  # type: ignore[attr-defined]
        locked._change_reason = reason  # type: ignore[attr-defined]
        locked.save(update_fields=["status", "updated_at"])
    initiative.status = locked.status
    return locked
