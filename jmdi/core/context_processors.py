"""Navigation by role: each person sees the links their roles open, nothing more.

The entries come from each app's plug-in (`jmdi/<app>/plugin.py`); core knows none of
them by name.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from jmdi.core import inbox
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
    nav: list[dict[str, Any]] = [
        {"url": url, "label": label, "current": index == current}
        for index, (url, label, _section) in enumerate(items)
    ]
    if user is not None and inbox.concerns(user):
        # Last. How many tasks wait is fetched by the link once the page has loaded
        # (`count_url`, htmx), so no page pays for the counts; without JavaScript the link
        # still leads to them.
        inbox_url = reverse("core:inbox")
        nav.append(
            {
                "url": inbox_url,
                "label": _("Waiting for me"),
                "count_url": reverse("core:inbox_count"),
                "current": path == inbox_url,
            }
        )
        if path == inbox_url:
            for item in nav[:-1]:
                item["current"] = False
    return {"nav_items": nav, "optional_label": _("optional")}
