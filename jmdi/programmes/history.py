"""Who changed what, and when, across a programme's records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Model, Q

from jmdi.core.i18n import active_language
from jmdi.programmes import models as m

#: (model, filter from a programme's pk to its historical rows)
TRACKED: list[tuple[type[Model], str]] = [
    (m.Programme, "id"),
    (m.ProgrammeCountry, "programme_id"),
    (m.Semester, "programme_id"),
    (m.Contribution, "programme_id"),
    (m.Output, "programme_id"),
    (m.Target, "output__programme_id"),
    (m.Indicator, "output__programme_id"),
    (m.Activity, "output__programme_id"),
    (m.SubActivity, "activity__output__programme_id"),
    (m.Risk, "programme_id"),
    (m.SelectionCriterion, "programme_id"),
    (m.GovernanceBody, "programme_id"),
]


@dataclass(frozen=True)
class Change:
    when: datetime
    who: str
    kind: str
    record: str
    action: str
    reason: str


ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}


def recent_changes(programme: m.Programme, limit: int) -> list[Change]:
    """The `limit` most recent changes: one query per tracked model, whatever the data size."""
    changes: list[Change] = []
    for model, path in TRACKED:
        history_model: Any = model.history.model  # type: ignore[attr-defined]
        if "__" in path:
            ids = _ids_under(model, path, programme.pk)
            rows = history_model.objects.filter(Q(id__in=ids))
        else:
            rows = history_model.objects.filter(**{path: programme.pk})
        for row in rows.select_related("history_user").order_by("-history_date")[:limit]:
            changes.append(
                Change(
                    when=row.history_date,
                    who=str(row.history_user) if row.history_user else "",
                    kind=str(model._meta.verbose_name),
                    record=_label(row),
                    action=ACTIONS.get(row.history_type, row.history_type),
                    reason=row.history_change_reason or "",
                )
            )
    changes.sort(key=lambda c: c.when, reverse=True)
    return changes[:limit]


def _ids_under(model: type[Model], path: str, programme_id: int) -> Any:
    return model._default_manager.filter(**{path: programme_id}).values("pk")


def _label(row: Any) -> str:
    """The record's code (or number) and its name in the reader's language."""
    code = getattr(row, "code", None) or getattr(row, "number", None)
    language = active_language()
    name = next(
        (
            getattr(row, f"{field}_{language}", "")
            for field in ("name", "title", "text", "short_name")
            if getattr(row, f"{field}_{language}", "")
        ),
        "",
    )
    label = " ".join(str(part) for part in (code, name) if part)
    return label or str(row.id)
