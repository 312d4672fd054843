"""The one way a resource's body reaches a page: sanitised, then marked safe."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from jmdi.resources.html import render

register = template.Library()


@register.filter
def rich_text(value: str) -> SafeString:
    return render(value)
