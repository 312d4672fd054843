"""The name a post carries (jmdi.community.selectors.public_name)."""

from __future__ import annotations

from typing import Any

from django import template

from jmdi.community.selectors import public_name

register = template.Library()


@register.filter
def author_name(user: Any) -> str:
    return public_name(user)
