"""What the PDF template needs that WeasyPrint does not do itself."""

from __future__ import annotations

import unicodedata

from django import template

register = template.Library()

_ISOLATES = "\u2066\u2067\u2068\u2069"


@register.filter
def written_direction(text: object) -> str:
    """ "ltr" or "rtl" for words a person wrote (a first-strong isolate, see
    `jmdi.core.reports.written`) that begin with letters of that direction, else "". WeasyPrint ignores Unicode isolates and `unicode-bidi:
    plaintext`, so a cell holding a sentence written in another script is given its
    direction as an attribute (its full stop then stays at its end)."""
    text = str(text)
    if not text.startswith("\u2068"):  # only words people wrote (core.reports.written)
        return ""
    for character in text.lstrip(_ISOLATES):
        kind = unicodedata.bidirectional(character)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return ""
