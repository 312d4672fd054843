"""Navigation by role: each person sees the links their roles open, nothing more."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _


def navigation(request: HttpRequest) -> dict[str, Any]:
    from jmdi.accounts.permissions import can_manage_roles
    from jmdi.directory.permissions import can_browse_directory
    from jmdi.programmes.permissions import can_view_risks

    user = getattr(request, "user", None)
    code = settings.JMDI_DEFAULT_PROGRAMME
    items: list[tuple[str, str]] = [
        (reverse("core:home"), _("Home")),
        (reverse("programmes:overview", args=[code]), _("Programme")),
        (reverse("programmes:results", args=[code]), _("Results framework")),
        (reverse("programmes:workplan", args=[code]), _("Work plan")),
        (reverse("programmes:budget", args=[code]), _("Budget")),
    ]
    if user is not None and can_view_risks(user):
        items.append((reverse("programmes:risks", args=[code]), _("Risks")))
    if user is not None and can_browse_directory(user):
        items.append((reverse("directory:countries"), _("Countries")))
    if user is not None and can_manage_roles(user):
        items.append((reverse("accounts:people"), _("People and roles")))
    path = request.path
    # The current item is the longest link the path starts with (home only on "/").
    matches = [url for url, _label in items if path == url or (url != "/" and path.startswith(url))]
    current = max(matches, key=len, default=None)
    nav = [{"url": url, "label": label, "current": url == current} for url, label in items]
    return {
        "nav_items": nav,
        "optional_label": _("optional"),
        "perms_risks": user is not None and can_view_risks(user),
    }
