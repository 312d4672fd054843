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
    items: list[tuple[str, str]] = [(reverse("core:home"), _("Home"))]
    items += [
        (entry.url(), str(entry.label))
        for entry in nav_entries()
        if user is not None and entry.visible(user)
    ]
    path = request.path
    # The current item is the longest link the path starts with (home only on "/").
    matches = [url for url, _label in items if path == url or (url != "/" and path.startswith(url))]
    current = max(matches, key=len, default=None)
    nav = [{"url": url, "label": label, "current": url == current} for url, label in items]
    return {"nav_items": nav, "optional_label": _("optional")}
