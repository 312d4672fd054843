"""Reference data in every language.

Texts that come from a programme file (output names, criteria, risk descriptions) are
shown in the reader's language, so each is stored as one explicit column per language:
`Translated(models.TextField)` on a model named `name` adds `name_en`, `name_fr`,
`name_es` and `name_ar`, and `obj.name` reads the active language, falling back to
English. Explicit columns keep the data queryable and visible in history and the admin.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import get_language

LANGUAGE_CODES: tuple[str, ...] = tuple(code for code, _name in settings.LANGUAGES)
FALLBACK_LANGUAGE = "en"


def active_language() -> str:
    code = (get_language() or FALLBACK_LANGUAGE).split("-")[0]
    return code if code in LANGUAGE_CODES else FALLBACK_LANGUAGE


class Translated:
    """A bundle of per-language columns read through one attribute."""

    def __init__(
        self,
        field_class: Callable[..., models.Field[Any, Any]] = models.TextField,
        *,
        verbose_name: str = "",
        blank: bool = False,
        **field_kwargs: Any,
    ) -> None:
        self.field_class = field_class
        self.verbose_name = verbose_name
        self.blank = blank
        self.field_kwargs = field_kwargs
        self.name = ""

    def contribute_to_class(self, cls: type[models.Model], name: str) -> None:
        self.name = name
        for code in LANGUAGE_CODES:
            field = self.field_class(
                verbose_name=f"{self.verbose_name or name} [{code}]",
                blank=self.blank or code != FALLBACK_LANGUAGE,
                default="",
                **self.field_kwargs,
            )
            cls.add_to_class(f"{name}_{code}", field)
        setattr(cls, name, self)

    def __get__(self, instance: models.Model | None, owner: type[models.Model]) -> Any:
        if instance is None:
            return self
        value = getattr(instance, f"{self.name}_{active_language()}", "")
        return value or getattr(instance, f"{self.name}_{FALLBACK_LANGUAGE}", "")

    def column_names(self) -> list[str]:
        return [f"{self.name}_{code}" for code in LANGUAGE_CODES]


def translated_values(name: str, values: dict[str, str]) -> dict[str, str]:
    """`{"en": "Output"}` for field `name` -> `{"name_en": "Output", ...}` (all languages)."""
    return {f"{name}_{code}": values.get(code, "") for code in LANGUAGE_CODES}
