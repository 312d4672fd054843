"""How a role reads on a page: "Grantee (Commune d'Agadir)", with the scope isolated so
that a Latin name inside Arabic text keeps its parentheses in place."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from jmdi.accounts.models import RoleAssignment

register = template.Library()


@register.filter
def role(assignment: RoleAssignment) -> SafeString:
    scope = assignment.country or assignment.organisation
    if scope is None:
        return format_html("{}", assignment.get_role_display())
    return format_html("{} (<bdi>{}</bdi>)", assignment.get_role_display(), scope)
