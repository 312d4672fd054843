"""What the programme pages' shared header needs to know about the reader."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from jmdi.programmes.permissions import can_view_risks


def programme_permissions(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {"perms_risks": user is not None and can_view_risks(user)}
