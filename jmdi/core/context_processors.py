"""Navigation by role: each person sees the links their roles open, nothing more.

The entries come from each app's plug-in (`jmdi/<app>/plugin.py`); core knows none of
them by name.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from jmdi.core.plugins import nav_entries


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    home = reverse("core:home")
    items: list[tuple[str, str, tuple[str, ...]]] = [(home, _("Home"), ())]
    items += [
        (entry.url(), str(entry.label), tuple(entry.section()))
        for entry in nav_entries()
        if user is not None and entry.visible(user)
    ]
    path = request.path
    # The current item owns the longest path the page's path starts with: its own link or
    # one of its section's paths (home only on "/").
    best: tuple[int, int] | None = None
    for index, (url, _label, section) in enumerate(items):
        for prefix in (url, *section):
            matches = path == prefix or (prefix != home and path.startswith(prefix))
            if matches and (best is None or len(prefix) > best[0]):
                best = (len(prefix), index)
    current = best[1] if best else None
    nav = [
        {"url": url, "label": label, "current": index == current}
        for index, (url, label, _section) in enumerate(items)
    ]
    return {"nav_items": nav, "optional_label": _("optional")}
