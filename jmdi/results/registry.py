"""Every registered measure, by name: what each installed app declares in
`Plugin(measures=[...])`. A real measure replaces a pending one of the same name (the
results app registers pending measures for the apps still to come); two real measures
with one name are a configuration error."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from jmdi.core import plugins


def is_pending(measure: Any) -> bool:
    return bool(getattr(measure, "pending", False))


def build_registry(measures: Iterable[Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for measure in measures:
        existing = found.get(measure.name)
        if existing is None or (is_pending(existing) and not is_pending(measure)):
            found[measure.name] = measure
        elif is_pending(measure):
            continue
        else:
            raise ImproperlyConfigured(
                f"Two measures are registered as {measure.name!r}; rename one of them."
            )
    return found


def registry() -> dict[str, Any]:
    return build_registry(plugins.measures())


def get_measure(name: str) -> Any | None:
    return registry().get(name)
