"""Template filters for money and translated reference data."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils import formats
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from jmdi.core.i18n import FALLBACK_LANGUAGE, active_language

register = template.Library()


@register.filter
def money(value: Decimal | None, currency: str = "") -> SafeString | str:
    """`7401333.33|money:"EUR"` -> "EUR 7,401,333.33" (en) or "7 401 333,33 EUR" (fr)."""
    if value is None:
        return "—"
    number = formats.number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)
    if currency:
        number = f"{currency} {number}" if active_language() == "en" else f"{number} {currency}"
    # <bdi> keeps an amount in one piece inside right-to-left text.
    return format_html("<bdi>{}</bdi>", number)


@register.filter
def number(value: Decimal | int | None, decimals: int = 0) -> str:
    if value is None:
        return "—"
    return formats.number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


@register.simple_tag
def exchange_rate(rate: Decimal, source_currency: str, target_currency: str) -> str:
    """ "1 USD = 0.772 EUR", kept left-to-right inside Arabic text."""
    formatted = formats.number_format(rate, decimal_pos=3, use_l10n=True)
    return format_html("<bdi>1 {} = {} {}</bdi>", source_currency, formatted, target_currency)


@register.filter
def tr(value: dict[str, str] | str | None) -> str:
    """Pick the reader's language from a {"en": ..., "fr": ...} mapping."""
    if isinstance(value, dict):
        return value.get(active_language()) or value.get(FALLBACK_LANGUAGE, "")
    return value or ""


@register.filter
def join_list(items: Any) -> str:
    """Items joined with the reader's list separator (Arabic uses "، ")."""
    separator = pgettext("list separator", ", ")
    return separator.join(str(item) for item in items)


@register.filter
def yesno_label(value: Any) -> str:
    return _("Yes") if value else _("No")
