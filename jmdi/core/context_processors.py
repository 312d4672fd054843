"""Navigation by role: each person sees the links their roles open, nothing more.

The entries come from each app's plug-in (`jmdi/<app>/plugin.py`); core knows none of
them by name. Entries of one `group` make one item of the main navigation, and the pages
of that group show the group's entries as tabs (`nav_tabs`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from jmdi.core import inbox
from jmdi.core.plugins import nav_entries


@dataclass
class _Item:
    url: str
    label: str
    prefixes: list[str]
    group: str = ""
    tabs: list[_Item] = field(default_factory=list)


def _current(items: list[_Item], path: str, home: str) -> int | None:
    """The item that owns the longest path the page's path starts with: its own link or
    one of its section's paths (home only on "/")."""
    best: tuple[int, int] | None = None
    for index, item in enumerate(items):
        for prefix in item.prefixes:
            matches = path == prefix or (prefix != home and path.startswith(prefix))
            if matches and (best is None or len(prefix) > best[0]):
                best = (len(prefix), index)
    return best[1] if best else None


def nav_items(user: Any) -> list[_Item]:
    """The main navigation's items the person may open, each group with its tabs."""
    home = reverse("core:home")
    items: list[_Item] = [_Item(home, _("Home"), [home])]
    groups: dict[str, _Item] = {}
    for entry in nav_entries():
        if user is None or not entry.visible(user):
            continue
        url = entry.url()
        item = _Item(url, str(entry.label), [url, *entry.section()])
        if not entry.group:
            items.append(item)
            continue
        group = str(entry.group)
        if group not in groups:
            groups[group] = _Item(url, group, [], group=group)
            items.append(groups[group])
        groups[group].tabs.append(item)
        groups[group].prefixes += item.prefixes
    return items


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    home = reverse("core:home")
    items = nav_items(user)
    path = request.path
    current = _current(items, path, home)
    nav: list[dict[str, Any]] = [
        {"url": item.url, "label": item.label, "current": index == current}
        for index, item in enumerate(items)
    ]
    tabs: list[dict[str, Any]] = []
    tabs_label = ""
    if current is not None and items[current].group:
        group_item = items[current]
        tab = _current(group_item.tabs, path, home)
        tabs_label = group_item.label
        tabs = [
            {"url": item.url, "label": item.label, "current": index == tab}
            for index, item in enumerate(group_item.tabs)
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
            tabs = []
    return {
        "nav_items": nav,
        "nav_tabs": tabs if len(tabs) > 1 else [],
        "nav_tabs_label": tabs_label,
        "optional_label": _("optional"),
    }
