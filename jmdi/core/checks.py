"""Deployment checks (`manage.py check --deploy`) for settings only this platform has."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def contact_address_is_real(app_configs: Any, **kwargs: Any) -> list[Warning]:
    """Every public page's footer and the privacy page give this address to write to."""
    if settings.JMDI_CONTACT_EMAIL.endswith(("example.org", "example.com")):
        return [
            Warning(
                "JMDI_CONTACT_EMAIL is an example address; the footer and the privacy "
                "page give it to everyone who needs to write to the programme.",
                hint="Set JMDI_CONTACT_EMAIL to the programme's real contact address.",
                id="jmdi.W001",
            )
        ]
    return []
