"""The M4D Net's own tab bar, built from every app's `net_sections` (jmdi.core.plugins)."""

from __future__ import annotations

from typing import Any

from django import template

from jmdi.core.plugins import net_sections

register = template.Library()


@register.inclusion_tag("community/_net_nav.html", takes_context=True)
def net_nav(context: dict[str, Any]) -> dict[str, Any]:
    request = context["request"]
    user = getattr(request, "user", None)
    entries = [entry for entry in net_sections() if user is not None and entry.visible(user)]
    tabs = [(entry.url(), str(entry.label), tuple(entry.section())) for entry in entries]
    # The current tab owns the longest of its paths the page's path starts with.
    best: tuple[int, int] | None = None
    for index, (url, _label, section) in enumerate(tabs):
        for prefix in (url, *section):
            if request.path.startswith(prefix) and (best is None or len(prefix) > best[0]):
                best = (len(prefix), index)
    return {
        "tabs": [
            {"url": url, "label": label, "current": best is not None and best[1] == index}
            for index, (url, label, _section) in enumerate(tabs)
        ]
    }
