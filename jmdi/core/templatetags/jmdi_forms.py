"""Wording for forms the platform renders but does not define (django-allauth's).

allauth's labels are title case ("Remember Me", "New Password (again)"), its Arabic is
uneven, and it repeats each label as a placeholder. Its templates say what a field is
called here, through `relabel`, so the label, the hint and the error summary (which
reads the same bound field) all use the platform's own translated words.
"""

from __future__ import annotations

from django import template
from django.forms import BoundField

register = template.Library()


@register.simple_tag
def relabel(
    field: BoundField,
    label: str | None = None,
    hint: str | None = None,
    inputmode: str | None = None,
) -> str:
    """`{% relabel form.login label=email_label hint="" %}`: new label and hint, no placeholder.

    A bound field is made once per form and kept, so the change holds for the rest of the
    page. `hint=""` removes allauth's hint; leaving `hint` out keeps it. `inputmode` picks
    a phone's keyboard ("numeric" for the six-digit codes).
    """
    if label is not None:
        field.label = label
    if hint is not None:
        field.help_text = hint
    attrs = field.field.widget.attrs
    attrs.pop("placeholder", None)
    if inputmode:
        attrs["inputmode"] = inputmode
    return ""
